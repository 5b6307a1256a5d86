package io.wsnova.cli;

import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The loopback WebSocket server of {@code ./nova replay} (127.0.0.1, a port chosen at start): the n-th WebSocket a
 * client opens is served the n-th recorded WebSocket's messages, in order, byte for byte. A message is sent once the
 * client has sent as many frames as it had when the message arrived in the recording (so a response never overtakes
 * its request; bounded by {@link #GATE_TIMEOUT_MS}, counted) and, at recorded speed, at its recorded offset from the
 * WebSocket's opening. What the client sends is counted and otherwise ignored. A WebSocket the venue ended in the
 * recording (a remote close, an EOF, an I/O error) is ended the same way after its last message; one the client
 * ended is left for the client to end.
 */
final class ReplayServer extends WebSocketServer
{
    /**
     * The longest a message waits for the client's frames before it is sent anyway (counted): the recorded count
     * may include frames the client sent concurrently rather than in cause (a subscribe racing a heartbeat answer),
     * which the replay's client need not send before it.
     */
    static final long GATE_TIMEOUT_MS = 500;

    /**
     * One recorded WebSocket.
     *
     * @param openNs         its recorded opening, monotonic ns.
     * @param messages       its messages.
     * @param closeReason    how it ended ({@code remote_close}, {@code eof}, ... or null when unknown).
     * @param closeCode      the close code of a remote close.
     * @param closeNs        its recorded end, monotonic ns (0 when none).
     */
    record Segment(long openNs, List<Message> messages, String closeReason, int closeCode, long closeNs)
    {
        boolean endedByVenue()
        {
            return "remote_close".equals(closeReason) || "eof".equals(closeReason) || "io_error".equals(closeReason);
        }
    }

    /**
     * One recorded message.
     *
     * @param binary      a binary message.
     * @param payload     its bytes.
     * @param monotonicNs its recorded receive time.
     * @param framesSent  the frames the client had sent when it arrived.
     */
    record Message(boolean binary, byte[] payload, long monotonicNs, long framesSent)
    {
    }

    /**
     * At max speed, how many messages after a client's frame keep their recorded delay (capped): the answers to a
     * request (e.g. an unsubscribe's and a subscribe's, sent back to back) reach the engine's event thread, which
     * reacts to each before the next may come; a loopback server answering in microseconds would race it.
     */
    static final int ANSWER_MESSAGES = 3;
    /** At max speed, the longest of the recorded delay kept before a message that follows a client's frame. */
    static final long MAX_ANSWER_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private final List<Segment> segments;
    private final boolean recordedSpeed;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong gateTimeouts = new AtomicLong();
    private final AtomicLong unexpectedConnections = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);

    ReplayServer(final List<Segment> segments, final boolean recordedSpeed)
    {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.segments = segments;
        this.recordedSpeed = recordedSpeed;
        setReuseAddr(true);
        setDaemon(true);
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @return the port.
     * @throws InterruptedException when interrupted.
     */
    int startAndAwait() throws InterruptedException
    {
        start();
        if (!started.await(10, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("the replay server did not start within 10 s");
        }
        return getPort();
    }

    long gateTimeouts()
    {
        return gateTimeouts.get();
    }

    long unexpectedConnections()
    {
        return unexpectedConnections.get();
    }

    @Override
    public void onStart()
    {
        started.countDown();
    }

    @Override
    public void onOpen(final WebSocket conn, final ClientHandshake handshake)
    {
        final int index = accepted.getAndIncrement();
        final Peer peer = new Peer();
        conn.setAttachment(peer);
        if (index >= segments.size())
        {
            unexpectedConnections.incrementAndGet();
            return;
        }
        final Segment segment = segments.get(index);
        Thread.ofVirtual().name("nova-replay-" + index).start(() -> serve(conn, peer, segment));
    }

    private void serve(final WebSocket conn, final Peer peer, final Segment segment)
    {
        final long openedNs = System.nanoTime();
        long previousNs = segment.openNs();
        long previousFramesSent = 0;
        int sinceClientFrame = ANSWER_MESSAGES;
        try
        {
            for (final Message message : segment.messages())
            {
                if (!peer.awaitFrames(message.framesSent(), GATE_TIMEOUT_MS))
                {
                    if (peer.closed)
                    {
                        return;
                    }
                    gateTimeouts.incrementAndGet();
                }
                if (recordedSpeed)
                {
                    sleepUntil(openedNs + message.monotonicNs() - segment.openNs());
                }
                else if (message.framesSent() > previousFramesSent || sinceClientFrame < ANSWER_MESSAGES)
                {
                    // An answer to what the client sent: the venue took its time to answer (at most
                    // MAX_ANSWER_DELAY_NS of it here), and the client's own bookkeeping of the request may still run.
                    TimeUnit.NANOSECONDS.sleep(Math.min(MAX_ANSWER_DELAY_NS, message.monotonicNs() - previousNs));
                }
                sinceClientFrame = message.framesSent() > previousFramesSent ? 1 : sinceClientFrame + 1;
                previousNs = message.monotonicNs();
                previousFramesSent = message.framesSent();
                if (!conn.isOpen())
                {
                    return;
                }
                if (message.binary())
                {
                    conn.send(ByteBuffer.wrap(message.payload()));
                }
                else
                {
                    conn.send(new String(message.payload(), StandardCharsets.UTF_8));
                }
            }
            if (segment.endedByVenue())
            {
                if (recordedSpeed && segment.closeNs() != 0)
                {
                    sleepUntil(openedNs + segment.closeNs() - segment.openNs());
                }
                else if (segment.closeNs() != 0)
                {
                    // The client's event thread reacts to the last answers (a confirmed resubscribe) before the
                    // drop, as it had the time to live: what it restores on reconnect depends on it.
                    TimeUnit.NANOSECONDS.sleep(Math.min(MAX_ANSWER_DELAY_NS, segment.closeNs() - previousNs));
                }
                if ("remote_close".equals(segment.closeReason()))
                {
                    conn.close(segment.closeCode());
                }
                else
                {
                    // A hard close drops what is still queued: let the messages before it reach the socket first.
                    final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (conn.hasBufferedData() && System.nanoTime() - deadlineNs < 0)
                    {
                        TimeUnit.MILLISECONDS.sleep(1);
                    }
                    conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "");
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            // the client went away: nothing more to serve on this WebSocket
        }
    }

    private static void sleepUntil(final long deadlineNs) throws InterruptedException
    {
        long waitNs;
        while ((waitNs = deadlineNs - System.nanoTime()) > 0)
        {
            TimeUnit.NANOSECONDS.sleep(waitNs);
        }
    }

    @Override
    public void onMessage(final WebSocket conn, final String message)
    {
        received(conn);
    }

    @Override
    public void onMessage(final WebSocket conn, final ByteBuffer message)
    {
        received(conn);
    }

    @Override
    public void onWebsocketPing(final WebSocket conn, final Framedata frame)
    {
        super.onWebsocketPing(conn, frame);
        received(conn);
    }

    @Override
    public void onWebsocketPong(final WebSocket conn, final Framedata frame)
    {
        received(conn);
    }

    private static void received(final WebSocket conn)
    {
        final Peer peer = conn.getAttachment();
        if (peer != null)
        {
            peer.onFrame();
        }
    }

    @Override
    public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote)
    {
        final Peer peer = conn.getAttachment();
        if (peer != null)
        {
            peer.onClosed();
        }
    }

    @Override
    public void onError(final WebSocket conn, final Exception ex)
    {
        // a client's I/O failure ends its WebSocket (onClose follows); nothing else to do
    }

    /**
     * What one client WebSocket has sent: written by the server's selector thread, awaited by its sender.
     */
    private static final class Peer
    {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long frames;
        private volatile boolean closed;

        void onFrame()
        {
            lock.lock();
            try
            {
                frames++;
                changed.signalAll();
            }
            finally
            {
                lock.unlock();
            }
        }

        void onClosed()
        {
            lock.lock();
            try
            {
                closed = true;
                changed.signalAll();
            }
            finally
            {
                lock.unlock();
            }
        }

        boolean awaitFrames(final long count, final long timeoutMs) throws InterruptedException
        {
            lock.lock();
            try
            {
                long waitNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                while (frames < count && !closed)
                {
                    if (waitNs <= 0)
                    {
                        return false;
                    }
                    waitNs = changed.awaitNanos(waitNs);
                }
                return frames >= count;
            }
            finally
            {
                lock.unlock();
            }
        }
    }
}
