package io.wsnova.engine.transport;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.WebSocketClient;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frames;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inflating allocates nothing per message after warm-up: a loopback server streams over a million compressed
 * ticker-like messages (with and without context takeover) and the test counts the bytes allocated by the threads
 * that read, inflate and handle them. The handler checks each inflated message's sequence number, so a message
 * inflated wrongly fails the test rather than passing quietly.
 */
@Tag("slow")
class DeflateReceiveAllocationTest
{
    private static final int WARM_UP_MESSAGES = 200_000;
    private static final int MEASURED_MESSAGES = 1_000_000;
    private static final int MESSAGES_PER_CHUNK = 1000;
    private static final int MEASURED_WINDOWS = 3;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0}/{1} contextTakeover={2}")
    @CsvSource({
        "SPIN, INLINE, true",
        "SPIN, INLINE, false",
        "POLL, INLINE, true",
        "SPIN, QUEUED, true",
    })
    void shouldAllocateNothingPerCompressedMessageAfterWarmUp(
        final IoMode ioMode, final PipelineMode pipelineMode, final boolean contextTakeover) throws Exception
    {
        final byte[] chunk = compressedChunk(contextTakeover);
        final String extension = "Sec-WebSocket-Extensions: permessage-deflate" +
            (contextTakeover ? "" : "; server_no_context_takeover") + "\r\n";
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade(extension);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() - deadlineNs < 0)
            {
                connection.write(chunk);
            }
        }))
        {
            final CheckingHandler handler = new CheckingHandler();
            final NovaOptions options = NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true)
                .ioMode(ioMode).pipelineMode(pipelineMode).queueCapacity(8192).build();
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/stream"), options, handler);
            assertThat(((WebSocketSession)webSocket).deflateParameters().serverNoContextTakeover)
                .isEqualTo(!contextTakeover);
            final AgentRunner poller = ioMode == IoMode.POLL ? new AgentRunner(new BusySpinIdleStrategy(),
                error -> { }, null, webSocket.pollAgent()) : null;
            final Thread pollThread = poller == null ? null : AgentRunner.startOnThread(poller);
            try
            {
                final Predicate<String> measured = measuredThreads(webSocket, ioMode, pipelineMode, pollThread);
                awaitCount(handler, WARM_UP_MESSAGES);
                for (int round = 0; round < 10; round++)
                {
                    final long before = allocatedBytes(measured);
                    awaitCount(handler, handler.count + WARM_UP_MESSAGES);
                    if (allocatedBytes(measured) == before)
                    {
                        break;
                    }
                }
                final List<String> windows = new ArrayList<>();
                boolean quiet = false;
                for (int window = 0; window < MEASURED_WINDOWS && !quiet; window++)
                {
                    final long before = allocatedBytes(measured);
                    final long countBefore = handler.count;
                    awaitCount(handler, countBefore + MEASURED_MESSAGES);
                    final long allocated = allocatedBytes(measured) - before;
                    windows.add(allocated + " B over " + (handler.count - countBefore) + " messages");
                    quiet = allocated == 0;
                }
                System.out.printf("deflate %s/%s contextTakeover=%s: %s%n", ioMode, pipelineMode, contextTakeover,
                    windows);
                assertThat(handler.mismatches).as("inflated messages out of sequence").isZero();
                assertThat(webSocket.state()).isEqualTo(WebSocket.State.OPEN);
                assertThat(quiet).as("a million-message window with 0 B: %s", windows).isTrue();
            }
            finally
            {
                webSocket.close();
                webSocket.closeFuture().get(10, TimeUnit.SECONDS);
                if (poller != null)
                {
                    poller.close();
                }
            }
        }
    }

    private static void awaitCount(final CheckingHandler handler, final long count) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (handler.count < count)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("only " + handler.count + " of " + count + " messages within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private Predicate<String> measuredThreads(
        final WebSocket webSocket, final IoMode ioMode, final PipelineMode pipelineMode, final Thread pollThread)
    {
        final String reader = "wsnova-reader-" + webSocket.id();
        final String handler = "wsnova-handler-" + webSocket.id();
        final String poller = pollThread == null ? null : pollThread.getName();
        return name ->
            (pipelineMode == PipelineMode.QUEUED && name.equals(handler)) ||
            (ioMode == IoMode.SPIN && name.equals(reader)) ||
            (ioMode == IoMode.POLL && name.equals(poller));
    }

    private long allocatedBytes(final Predicate<String> measured)
    {
        long total = 0;
        int found = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (measured.test(thread.getName()) && !thread.isVirtual())
            {
                total += threads.getThreadAllocatedBytes(thread.threadId());
                found++;
            }
        }
        assertThat(found).as("measured threads found").isPositive();
        return total;
    }

    /**
     * A chunk of compressed messages whose sequence numbers run 0 to 999: with context takeover one Deflater
     * compresses the whole chunk (the first message references nothing before it, so the chunk can repeat on the
     * wire); without, the deflater is reset after each message.
     */
    static byte[] compressedChunk(final boolean contextTakeover)
    {
        final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        final ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        final byte[] out = new byte[4096];
        for (int i = 0; i < MESSAGES_PER_CHUNK; i++)
        {
            final byte[] payload = String.format("{\"seq\":%06d,\"instrument_name\":\"BTC-PERPETUAL\"," +
                "\"best_bid_price\":%d.5,\"best_ask_price\":%d.0,\"mark_price\":36442.71,\"open_interest\":%d}",
                i, 36000 + i % 97, 36001 + i % 89, 100_000 + i * 7).getBytes(StandardCharsets.US_ASCII);
            deflater.setInput(payload);
            final int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            final byte[] compressed = java.util.Arrays.copyOf(out, n - 4);
            chunk.writeBytes(Frames.frame(0xC1, compressed));
            if (!contextTakeover)
            {
                deflater.reset();
            }
        }
        deflater.end();
        return chunk.toByteArray();
    }

    /**
     * Counts messages and checks each one's sequence number; written by one thread, read by the test.
     */
    static final class CheckingHandler implements WebSocketHandler
    {
        volatile long count;
        long mismatches;

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            final int seq = buffer.parseNaturalIntAscii(offset + 7, 6);
            if (seq != count % MESSAGES_PER_CHUNK || buffer.getByte(offset + length - 1) != '}')
            {
                mismatches++;
            }
            count++;
        }
    }
}
