package io.wsnova.engine.client;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.ConnectionCounters;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.jsonrpc.ChannelHandler;
import io.wsnova.engine.jsonrpc.JsonRpcMessageHandler;
import io.wsnova.engine.telemetry.Stage;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.engine.telemetry.Window;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a timed assertion: what stage timing costs on the message path of a 651-byte Deribit ticker
 * (JSON-RPC routing plus a decode of every field), for stage timing off, every message, one in 4 and one in 16.
 * The configurations run in interleaved rounds on one thread of one JVM, so load from other processes hits them
 * alike; the minimum and 10th percentile of the per-round averages are the comparable numbers. Measure with
 * {@code ./mvnw -o -pl codec,engine -am test -Dtest=StageTimingCostTest -Dwsnova.test.groups.excluded=none
 * -Dwsnova.measure=true -Dsurefire.failIfNoSpecifiedTests=false} (68 M messages, minutes);
 * docs/ARCHITECTURE.md ("Telemetry") records the result. In the suite it runs a small count and keeps only the
 * assertion that every sampled message, and no other, was timed.
 */
@Tag("slow")
@Timeout(600)
class StageTimingCostTest
{
    private static final int[] SAMPLE_INTERVALS = {0, 1, 4, 16};
    private static final int WARMUP_ROUNDS = 40;
    /** Messages per configuration and round: 50,000 when measuring (-Dwsnova.measure=true), 2,000 in the suite. */
    private static final int PER_ROUND = Boolean.getBoolean("wsnova.measure") ? 50_000 : 2_000;
    /** Interleaved rounds: 300 when measuring, 20 in the suite (the exact-count assertion holds for any count). */
    private static final int ROUNDS = Boolean.getBoolean("wsnova.measure") ? 300 : 20;
    private static final String TICKER = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
        "\"channel\":\"ticker.BTC-PERPETUAL.100ms\",\"data\":{" +
        "\"best_ask_amount\":100,\"best_ask_price\":36443,\"best_bid_amount\":5000,\"best_bid_price\":36442.5," +
        "\"current_funding\":0,\"estimated_delivery_price\":36441.64,\"funding_8h\":2.11e-05," +
        "\"index_price\":36441.64,\"instrument_name\":\"BTC-PERPETUAL\",\"interest_value\":1.7362511643080387," +
        "\"last_price\":36457.5,\"mark_price\":36446.51,\"max_price\":36991.72,\"min_price\":35898.37," +
        "\"open_interest\":502097590,\"settlement_price\":36169.49,\"state\":\"open\"," +
        "\"stats\":{\"high\":36824.5,\"low\":35213.5,\"price_change\":0.7229,\"volume\":7871.02139035," +
        "\"volume_usd\":284061480},\"timestamp\":1623060194301}}}";
    private static final byte[] TIMESTAMP = "timestamp".getBytes(StandardCharsets.US_ASCII);

    /**
     * Decodes every number of the ticker (nested stats included) into a reused decimal.
     */
    static final class Ticker implements ChannelHandler
    {
        private final Decimal value = new Decimal();
        long checksum;
        long timestampMs;

        @Override
        public boolean decode(final JsonParser parser, final byte[] channel, final int offset, final int length)
        {
            int depth = 1;
            boolean timestamp = false;
            while (depth > 0)
            {
                final int token = parser.nextToken();
                if (token == JsonParser.FIELD_NAME)
                {
                    timestamp = parser.nameEquals(TIMESTAMP);
                }
                else if (token == JsonParser.NUMBER)
                {
                    if (timestamp)
                    {
                        timestampMs = parser.readLong();
                    }
                    else
                    {
                        parser.readDecimal(value);
                        checksum += value.mantissa();
                    }
                }
                else if (token == JsonParser.START_OBJECT)
                {
                    depth++;
                }
                else if (token == JsonParser.END_OBJECT)
                {
                    depth--;
                }
                else if (parser.hasError())
                {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            context.recordVenueTimestampMs(timestampMs);
        }
    }

    @Test
    void shouldMeasureTheCostOfStageTimingOnTheTickerPath()
    {
        final MessagePath[] paths = new MessagePath[SAMPLE_INTERVALS.length];
        final ClientConnection[] connections = new ClientConnection[SAMPLE_INTERVALS.length];
        for (int i = 0; i < paths.length; i++)
        {
            final Ticker ticker = new Ticker();
            final Adapter adapter = new Adapter()
            {
                @Override
                public MessageHandler messageHandler()
                {
                    return new JsonRpcMessageHandler().route("ticker.", ticker);
                }
            };
            connections[i] = TestConnections.create(adapter, NovaOptions.builder().host("127.0.0.1").secure(false)
                .set(Option.STAGE_TIMING_SAMPLE, SAMPLE_INTERVALS[i]).build());
            paths[i] = connections[i].messagePath();
        }
        final byte[] bytes = TICKER.getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length + 64));
        buffer.putBytes(16, bytes);
        final WebSocket webSocket = new Stub();

        for (int round = 0; round < WARMUP_ROUNDS; round++)
        {
            for (final MessagePath path : paths)
            {
                deliver(path, webSocket, buffer, bytes.length);
            }
        }
        final double[][] nsPerMessage = new double[paths.length][ROUNDS];
        for (int round = 0; round < ROUNDS; round++)
        {
            for (int k = 0; k < paths.length; k++)
            {
                final int i = (k + round) % paths.length;
                final long startNs = System.nanoTime();
                deliver(paths[i], webSocket, buffer, bytes.length);
                nsPerMessage[i][round] = (System.nanoTime() - startNs) / (double)PER_ROUND;
            }
        }

        final double[] baseline = sorted(nsPerMessage[0]);
        for (int i = 0; i < paths.length; i++)
        {
            final double[] sorted = sorted(nsPerMessage[i]);
            System.out.printf("stage timing %-14s min %7.1f  p10 %7.1f  median %7.1f ns/message  (%+.1f%% at p10)%n",
                SAMPLE_INTERVALS[i] == 0 ? "off" : "1 in " + SAMPLE_INTERVALS[i], sorted[0], sorted[ROUNDS / 10],
                sorted[ROUNDS / 2], 100.0 * (sorted[ROUNDS / 10] - baseline[ROUNDS / 10]) / baseline[ROUNDS / 10]);
        }
        final Telemetry telemetry = Telemetry.global();
        telemetry.refresh();
        final long messages = (long)(WARMUP_ROUNDS + ROUNDS) * PER_ROUND;
        for (int i = 0; i < paths.length; i++)
        {
            final long timed = telemetry.latency(connections[i].id(), Stage.TOTAL, Window.CUMULATIVE).count();
            assertThat(timed).isEqualTo(SAMPLE_INTERVALS[i] == 0 ? 0 : messages / SAMPLE_INTERVALS[i]);
            connections[i].close();
        }
    }

    private static void deliver(final MessagePath path, final WebSocket webSocket, final DirectBuffer buffer,
        final int length)
    {
        for (int m = 0; m < PER_ROUND; m++)
        {
            path.onMessage(webSocket, WebSocketHandler.TEXT, buffer, 16, length);
        }
    }

    private static double[] sorted(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /**
     * Just enough of a WebSocket for the message path: a fixed read stamp.
     */
    static final class Stub implements WebSocket
    {
        private final long readNs = System.nanoTime();

        @Override
        public long id()
        {
            return 0;
        }

        @Override
        public WsUrl url()
        {
            return null;
        }

        @Override
        public String subprotocol()
        {
            return null;
        }

        @Override
        public State state()
        {
            return State.OPEN;
        }

        @Override
        public int sendText(final CharSequence text)
        {
            return NOT_CONNECTED;
        }

        @Override
        public int sendText(final DirectBuffer buffer, final int offset, final int length)
        {
            return NOT_CONNECTED;
        }

        @Override
        public int sendBinary(final DirectBuffer buffer, final int offset, final int length)
        {
            return NOT_CONNECTED;
        }

        @Override
        public int send(final int type, final PayloadWriter writer)
        {
            return NOT_CONNECTED;
        }

        @Override
        public int sendPing(final DirectBuffer buffer, final int offset, final int length)
        {
            return NOT_CONNECTED;
        }

        @Override
        public long ping()
        {
            return NOT_CONNECTED;
        }

        @Override
        public void close(final int code, final String reason)
        {
        }

        @Override
        public void close()
        {
        }

        @Override
        public CompletableFuture<CloseStatus> closeFuture()
        {
            return new CompletableFuture<>();
        }

        @Override
        public Agent pollAgent()
        {
            return null;
        }

        @Override
        public long lastReadNs()
        {
            return readNs;
        }

        @Override
        public ConnectionCounters counters()
        {
            return new ConnectionCounters();
        }
    }
}
