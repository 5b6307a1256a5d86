package io.wsnova.engine.client;

import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.behaviour.MetricsCollector;
import io.wsnova.engine.behaviour.RateLimitHandler;
import io.wsnova.testkit.FakeClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The heartbeat's timing rules on a fake clock and a hand-driven timer: a send every interval, a dead connection
 * exactly at the deadline of the oldest unanswered send (never a nanosecond before), answers consumed and counted,
 * a stopped heartbeat inert, a restart on a new socket fresh. Runs in milliseconds.
 */
class AppHeartbeatRunnerTest
{
    private static final long INTERVAL_MS = 20_000;
    private static final long DEADLINE_MS = 10_000;

    private final FakeClock time = new FakeClock();
    private final List<String> sentTexts = new ArrayList<>();
    private final AtomicInteger charged = new AtomicInteger();
    private final InboundMessage message = new InboundMessage();
    private final UnsafeBuffer inbound = new UnsafeBuffer(new byte[64 * 1024]);

    private AppHeartbeatRunner runner(final AppHeartbeat spec)
    {
        final RateLimitHandler limiter = new RateLimitHandler()
        {
            @Override
            public int check(final Operation operation, final long nowNs)
            {
                return ALLOW;
            }

            @Override
            public void charge(final Operation operation, final long nowNs)
            {
                charged.incrementAndGet();
            }

            @Override
            public void tick(final long nowNs)
            {
            }

            @Override
            public int cost(final Operation operation)
            {
                return 1;
            }
        };
        final LoggingHandler quiet = new LoggingHandler()
        {
            @Override
            public Level level()
            {
                return Level.ERROR;
            }

            @Override
            public void log(final Level level, final String event, final Map<String, ?> fields)
            {
            }
        };
        return new AppHeartbeatRunner(spec, Times.engineTime(time), Runnable::run, limiter, quiet,
            new MetricsCollector()
            {
            }, 7);
    }

    private static AppHeartbeat bybit()
    {
        return AppHeartbeat.builder().intervalMs(INTERVAL_MS).deadlineMs(DEADLINE_MS).text("{\"op\":\"ping\"}")
            .answer(AppHeartbeat.jsonString("op", "pong").or(AppHeartbeat.jsonString("ret_msg", "pong"))).build();
    }

    @Test
    void shouldSendEveryIntervalAndStayAliveWhileAnswered()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(bybit());
        runner.start(socket.proxy);

        time.advanceMillis(INTERVAL_MS - 1);
        assertThat(sentTexts).isEmpty();
        time.advanceMillis(1);
        assertThat(sentTexts).containsExactly("{\"op\":\"ping\"}");

        time.advanceMillis(DEADLINE_MS - 1);
        assertThat(answer(runner, "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"c\",\"op\":\"ping\"}"))
            .as("consumed").isTrue();
        assertThat(runner.lastRoundTripNs()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS - 1));
        for (int i = 0; i < 5; i++)
        {
            time.advanceMillis(INTERVAL_MS);
            answer(runner, "{\"op\":\"pong\",\"args\":[\"1\"]}");
        }
        assertThat(socket.failure).as("answered heartbeats keep it alive").isNull();
        assertThat(sentTexts).hasSize(6);
        assertThat(runner.answers()).isEqualTo(6);
        assertThat(charged.get()).as("not charged unless the spec says so").isZero();
    }

    /** Bybit's spot pong followed by fields the docs do not list, padded to {@code length} bytes. */
    private static String longPong(final int length)
    {
        final String head = "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"c\",\"op\":\"ping\"," +
            "\"extra\":{\"note\":\"";
        return head + "x".repeat(length - head.length() - 3) + "\"}}";
    }

    @Test
    void shouldStayAliveThroughSeveralIntervalsWhenThePongCarries600BytesOfUnknownFields()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(bybit());
        runner.start(socket.proxy);
        final String pong = longPong(600);
        assertThat(pong).hasSize(600);

        time.advanceMillis(INTERVAL_MS);
        for (int i = 0; i < 5; i++)
        {
            time.advanceMillis(DEADLINE_MS - 1);
            assertThat(answer(runner, pong)).as("a 600 B pong is an answer").isTrue();
            time.advanceMillis(INTERVAL_MS - DEADLINE_MS + 1);
        }
        assertThat(socket.failure).as("answered by long pongs, alive after 5 intervals").isNull();
        assertThat(runner.answers()).isEqualTo(5);
        assertThat(sentTexts).hasSize(6);
    }

    @Test
    void shouldLookOnlyAtAShortPrefixOfALongMessage()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(bybit());
        runner.start(socket.proxy);
        final String head = "{\"topic\":\"orderbook.50.BTCUSDT\",\"data\":\"";
        final String bookWithPongAtTheEnd = head + "y".repeat(AppHeartbeat.DEFAULT_ANSWER_MAX_LENGTH / 2) +
            "\",\"op\":\"pong\"}";
        assertThat(answer(runner, bookWithPongAtTheEnd)).as("member beyond the prefix: not examined").isFalse();
        final String cut = "{\"pad\":\"" + "z".repeat(AppHeartbeat.ANSWER_PREFIX_LENGTH - 20) + "\",\"op\":\"pong";
        assertThat(answer(runner, cut + "ish\"}")).as("a value cut by the prefix end is not an answer").isFalse();
        assertThat(answer(runner, longPong(AppHeartbeat.DEFAULT_ANSWER_MAX_LENGTH))).isTrue();
        assertThat(answer(runner, longPong(AppHeartbeat.DEFAULT_ANSWER_MAX_LENGTH + 1))).as("above the maximum")
            .isFalse();
        assertThat(runner.answers()).isEqualTo(1);
    }

    @Test
    void shouldLookAtALongerPrefixWhenTheMatcherAsksForIt()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(AppHeartbeat.builder().intervalMs(INTERVAL_MS)
            .deadlineMs(DEADLINE_MS).text("{\"op\":\"ping\"}")
            .answer(AppHeartbeat.jsonString("ret_msg", "pong", AppHeartbeat.DEFAULT_ANSWER_MAX_LENGTH)).build());
        runner.start(socket.proxy);
        final String padFirst = "{\"extra\":\"" + "x".repeat(2_000) + "\",\"ret_msg\":\"pong\"}";
        assertThat(answer(runner, padFirst)).as("the member after 2,000 B of unknown member").isTrue();
        assertThat(runner.answers()).isEqualTo(1);
        assertThatThrownBy(() -> AppHeartbeat.jsonString("op", "pong", 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFailExactlyAtTheDeadlineOfTheOldestUnansweredHeartbeat()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(AppHeartbeat.builder().intervalMs(3_000).deadlineMs(10_000)
            .text("ping").answer(AppHeartbeat.textEquals("pong")).build());
        runner.start(socket.proxy);
        time.advanceMillis(3_000); // first heartbeat; its answer never comes
        time.advanceMillis(10_000 - 1);
        assertThat(socket.failure).as("1 ms before the deadline").isNull();
        assertThat(sentTexts).as("later sends do not extend the deadline").hasSize(4);
        time.advanceNanos(TimeUnit.MILLISECONDS.toNanos(1) - 1);
        assertThat(socket.failure).isNull();
        time.advanceNanos(1);
        assertThat(socket.failure).isEqualTo(DisconnectReason.HEARTBEAT_TIMEOUT);
        assertThat(socket.failureMessage).contains("application heartbeat unanswered for 10000 ms");
        assertThat(runner.timeouts()).isEqualTo(1);

        time.advanceMillis(INTERVAL_MS * 3);
        assertThat(sentTexts).as("a dead heartbeat sends nothing more").hasSize(4);
    }

    @Test
    void shouldBeDeadWithinIntervalPlusDeadlineOfTheLastAnswer()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(bybit());
        runner.start(socket.proxy);
        time.advanceMillis(INTERVAL_MS);
        answer(runner, "{\"op\":\"pong\",\"args\":[\"1\"],\"req_id\":\"\"}");
        final long silentFromNs = time.nanoTime();
        while (socket.failure == null)
        {
            time.advanceMillis(1);
        }
        assertThat(time.nanoTime() - silentFromNs).isEqualTo(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS + DEADLINE_MS));
    }

    @Test
    void shouldIgnoreOtherMessagesAndCountUnsolicitedAnswers()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(bybit());
        runner.start(socket.proxy);
        assertThat(answer(runner, "{\"topic\":\"orderbook.1.BTCUSDT\",\"op\":\"pongx\"}")).isFalse();
        assertThat(answer(runner, "pong")).as("not JSON").isFalse();
        assertThat(answer(runner, "{\"op\":\"pong\"}")).as("before any heartbeat").isTrue();
        assertThat(runner.unsolicitedAnswers()).isEqualTo(1);
        assertThat(runner.answers()).isEqualTo(1);
    }

    @Test
    void shouldDoNothingAfterStopAndStartAfreshOnANewSocket()
    {
        final FakeSocket first = new FakeSocket();
        final AppHeartbeatRunner runner = runner(bybit());
        runner.start(first.proxy);
        time.advanceMillis(INTERVAL_MS); // sent, unanswered
        runner.stop(first.proxy);
        time.advanceMillis(DEADLINE_MS * 10);
        assertThat(first.failure).as("a dropped socket's deadline does not fire").isNull();
        assertThat(sentTexts).hasSize(1);

        final FakeSocket second = new FakeSocket();
        runner.start(second.proxy);
        runner.stop(first.proxy); // a late stop of the old socket leaves the new heartbeat running
        time.advanceMillis(INTERVAL_MS);
        assertThat(second.sends.get()).isEqualTo(1);
        time.advanceMillis(DEADLINE_MS);
        assertThat(second.failure).isEqualTo(DisconnectReason.HEARTBEAT_TIMEOUT);
        assertThat(first.failure).isNull();
    }

    @Test
    void shouldChargeTheRateLimiterOnlyWhenTheSpecSaysSo()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(AppHeartbeat.builder().intervalMs(1_000).deadlineMs(5_000)
            .text("ping").answer(AppHeartbeat.textEquals("pong")).chargedAs(Operation.QUERY).build());
        runner.start(socket.proxy);
        for (int i = 0; i < 3; i++)
        {
            time.advanceMillis(1_000);
            answer(runner, "pong");
        }
        assertThat(charged.get()).isEqualTo(3);
        assertThat(socket.sends.get()).isEqualTo(3);
    }

    @Test
    void shouldRequireAVenueHeartbeatWithinTheDeadlineWhenNothingIsSent()
    {
        final FakeSocket socket = new FakeSocket();
        final AppHeartbeatRunner runner = runner(AppHeartbeat.builder().deadlineMs(5_000)
            .answer(AppHeartbeat.jsonString("channel", "heartbeats")).deliverAnswers(true).build());
        runner.start(socket.proxy);
        for (int i = 0; i < 10; i++)
        {
            time.advanceMillis(4_999);
            assertThat(answer(runner, "{\"channel\":\"heartbeats\",\"events\":[]}")).as("delivered").isFalse();
        }
        assertThat(socket.failure).isNull();
        time.advanceMillis(5_000);
        assertThat(socket.failure).isEqualTo(DisconnectReason.HEARTBEAT_TIMEOUT);
        assertThat(sentTexts).isEmpty();
        assertThat(runner.answers()).isEqualTo(10);
    }

    @Test
    void shouldRecogniseAnswersOnTheMessagePathWithoutAllocating()
    {
        final AppHeartbeatRunner runner = runner(bybit());
        runner.start(new FakeSocket().proxy);
        final String[] texts = {"{\"op\":\"pong\",\"args\":[\"1\"]}",
            "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"data\":{\"b\":[[\"1.5\",\"2\"]]}}",
            "{\"success\":true,\"ret_msg\":\"pong\",\"op\":\"ping\"}"};
        final UnsafeBuffer[] buffers = new UnsafeBuffer[texts.length];
        for (int i = 0; i < texts.length; i++)
        {
            buffers[i] = new UnsafeBuffer(texts[i].getBytes(StandardCharsets.UTF_8));
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        long consumed = 0;
        for (int round = 0; round < 2; round++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 1_000_000; i++)
            {
                final UnsafeBuffer buffer = buffers[i % buffers.length];
                consumed += runner.onInbound(message.wrap(InboundMessage.TEXT, buffer, 0, buffer.capacity(), 0L)) ?
                    1 : 0;
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            if (round == 1)
            {
                System.out.println("AppHeartbeat answer check: " + allocated + " B over 1,000,000 messages");
                assertThat(allocated).as("bytes allocated by 1,000,000 answer checks after warm-up").isZero();
            }
        }
        assertThat(consumed).as("two answer shapes of every three messages").isEqualTo(2 * 666_667);
    }

    private boolean answer(final AppHeartbeatRunner runner, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        inbound.putBytes(0, bytes);
        return runner.onInbound(message.wrap(InboundMessage.TEXT, inbound, 0, bytes.length, time.nanoTime()));
    }

    /**
     * A WebSocket that records sends (through the payload writer, as the transport would) and failures.
     */
    private final class FakeSocket
    {
        final AtomicInteger sends = new AtomicInteger();
        final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[256]);
        volatile DisconnectReason failure;
        volatile String failureMessage;
        final WebSocket proxy = (WebSocket)Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{WebSocket.class}, (self, method, args) ->
            {
                switch (method.getName())
                {
                    case "send":
                        final int length = ((WebSocket.PayloadWriter)args[1]).write(sendBuffer, 0);
                        sentTexts.add(sendBuffer.getStringWithoutLengthUtf8(0, length));
                        sends.incrementAndGet();
                        return length;
                    case "fail":
                        failure = (DisconnectReason)args[0];
                        failureMessage = (String)args[1];
                        return null;
                    case "hashCode":
                        return System.identityHashCode(self);
                    case "equals":
                        return self == args[0];
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
    }
}
