package io.wsnova.engine.client;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.behaviour.DefaultMetricsCollector;
import io.wsnova.engine.behaviour.FailurePolicy;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.engine.behaviour.TokenBucketRateLimiter;
import io.wsnova.engine.jsonrpc.ChannelHandler;
import io.wsnova.engine.jsonrpc.JsonRpcMessageHandler;
import io.wsnova.engine.telemetry.Counter;
import io.wsnova.engine.telemetry.CountersFile;
import io.wsnova.engine.telemetry.CountersFileReader;
import io.wsnova.engine.telemetry.LatencyStats;
import io.wsnova.engine.telemetry.Stage;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.engine.telemetry.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.Await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Telemetry over real connections: events with their measurements, stage latencies with consistent values, and
 * counters another reader sees through the counters file.
 */
@Timeout(60)
class TelemetryTest
{
    private static final long WAIT_MS = 10_000;
    private static final long HANDLE_SPIN_NS = 50_000;
    private static final long VENUE_LAG_MS = 20;
    private static final byte[] TIMESTAMP = "timestamp".getBytes(StandardCharsets.US_ASCII);

    /**
     * Records every event with its measurements (test-only: allocates).
     */
    static final class Recording extends DefaultMetricsCollector
    {
        final Queue<String> events = new ConcurrentLinkedQueue<>();
        final AtomicLong openDurationNs = new AtomicLong();
        final AtomicLong downtimeNs = new AtomicLong();

        @Override
        public void onConnectionOpened(final long connectionId, final long connectDurationNs)
        {
            super.onConnectionOpened(connectionId, connectDurationNs);
            openDurationNs.set(connectDurationNs);
            events.add("opened");
        }

        @Override
        public void onConnectionClosed(final long connectionId, final DisconnectReason reason, final int closeCode)
        {
            super.onConnectionClosed(connectionId, reason, closeCode);
            events.add("closed " + reason + " " + closeCode);
        }

        @Override
        public void onReconnected(final long connectionId, final int attempt, final long downtimeNs)
        {
            super.onReconnected(connectionId, attempt, downtimeNs);
            this.downtimeNs.set(downtimeNs);
            events.add("reconnected attempt " + attempt);
        }

        @Override
        public void onSubscriptionEvent(final long connectionId, final SubscriptionEvent event, final String channel)
        {
            super.onSubscriptionEvent(connectionId, event, channel);
            events.add("subscription " + event + " " + channel);
        }

        @Override
        public void onRateLimitEvent(final long connectionId, final RateLimitEvent event, final Operation operation)
        {
            super.onRateLimitEvent(connectionId, event, operation);
            events.add("rate-limit " + event + " " + operation);
        }

        @Override
        public void onError(final long connectionId, final FailurePolicy.Category category)
        {
            super.onError(connectionId, category);
            events.add("error " + category);
        }

        List<String> matching(final String prefix)
        {
            return events.stream().filter(event -> event.startsWith(prefix)).toList();
        }
    }

    /**
     * Ticker notifications: reports the venue timestamp, then spins a fixed time (the handler stage).
     */
    static final class Ticker implements ChannelHandler
    {
        volatile long count;
        private long timestampMs;

        @Override
        public boolean decode(final JsonParser parser, final byte[] channel, final int offset, final int length)
        {
            timestampMs = 0;
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(TIMESTAMP))
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
            final long untilNs = System.nanoTime() + HANDLE_SPIN_NS;
            while (System.nanoTime() - untilNs < 0)
            {
                Thread.onSpinWait();
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

    private static String ticker(final long seq)
    {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.X\",\"data\":" +
            "{\"seq\":" + seq + ",\"timestamp\":" + (System.currentTimeMillis() - VENUE_LAG_MS) + "}}}";
    }

    @Test
    void shouldReportTheOpenDurationAndCountMessagesWithTheirSizes() throws Exception
    {
        final Recording metrics = new Recording();
        try (TestServer server = TestServer.rpc(JsonRpc::standard);
            Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).metricsCollector(metrics).build()))
        {
            final long openedNs = metrics.openDurationNs.get();
            connection.request("ping", Map.of()).get(WAIT_MS, TimeUnit.MILLISECONDS);
            server.awaitLive(1);
            server.push("{\"x\":1}");
            Await.until(() -> metrics.messagesReceived() == 2, WAIT_MS, "response and push counted");

            assertThat(metrics.matching("opened")).hasSize(1);
            assertThat(openedNs).isPositive().isLessThan(TimeUnit.MILLISECONDS.toNanos(WAIT_MS));
            assertThat(metrics.messagesSent()).isEqualTo(1);
            final String response = JsonRpc.standard(server.requests().get(0));
            assertThat(metrics.bytesReceived()).isEqualTo(response.length() + "{\"x\":1}".length());
            final Telemetry telemetry = Telemetry.global();
            assertThat(telemetry.counter(connection.id(), Counter.MESSAGES_RECEIVED)).isEqualTo(2);
            assertThat(telemetry.counter(connection.id(), Counter.BYTES_RECEIVED)).isEqualTo(metrics.bytesReceived());
            assertThat(telemetry.counter(connection.id(), Counter.MESSAGES_SENT)).isEqualTo(1);
            assertThat(telemetry.counter(connection.id(), Counter.BYTES_SENT)).isEqualTo(metrics.bytesSent());
            telemetry.refresh();
            assertThat(telemetry.counter(connection.id(), Counter.FRAMES_RECEIVED)).isEqualTo(2);
            assertThat(telemetry.counter(connection.id(), Counter.SOCKET_BYTES_RECEIVED))
                .isGreaterThan(metrics.bytesReceived());
        }
    }

    @Test
    void shouldReportTheCloseTheReconnectAttemptDowntimeAndRestoredSubscriptionsAfterAServerDrop()
        throws Exception
    {
        final Recording metrics = new Recording();
        final EventLog log = new EventLog();
        try (TestServer server = TestServer.rpc(JsonRpc::standard);
            Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).metricsCollector(metrics).connectionHandler(EventLog.registrar(log))
                .set(Option.RECONNECT_BASE_DELAY_MS, 50L).build()))
        {
            connection.subscribe("ticker.A", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.subscribe("book.B", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(metrics.matching("subscription")).as("first confirmations are not restores").isEmpty();

            server.closeAll(1012, "restart");
            Await.until(() -> !metrics.matching("reconnected").isEmpty(), WAIT_MS, "reconnected");

            assertThat(metrics.matching("closed")).containsExactly("closed REMOTE_CLOSE 1012");
            assertThat(metrics.matching("reconnected")).containsExactly("reconnected attempt 1");
            assertThat(metrics.downtimeNs.get()).isPositive().isLessThan(TimeUnit.MILLISECONDS.toNanos(WAIT_MS));
            assertThat(metrics.matching("subscription"))
                .containsExactlyInAnyOrder("subscription RESTORED ticker.A", "subscription RESTORED book.B");
            assertThat(metrics.connectionEvents(MetricsCollector.ConnectionEvent.RECONNECTED)).isEqualTo(1);
            final Telemetry telemetry = Telemetry.global();
            assertThat(telemetry.counter(connection.id(), Counter.RECONNECTS)).isEqualTo(1);
            assertThat(telemetry.counter(connection.id(), Counter.SUBSCRIPTIONS_RESTORED)).isEqualTo(2);
        }
    }

    @Test
    void shouldReportQueuedAndRejectedRequestsWithTheirOperation() throws Exception
    {
        final Recording metrics = new Recording();
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final TokenBucketRateLimiter queueing = TokenBucketRateLimiter.builder().capacity(2).refillAmount(2)
                .refillIntervalNs(TimeUnit.MILLISECONDS.toNanos(50)).whenShort(RateLimitHandler.QUEUE).build();
            try (Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).metricsCollector(metrics).rateLimitHandler(queueing).build()))
            {
                final List<CompletableFuture<?>> futures = new ArrayList<>();
                for (int i = 0; i < 6; i++)
                {
                    futures.add(connection.request("q" + i, null, Operation.QUERY));
                }
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .get(WAIT_MS, TimeUnit.MILLISECONDS);

                assertThat(metrics.matching("rate-limit QUEUED")).hasSize(4).containsOnly("rate-limit QUEUED QUERY");
                assertThat(Telemetry.global().counter(connection.id(), Counter.RATE_LIMIT_QUEUED)).isEqualTo(4);
            }

            final TokenBucketRateLimiter rejecting = TokenBucketRateLimiter.builder().capacity(1).refillAmount(1)
                .refillIntervalNs(TimeUnit.SECONDS.toNanos(60)).whenShort(RateLimitHandler.REJECT).build();
            try (Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
                .url(server.url()).metricsCollector(metrics).rateLimitHandler(rejecting).build()))
            {
                connection.request("paid", null, Operation.ORDER).get(WAIT_MS, TimeUnit.MILLISECONDS);
                assertThat(connection.request("refused", null, Operation.ORDER)).isCompletedExceptionally();

                assertThat(metrics.matching("rate-limit REJECTED")).containsExactly("rate-limit REJECTED ORDER");
                assertThat(Telemetry.global().counter(connection.id(), Counter.RATE_LIMIT_REJECTED)).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void shouldRecordEveryStageOfEveryMessageWithTheTotalTheSumOfTheStages(final PipelineMode pipelineMode)
        throws Exception
    {
        final Ticker ticker = new Ticker();
        final int messages = 200;
        try (TestServer server = TestServer.rpc(JsonRpc::standard);
            Connection connection = Nova.connectBlocking(adapter(ticker), NovaOptions.builder()
                .url(server.url()).pipelineMode(pipelineMode).set(Option.STAGE_TIMING_SAMPLE, 1).build()))
        {
            server.awaitLive(1);
            for (int i = 0; i < messages; i++)
            {
                server.push(ticker(i));
            }
            Await.until(() -> ticker.count == messages, WAIT_MS, "every ticker handled");
            final Telemetry telemetry = Telemetry.global();
            telemetry.refresh();

            final LatencyStats frame = telemetry.latency(connection.id(), Stage.FRAME, Window.CUMULATIVE);
            final LatencyStats decode = telemetry.latency(connection.id(), Stage.DECODE, Window.CUMULATIVE);
            final LatencyStats handle = telemetry.latency(connection.id(), Stage.HANDLE, Window.CUMULATIVE);
            final LatencyStats total = telemetry.latency(connection.id(), Stage.TOTAL, Window.CUMULATIVE);
            final LatencyStats venue = telemetry.latency(connection.id(), Stage.VENUE, Window.CUMULATIVE);
            System.out.printf("%s%n frame  %s%n decode %s%n handle %s%n total  %s%n venue  %s%n", pipelineMode,
                frame, decode, handle, total, venue);

            for (final LatencyStats stage : List.of(frame, decode, handle, total, venue))
            {
                assertThat(stage.count()).isEqualTo(messages);
                assertThat(stage.minNs()).isLessThanOrEqualTo(stage.p50Ns());
                assertThat(stage.p50Ns()).isLessThanOrEqualTo(stage.p99Ns());
                assertThat(stage.p99Ns()).isLessThanOrEqualTo(stage.p999Ns());
                assertThat(stage.p999Ns()).isLessThanOrEqualTo(stage.maxNs());
            }
            assertThat(handle.minNs()).as("the handler spins 50 us").isGreaterThanOrEqualTo(HANDLE_SPIN_NS * 99 / 100);
            assertThat(decode.p50Ns()).as("decoding a small ticker takes less than the handler")
                .isLessThan(handle.p50Ns());
            for (final LatencyStats part : List.of(frame, decode, handle))
            {
                // total >= each part message by message, so at every percentile
                assertThat(total.p50Ns()).isGreaterThanOrEqualTo(part.p50Ns());
                assertThat(total.p99Ns()).isGreaterThanOrEqualTo(part.p99Ns());
                assertThat(total.maxNs()).isGreaterThanOrEqualTo(part.maxNs());
            }
            assertThat(total.meanNs()).as("total = frame + decode + handle, within the histograms' precision")
                .isCloseTo(frame.meanNs() + decode.meanNs() + handle.meanNs(), within(total.meanNs() * 0.01));
            assertThat(venue.minNs()).as("the venue stamps %d ms before sending", VENUE_LAG_MS)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(VENUE_LAG_MS) * 99 / 100);
            assertThat(venue.p50Ns()).isLessThan(TimeUnit.SECONDS.toNanos(5));
            assertThat(telemetry.latency(connection.id(), Stage.TOTAL, Window.INTERVAL).count())
                .isLessThanOrEqualTo(messages);
            assertThat(telemetry.totalLatency(Stage.TOTAL, Window.CUMULATIVE).count())
                .isGreaterThanOrEqualTo(messages);
            assertThat(telemetry.counter(connection.id(), Counter.LATENCY_CLAMPED)).isZero();
        }
    }

    @Test
    void shouldTimeOneMessageInTheSampleIntervalAndNothingWhenOff() throws Exception
    {
        final Ticker sampled = new Ticker();
        final Ticker off = new Ticker();
        try (TestServer server = TestServer.rpc(JsonRpc::standard);
            Connection everyFourth = Nova.connectBlocking(adapter(sampled), NovaOptions.builder()
                .url(server.url()).set(Option.STAGE_TIMING_SAMPLE, 4).build());
            Connection untimed = Nova.connectBlocking(adapter(off), NovaOptions.builder()
                .url(server.url()).set(Option.STAGE_TIMING_SAMPLE, 0).build()))
        {
            server.awaitLive(2);
            for (int i = 0; i < 40; i++)
            {
                server.push(ticker(i));
            }
            Await.until(() -> sampled.count == 40 && off.count == 40, WAIT_MS, "every ticker handled on both");
            final Telemetry telemetry = Telemetry.global();
            telemetry.refresh();

            assertThat(telemetry.latency(everyFourth.id(), Stage.TOTAL, Window.CUMULATIVE).count()).isEqualTo(10);
            assertThat(telemetry.latency(everyFourth.id(), Stage.VENUE, Window.CUMULATIVE).count()).isEqualTo(10);
            assertThat(telemetry.latency(untimed.id(), Stage.TOTAL, Window.CUMULATIVE).count()).isZero();
            assertThat(telemetry.counter(untimed.id(), Counter.MESSAGES_RECEIVED)).isEqualTo(40);
        }
    }

    @Test
    void shouldLetAnotherReaderSeeTheCountersGrowThroughTheFileAndDeleteItOnClose(@TempDir final Path directory)
        throws Exception
    {
        final Ticker ticker = new Ticker();
        final Path file = directory.resolve(CountersFile.FILE_NAME);
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final Connection connection = Nova.connectBlocking(adapter(ticker), NovaOptions.builder()
                .url(server.url()).set(Option.COUNTERS_FILE, true).set(Option.COUNTERS_DIR, directory.toString())
                .build());
            try (CountersFileReader reader = CountersFileReader.open(CountersFileReader.locate(directory.toString())))
            {
                assertThat(Telemetry.global().countersFile()).isEqualTo(file);
                assertThat(reader.pid()).isEqualTo(ProcessHandle.current().pid());
                final int messagesId = counterId(reader, connection.id(), Counter.MESSAGES_RECEIVED);
                final int totalId = counterId(reader, 0, Counter.MESSAGES_RECEIVED);
                assertThat(reader.value(messagesId)).isZero();

                server.awaitLive(1);
                long seen = 0;
                for (int round = 1; round <= 3; round++)
                {
                    for (int i = 0; i < 10; i++)
                    {
                        server.push(ticker(i));
                    }
                    final long expected = 10L * round;
                    Await.until(() -> reader.value(messagesId) == expected, WAIT_MS, "the reader sees " + expected);
                    assertThat(reader.value(messagesId)).isGreaterThan(seen);
                    seen = reader.value(messagesId);
                }
                Await.until(() -> reader.value(totalId) >= 30, WAIT_MS,
                    "the reporter adds the connection into the total");
                server.forEachLive(peer -> peer.sendPing(new byte[0]));
                final int pingsId = counterId(reader, connection.id(), Counter.PINGS_RECEIVED);
                Await.until(() -> reader.value(pingsId) == 1, WAIT_MS,
                    "the reporter copies the transport's ping count");
                final int framesId = counterId(reader, connection.id(), Counter.FRAMES_RECEIVED);
                Await.until(() -> reader.value(framesId) == 31, WAIT_MS, "30 data frames and the ping");
            }
            finally
            {
                connection.close();
                connection.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
            Await.until(() -> !Files.exists(file), WAIT_MS, "the file is deleted when its last connection closes");
            assertThat(Telemetry.global().countersFile()).isNull();
        }
    }

    @Test
    void shouldKeepCountingInMemoryAndSayWhyWhenTheCountersFileCannotBeCreated(@TempDir final Path directory)
        throws Exception
    {
        final Path notADirectory = Files.writeString(directory.resolve("plain-file"), "x");
        final Ticker ticker = new Ticker();
        try (TestServer server = TestServer.rpc(JsonRpc::standard);
            Connection connection = Nova.connectBlocking(adapter(ticker), NovaOptions.builder()
                .url(server.url()).set(Option.COUNTERS_FILE, true).set(Option.COUNTERS_DIR, notADirectory.toString())
                .build()))
        {
            server.awaitLive(1);
            server.push(ticker(1));
            Await.until(() -> ticker.count == 1, WAIT_MS, "the ticker handled");

            assertThat(Telemetry.global().countersFile()).isNull();
            assertThat(Telemetry.global().countersFileError()).contains(notADirectory.toString());
            assertThat(Telemetry.global().counter(connection.id(), Counter.MESSAGES_RECEIVED)).isEqualTo(1);
        }
    }

    private static int counterId(final CountersFileReader reader, final long connectionId, final Counter counter)
    {
        final int[] found = {-1};
        reader.forEach((id, type, owner, label, value) ->
        {
            if (type == counter && owner == connectionId)
            {
                found[0] = id;
            }
        });
        assertThat(found[0]).as("%s of connection %d in the file", counter, connectionId).isNotNegative();
        return found[0];
    }
}
