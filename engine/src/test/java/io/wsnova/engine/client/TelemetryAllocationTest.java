package io.wsnova.engine.client;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.jsonrpc.ChannelHandler;
import io.wsnova.engine.jsonrpc.JsonRpcMessageHandler;
import io.wsnova.engine.telemetry.Counter;
import io.wsnova.engine.telemetry.Stage;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.engine.telemetry.Window;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.wsnova.testkit.Scripts;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Allocation;
import io.wsnova.testkit.Frames;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message path allocates nothing with all telemetry on: every message stage-timed (three clock reads, five
 * histogram records), the venue timestamp reported by the handler, counters in the memory-mapped counters file,
 * sequence gaps reported, and the reporter swapping histograms every interval meanwhile. Counted per thread over
 * a million messages after a warm-up that lasts until a whole round allocates nothing.
 */
@Tag("slow")
@Timeout(600)
class TelemetryAllocationTest
{
    private static final int WARM_UP_MESSAGES = 200_000;
    private static final int MEASURED_MESSAGES = 1_000_000;
    private static final long WAIT_MS = 60_000;
    private static final int FRAMES_PER_CHUNK = 1000;
    private static final byte[] SEQ = "seq".getBytes(StandardCharsets.US_ASCII);
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
     * Reads seq and the venue timestamp, reports the timestamp, and a gap every 1000 messages. Written by the
     * message thread only.
     */
    static final class Ticker implements ChannelHandler
    {
        volatile long count;
        long seq;
        long timestampMs;

        @Override
        public boolean decode(final JsonParser parser, final byte[] channel, final int offset, final int length)
        {
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(SEQ))
                {
                    parser.nextToken();
                    seq = parser.readLong();
                }
                else if (parser.nameEquals(TIMESTAMP))
                {
                    parser.nextToken();
                    timestampMs = parser.readLong();
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
            context.recordVenueTimestampMs(timestampMs);
            if (seq == 0)
            {
                context.recordSequenceGap();
            }
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
                return new JsonRpcMessageHandler().route("ticker.", ticker);
            }
        };
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("modes")
    void shouldAllocateNothingWithEveryMessageTimedAndCountersInTheFile(
        final IoMode ioMode, final PipelineMode pipelineMode, @TempDir final Path directory) throws Exception
    {
        final byte[] chunk = framesChunk();
        try (TestServer server = new TestServer(Scripts.flood(chunk, 300_000)))
        {
            final Ticker ticker = new Ticker();
            final Connection connection = Nova.connectBlocking(adapter(ticker), NovaOptions.builder()
                .url(server.url("/ws")).ioMode(ioMode).pipelineMode(pipelineMode)
                .set(Option.QUEUE_CAPACITY, 8192).set(Option.STAGE_TIMING_SAMPLE, 1)
                .set(Option.COUNTERS_FILE, true).set(Option.COUNTERS_DIR, directory.toString()).build());
            final WebSocket webSocket = ((ClientConnection)connection).webSocket();
            final AgentRunner poller = ioMode == IoMode.POLL ? new AgentRunner(new BusySpinIdleStrategy(),
                Throwable::printStackTrace, null, webSocket.pollAgent()) : null;
            final Thread pollThread = poller == null ? null : AgentRunner.startOnThread(poller);
            try
            {
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
                final Telemetry telemetry = Telemetry.global();
                telemetry.refresh();
                System.out.printf("telemetry on, %s/%s: %s; total %s%n", ioMode, pipelineMode, windows,
                    telemetry.latency(connection.id(), Stage.TOTAL, Window.CUMULATIVE));
                assertThat(telemetry.latency(connection.id(), Stage.TOTAL, Window.CUMULATIVE).count())
                    .isGreaterThanOrEqualTo(MEASURED_MESSAGES);
                assertThat(telemetry.latency(connection.id(), Stage.VENUE, Window.CUMULATIVE).count())
                    .isGreaterThanOrEqualTo(MEASURED_MESSAGES);
                assertThat(telemetry.counter(connection.id(), Counter.SEQUENCE_GAPS)).isPositive();
                assertThat(telemetry.countersFile()).isEqualTo(directory.resolve("counters.dat"));
                assertThat(quiet).as("a million-message window with 0 B on the message threads: %s", windows)
                    .isTrue();
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
        final long timestampMs = System.currentTimeMillis();
        for (int i = 0; i < FRAMES_PER_CHUNK; i++)
        {
            final String channel = i % 2 == 0 ? "ticker.BTC-PERPETUAL.100ms" : "ticker.ETH-PERPETUAL.100ms";
            final byte[] payload = ("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"" +
                channel + "\",\"data\":{\"seq\":" + i + ",\"price\":3644" + (i % 10) + ".75,\"timestamp\":" +
                timestampMs + "}}}").getBytes(StandardCharsets.US_ASCII);
            chunk.writeBytes(Frames.frame(0x81, payload));
        }
        return chunk.toByteArray();
    }
}
