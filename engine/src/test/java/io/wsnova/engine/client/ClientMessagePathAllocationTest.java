package io.wsnova.engine.client;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.jsonrpc.ChannelHandler;
import io.wsnova.engine.jsonrpc.JsonRpcMessageHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.wsnova.testkit.Scripts;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Allocation;
import io.wsnova.testkit.Frames;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole client message path allocates nothing in steady state: frames of JSON-RPC subscription notifications
 * through {@code Nova}'s connection, the JSON-RPC base handler, channel routing, and a user {@link ChannelHandler}
 * that reads longs and decimals into reused objects. Counted per thread over a million messages after a warm-up
 * that lasts until a whole round allocates nothing.
 */
@Tag("slow")
@Timeout(600)
class ClientMessagePathAllocationTest
{
    private static final int WARM_UP_MESSAGES = 200_000;
    private static final int MEASURED_MESSAGES = 1_000_000;
    private static final long WAIT_MS = 60_000;
    private static final int FRAMES_PER_CHUNK = 1000;
    private static final byte[] SEQ = "seq".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRICE = "price".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP = "timestamp".getBytes(StandardCharsets.US_ASCII);

    static Stream<Arguments> modes()
    {
        return Stream.of(
            Arguments.of(IoMode.SPIN, PipelineMode.INLINE),
            Arguments.of(IoMode.SPIN, PipelineMode.QUEUED),
            Arguments.of(IoMode.POLL, PipelineMode.INLINE),
            Arguments.of(IoMode.POLL, PipelineMode.QUEUED));
    }

    /**
     * A user channel handler: reads a few fields into reused state; written by the message thread only.
     */
    static final class Ticker implements ChannelHandler
    {
        private final Decimal price = new Decimal();
        volatile long count;
        long lastSeq;
        long checksum;
        long timestamp;

        @Override
        public boolean decode(final JsonParser parser, final byte[] channel, final int offset, final int length)
        {
            if (parser.token() != JsonParser.START_OBJECT)
            {
                return false;
            }
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(SEQ))
                {
                    parser.nextToken();
                    lastSeq = parser.readLong();
                }
                else if (parser.nameEquals(PRICE))
                {
                    parser.nextToken();
                    parser.readDecimal(price);
                }
                else if (parser.nameEquals(TIMESTAMP))
                {
                    parser.nextToken();
                    timestamp = parser.readLong();
                }
                else
                {
                    parser.skipValue();
                }
            }
            return !parser.hasError();
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            checksum += price.mantissa() + lastSeq + (timestamp & 0xFF);
            count++;
        }
    }

    private static Adapter adapter(final Ticker ticker)
    {
        return new Adapter()
        {
            @Override
            public NovaOptions defaultOptions()
            {
                return NovaOptions.builder().secure(false).keepalive(0, 0).build();
            }

            @Override
            public MessageHandler messageHandler()
            {
                return new JsonRpcMessageHandler().route("book.", new Ticker()).route("ticker.", ticker);
            }
        };
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("modes")
    void shouldAllocateNothingThroughAUserHandlerAfterWarmUp(final IoMode ioMode, final PipelineMode pipelineMode)
        throws Exception
    {
        final byte[] chunk = framesChunk();
        try (TestServer server = new TestServer(Scripts.flood(chunk, 300_000)))
        {
            final Ticker ticker = new Ticker();
            final Connection connection = Nova.connectBlocking(adapter(ticker), NovaOptions.builder()
                .url(server.url("/ws/api/v2")).ioMode(ioMode).pipelineMode(pipelineMode)
                .set(Option.QUEUE_CAPACITY, 8192).build());
            final io.wsnova.engine.api.WebSocket webSocket = ((ClientConnection)connection).webSocket();
            final AgentRunner poller = ioMode == IoMode.POLL ? new AgentRunner(new BusySpinIdleStrategy(),
                Throwable::printStackTrace, null, webSocket.pollAgent()) : null;
            final Thread pollThread = poller == null ? null : AgentRunner.startOnThread(poller);
            try
            {
                // the WebSocket's id, not the Connection's, names the engine threads
                final String reader = "wsnova-reader-" + webSocket.id();
                final String handler = "wsnova-handler-" + webSocket.id();
                final String polling = pollThread == null ? null : pollThread.getName();
                final Predicate<String> measured = name ->
                    (ioMode == IoMode.SPIN && name.equals(reader)) ||
                    (ioMode == IoMode.POLL && name.equals(polling)) ||
                    (pipelineMode == PipelineMode.QUEUED && name.equals(handler));
                final int expectedThreads = pipelineMode == PipelineMode.QUEUED ? 2 : 1;

                Allocation.warmUpUntilQuiet(() -> ticker.count, WARM_UP_MESSAGES, measured, expectedThreads,
                    WAIT_MS);
                final List<Allocation.Window> windows = Allocation.windows(() -> ticker.count, MEASURED_MESSAGES,
                    measured, expectedThreads, 3, WAIT_MS);
                final boolean quiet = windows.get(windows.size() - 1).bytes() == 0;
                assertThat(windows).allSatisfy(window ->
                    assertThat(window.messages()).isGreaterThanOrEqualTo(MEASURED_MESSAGES));
                System.out.printf("client %s/%s: %s%n", ioMode, pipelineMode, windows);
                assertThat(ticker.checksum).isPositive();
                assertThat(connection.faultCounters().malformedMessages().get()).isZero();
                assertThat(quiet).as("a million-message window with 0 B on the reader and handler threads: %s",
                    windows).isTrue();
            }
            finally
            {
                connection.close();
                connection.closeFuture().get(10, TimeUnit.SECONDS);
                if (poller != null)
                {
                    poller.close();
                }
            }
        }
    }

    private static byte[] framesChunk()
    {
        final ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        for (int i = 0; i < FRAMES_PER_CHUNK; i++)
        {
            final String channel = i % 2 == 0 ? "ticker.BTC-PERPETUAL.100ms" : "ticker.ETH-PERPETUAL.100ms";
            final String data = i % 3 == 0 ?
                "\"data\":{\"seq\":" + i + ",\"price\":36442.5,\"stats\":{\"high\":36500.0,\"low\":36000.25}," +
                "\"timestamp\":1550147385946}" :
                "\"data\":{\"timestamp\":1550147385946,\"seq\":" + i + ",\"price\":3644" + (i % 10) + ".75}";
            // every fifth notification has its data before its channel: the handler re-parses the data range
            final String params = i % 5 == 0 ?
                "{" + data + ",\"channel\":\"" + channel + "\"}" :
                "{\"channel\":\"" + channel + "\"," + data + "}";
            final byte[] payload = ("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.US_ASCII);
            chunk.writeBytes(Frames.frame(0x81, payload));
        }
        return chunk.toByteArray();
    }
}
