package io.wsnova.engine.transport;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.runtime.EngineTime;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;
import io.wsnova.testkit.TestConnection;
import io.wsnova.engine.testing.RecordingHandler;
import io.wsnova.testkit.FakeClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport's timing rules (docs/RELIABILITY.md, "Liveness") on a fake clock: a real loopback socket, a watchdog
 * driven by hand ({@link Connector#tick()}) and time moved by the test instead of slept, so every bound is checked
 * to the nanosecond ("at 500 ms nothing, 1 ns later the pong timeout") and each test runs in milliseconds.
 */
@Timeout(value = 20)
class TransportTimingTest
{
    private static final long WAIT_MS = 5_000;
    private static final long NS_PER_MS = 1_000_000L;
    private static final int PING = 0x9;
    private static final int CLOSE = 0x8;

    private final FakeClock clock = new FakeClock();
    private final Connector connector = new Connector(new EngineTime(clock, clock, clock.timer()));
    private final RecordingHandler handler = new RecordingHandler();
    private Peer peer;
    private TestServer server;

    @BeforeEach
    void startServer() throws IOException
    {
        peer = new Peer();
        server = new TestServer(peer::run);
    }

    @AfterEach
    void stop() throws IOException
    {
        connector.close();
        server.close();
    }

    @Test
    void shouldSendKeepalivePingWhenTheIntervalHasPassedAndNotBefore() throws Exception
    {
        final WebSocketSession session = connect(NovaOptions.builder().keepalive(1_000, 500));

        tickAfter(999 * NS_PER_MS);
        assertNoPingStarted(session);

        tickAfter(NS_PER_MS);
        final Frame ping = peer.nextFrame();
        assertThat(ping.opcode()).isEqualTo(PING);
        assertThat(sentNsOf(ping)).as("the ping carries the runtime clock's time").isEqualTo(clock.nanoTime());
        assertThat(session.pingSentNs()).isEqualTo(clock.nanoTime());

        clock.advanceMillis(7);
        peer.send(0x8A, ping.payload());
        assertThat(handler.nextPong(WAIT_MS)).as("round trip on the runtime clock").isEqualTo(7 * NS_PER_MS);
        awaitPongCleared(session);

        tickAfter(992 * NS_PER_MS);
        tickAfter(NS_PER_MS - 1);
        assertNoPingStarted(session);
        tickAfter(1);
        assertThat(peer.nextFrame().opcode()).as("the next ping, one interval after the last").isEqualTo(PING);
    }

    @Test
    void shouldFailWithPongTimeoutWhenThePongTimeoutHasPassedAndNotBefore() throws Exception
    {
        final WebSocketSession session = connect(NovaOptions.builder().keepalive(1_000, 500));
        tickAfter(1_000 * NS_PER_MS);
        assertThat(peer.nextFrame().opcode()).isEqualTo(PING);
        awaitPingWritten(session);

        tickAfter(500 * NS_PER_MS);
        assertThat(session.state()).isEqualTo(WebSocket.State.OPEN);

        tickAfter(1);
        final CloseStatus status = handler.awaitClose(WAIT_MS);
        assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.PONG_TIMEOUT);
        assertThat(status.closeCode()).isEqualTo(1006);
    }

    @Test
    void shouldFailWithIdleTimeoutMeasuredFromTheLastRead() throws Exception
    {
        final WebSocketSession session = connect(NovaOptions.builder().keepalive(0, 0).idleTimeoutMs(2_000));
        tickAfter(1_500 * NS_PER_MS);
        peer.send(0x81, "tick".getBytes(StandardCharsets.US_ASCII));
        assertThat(handler.next(WAIT_MS).text()).isEqualTo("tick");
        assertThat(session.lastReadNs()).as("the read is stamped on the runtime clock").isEqualTo(clock.nanoTime());

        tickAfter(2_000 * NS_PER_MS);
        assertThat(session.state()).as("2 s after the read, not 2 s after the connect").isEqualTo(WebSocket.State.OPEN);

        tickAfter(1);
        final CloseStatus status = handler.awaitClose(WAIT_MS);
        assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
    }

    @Test
    void shouldCloseTheSocketWhenTheServerDoesNotAnswerACloseWithinTheCloseTimeout() throws Exception
    {
        final WebSocketSession session = connect(NovaOptions.builder().keepalive(0, 0).closeTimeoutMs(1_000));
        session.close();
        assertThat(peer.nextFrame().opcode()).isEqualTo(CLOSE);

        tickAfter(1_000 * NS_PER_MS);
        assertThat(session.state()).isEqualTo(WebSocket.State.CLOSING);
        assertThat(handler.isClosed()).isFalse();

        tickAfter(1);
        final CloseStatus status = handler.awaitClose(WAIT_MS);
        assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
        assertThat(status.closeCode()).isEqualTo(1000);
        assertThat(session.state()).isEqualTo(WebSocket.State.CLOSED);
    }

    @Test
    void shouldFailWithSendTimeoutWhenAWriteIsBlockedPastTheSendTimeoutAndNotBefore() throws Exception
    {
        peer.reads = false;
        final WebSocketSession session = connect(NovaOptions.builder().keepalive(0, 0).sendTimeoutMs(2_000)
            .socketBuffers(0, 8 * 1024));
        final UnsafeBuffer chunk = new UnsafeBuffer(new byte[64 * 1024]);
        final AtomicLong sends = new AtomicLong();
        final CompletableFuture<Integer> lastResult = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("blocked-sender").start(() ->
        {
            int result;
            while ((result = session.sendBinary(chunk, 0, chunk.capacity())) > 0)
            {
                sends.incrementAndGet();
            }
            lastResult.complete(result);
        });
        awaitWriteBlocked(session, sends);
        final long writeStartNs = session.writeStartNs();
        assertThat(writeStartNs).as("the blocked write is stamped on the runtime clock").isEqualTo(clock.nanoTime());

        tickAfter(2_000 * NS_PER_MS);
        assertThat(session.state()).isEqualTo(WebSocket.State.OPEN);

        tickAfter(1);
        final CloseStatus status = handler.awaitClose(WAIT_MS);
        assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.SEND_TIMEOUT);
        assertThat(lastResult.get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(WebSocket.SEND_FAILED);
    }

    @Test
    void shouldFindASilentPeerWithinPingIntervalPlusPongTimeoutPlusTwoTicks() throws Exception
    {
        final long pingIntervalMs = 400;
        final long pongTimeoutMs = 300;
        final WebSocketSession session = connect(NovaOptions.builder().keepalive(pingIntervalMs, pongTimeoutMs));
        peer.answerPings = true;
        // The tick that starts a ping moves keepaliveDueNs (the watchdog's own field): the pong may be back before
        // the test could see the ping in flight.
        final long firstDueNs = session.keepaliveDueNs;
        while (session.keepaliveDueNs == firstDueNs)
        {
            tickAfter(Watchdog.TICK_MS * NS_PER_MS);
        }
        awaitPingWritten(session);
        handler.nextPong(WAIT_MS);
        awaitPongCleared(session);
        peer.answerPings = false;
        final long silenceStartNs = clock.nanoTime();

        runTicksUntil(handler::isClosed, session);
        final long detectedAfterNs = clock.nanoTime() - silenceStartNs;

        assertThat(handler.awaitClose(WAIT_MS).reason()).isEqualTo(DisconnectReason.PONG_TIMEOUT);
        assertThat(detectedAfterNs)
            .as("bound: pingIntervalMs + pongTimeoutMs + 2 ticks (docs/RELIABILITY.md)")
            .isGreaterThan((pingIntervalMs + pongTimeoutMs) * NS_PER_MS)
            .isLessThanOrEqualTo((pingIntervalMs + pongTimeoutMs + 2 * Watchdog.TICK_MS) * NS_PER_MS);
    }

    @Test
    void shouldFindASilentPeerWithinTheIdleTimeoutPlusOneTick() throws Exception
    {
        final WebSocketSession session = connect(NovaOptions.builder().keepalive(0, 0).idleTimeoutMs(250));
        final long silenceStartNs = clock.nanoTime();

        runTicksUntil(handler::isClosed, session);

        assertThat(handler.awaitClose(WAIT_MS).reason()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
        assertThat(clock.nanoTime() - silenceStartNs)
            .isGreaterThan(250 * NS_PER_MS)
            .isLessThanOrEqualTo((250 + Watchdog.TICK_MS) * NS_PER_MS);
    }

    @Test
    void shouldFailTheConnectionsStillOpenWhenTheConnectorCloses() throws Exception
    {
        final WebSocketSession session = connect(NovaOptions.builder().keepalive(0, 0));

        connector.close();

        final CloseStatus status = handler.awaitClose(WAIT_MS);
        assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
        assertThat(status.closeCode()).isEqualTo(1001);
        assertThat(peer.nextFrame().closeCode()).as("the server is told: going away").isEqualTo(1001);
        assertThat(session.state()).isEqualTo(WebSocket.State.CLOSED);
        assertThat(connector.openConnections()).isZero();
    }

    private WebSocketSession connect(final NovaOptions.Builder options) throws Exception
    {
        final WebSocket webSocket = connector.connectBlocking(
            WsUrl.parse(server.url("/")), WebSocketOptions.from(options.closeTimeoutMs(1_000).build()), handler);
        return (WebSocketSession)webSocket;
    }

    private void tickAfter(final long nanos)
    {
        clock.advanceNanos(nanos);
        connector.tick();
    }

    /**
     * What the watchdog thread does, on the fake clock: a tick every TICK_MS; a keepalive ping it starts is written
     * (at the tick's time) before time moves on, as a real ping leaves within microseconds of its tick.
     */
    private void runTicksUntil(final BooleanSupplier done, final WebSocketSession session) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!done.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadlineNs).as("gave up waiting").isNegative();
            tickAfter(Watchdog.TICK_MS * NS_PER_MS);
            awaitPingWritten(session);
            if (session.state() != WebSocket.State.OPEN)
            {
                handler.awaitClose(WAIT_MS);
                return;
            }
        }
    }

    /**
     * Waits until the sender has been inside one write for 300 ms of real time with no send completing: the peer
     * does not read, the socket buffers are full, and the write is blocked.
     */
    private static void awaitWriteBlocked(final WebSocketSession session, final AtomicLong sends)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        long lastSends = -1;
        long stableSinceNs = System.nanoTime();
        while (true)
        {
            assertThat(System.nanoTime() - deadlineNs).as("the write never blocked").isNegative();
            final long current = sends.get();
            if (current != lastSends || session.writeStartNs() == 0)
            {
                lastSends = current;
                stableSinceNs = System.nanoTime();
            }
            else if (System.nanoTime() - stableSinceNs > TimeUnit.MILLISECONDS.toNanos(300))
            {
                return;
            }
            Thread.sleep(5);
        }
    }

    private static void assertNoPingStarted(final WebSocketSession session)
    {
        assertThat(session.keepalivePingInFlight).isFalse();
        assertThat(session.pingSentNs()).isZero();
    }

    private static void awaitPingWritten(final WebSocketSession session) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (session.keepalivePingInFlight)
        {
            assertThat(System.nanoTime() - deadlineNs).as("keepalive ping never written").isNegative();
            Thread.sleep(0, 100_000);
        }
    }

    private static void awaitPongCleared(final WebSocketSession session) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        // The keepalive ping's sender (a virtual thread) clears its in-flight flag after its write returns, which
        // can be after the peer has read the ping and the pong has come back: wait for both.
        while (session.pingSentNs() != 0 || session.keepalivePingInFlight)
        {
            assertThat(System.nanoTime() - deadlineNs).as("pong never cleared the ping").isNegative();
            Thread.sleep(0, 100_000);
        }
    }

    private static long sentNsOf(final Frame ping)
    {
        return ByteBuffer.wrap(ping.payload()).order(ByteOrder.nativeOrder())
            .getLong(WebSocketSession.PING_SENT_NS_OFFSET);
    }

    /**
     * The server side: accepts the upgrade, records every client frame, answers pings when told to, sends what the
     * test asks, and never answers a close (the close-timeout test needs a server that does not).
     */
    private static final class Peer
    {
        private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        private final ReentrantLock writeLock = new ReentrantLock();
        private volatile TestConnection connection;
        private volatile boolean answerPings;
        private volatile boolean reads = true;

        void run(final TestConnection connection) throws Exception
        {
            connection.acceptUpgrade();
            this.connection = connection;
            if (!reads)
            {
                connection.socket().setReceiveBufferSize(4 * 1024);
                connection.silence(WAIT_MS * 2);
                return;
            }
            while (true)
            {
                final Frame frame = connection.readFrame();
                if (frame.opcode() == PING && answerPings)
                {
                    send(0x8A, frame.payload());
                }
                frames.add(frame);
            }
        }

        Frame nextFrame() throws InterruptedException
        {
            final Frame frame = frames.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(frame).as("no frame from the client within " + WAIT_MS + " ms").isNotNull();
            return frame;
        }

        void send(final int firstByte, final byte[] payload) throws IOException, InterruptedException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (connection == null)
            {
                assertThat(System.nanoTime() - deadlineNs).as("no connection").isNegative();
                Thread.sleep(1);
            }
            writeLock.lock();
            try
            {
                connection.writeFrame(firstByte, payload);
            }
            finally
            {
                writeLock.unlock();
            }
        }
    }
}
