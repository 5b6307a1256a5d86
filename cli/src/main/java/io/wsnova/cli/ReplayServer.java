package io.wsnova.cli;

import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The loopback WebSocket server of {@code ./nova replay} (127.0.0.1, a port chosen at start): the n-th WebSocket a
 * client opens is served the n-th recorded WebSocket's messages, in order, byte for byte. A message is sent once the
 * client has sent as many frames as it had when the message arrived in the recording (so a response never overtakes
 * its request; bounded by {@link #GATE_TIMEOUT_MS}, counted), once the replay has printed the lines printed live up
 * to the last status line before the message arrived (the client's event thread has reacted to what came before it
 * as it had live; bounded by {@link #END_GATE_TIMEOUT_MS}, counted) and, at recorded speed, at its recorded offset
 * from the WebSocket's opening. A recorded answer to a recorded request is sent with the request id of the replaying
 * client's request of the same content (see {@link RequestId}): requests sent from two threads at once (on a
 * reconnect, a heartbeat set-up and a subscription restore) may get their ids in another order than live, and the
 * answer must confirm the request it answered; an answer whose request the client never sends is withheld
 * (counted), never sent with a recorded id another request of the client may have. A WebSocket the venue ended in
 * the recording (a remote close, an EOF, an I/O error) is ended the same way after its last message; one the client
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
     * The longest a WebSocket the venue ended waits for the replay's output to reach the lines printed before its
     * end live (counted in {@link #endGateTimeouts()} when it does not).
     */
    static final long END_GATE_TIMEOUT_MS = 2_000;

    /**
     * One recorded WebSocket.
     *
     * @param openNs         its recorded opening, monotonic ns.
     * @param messages       its messages.
     * @param closeReason    how it ended ({@code remote_close}, {@code eof}, ... or null when unknown).
     * @param closeCode      the close code of a remote close.
     * @param closeNs        its recorded end, monotonic ns (0 when none).
     * @param sent           the text messages the client wrote on it, in the order written.
     * @param linesBeforeEnd the lines the run had printed up to its last status line before the WebSocket ended
     *                       (a resubscribe's confirmation): a WebSocket the venue ended is ended once the replay
     *                       printed as many, as the client had reacted to them live when the venue ended it.
     */
    record Segment(long openNs, List<Message> messages, String closeReason, int closeCode, long closeNs,
        List<String> sent, long linesBeforeEnd)
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
     * @param linesBefore the lines the run had printed up to its last status line printed before the message
     *                    arrived (0 when none): the message is sent once the replay printed as many, so that the
     *                    client's event thread has reacted to the answers before it as it had live (a subscribe
     *                    confirmed before a gap's resubscribe), however late a loaded machine runs that thread.
     */
    record Message(boolean binary, byte[] payload, long monotonicNs, long framesSent, long linesBefore)
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
    private final AtomicLong unmatchedAnswers = new AtomicLong();
    private final AtomicLong endGateTimeouts = new AtomicLong();
    private final AtomicLong lineGateTimeouts = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);
    private final LongSupplier linesPrinted;
    private final long framesTimeoutMs;
    private final long answerTimeoutMs;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();

    ReplayServer(final List<Segment> segments, final boolean recordedSpeed, final LongSupplier linesPrinted)
    {
        this(segments, recordedSpeed, linesPrinted, GATE_TIMEOUT_MS, GATE_TIMEOUT_MS);
    }

    /**
     * A server with other gate timeouts (tests).
     *
     * @param framesTimeoutMs how long a message waits for the client's frames sent before it live.
     * @param answerTimeoutMs how long a recorded answer waits for the replaying client's request.
     */
    ReplayServer(final List<Segment> segments, final boolean recordedSpeed, final LongSupplier linesPrinted,
        final long framesTimeoutMs, final long answerTimeoutMs)
    {
        super(new InetSocketAddress("127.0.0.1", 0));
        this.segments = segments;
        this.recordedSpeed = recordedSpeed;
        this.linesPrinted = linesPrinted;
        this.framesTimeoutMs = framesTimeoutMs;
        this.answerTimeoutMs = answerTimeoutMs;
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

    /**
     * WebSockets the venue ended whose end was not preceded, within {@link #END_GATE_TIMEOUT_MS}, by the lines
     * printed before it live.
     */
    long endGateTimeouts()
    {
        return endGateTimeouts.get();
    }

    /**
     * Messages that waited {@link #END_GATE_TIMEOUT_MS} in vain for the lines printed before them live (the line
     * gate of their WebSocket is then off).
     */
    long lineGateTimeouts()
    {
        return lineGateTimeouts.get();
    }

    /**
     * Requests with an id the replaying client sent beyond the recorded requests of the same content on their
     * WebSocket (no recorded answer answers them).
     */
    long unmatchedRequests()
    {
        long unmatched = 0;
        for (final Peer peer : peers)
        {
            unmatched += peer.unmatchedRequests();
        }
        return unmatched;
    }

    /**
     * Recorded answers whose request the replaying client did not send within {@link #GATE_TIMEOUT_MS} (withheld:
     * never sent with the recorded id).
     */
    long unmatchedAnswers()
    {
        return unmatchedAnswers.get();
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
        peers.add(peer);
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
        final Map<String, ArrayDeque<RequestId>> liveRequests = RequestId.liveRequests(segment.sent());
        final Map<String, RequestId> lastAnswered = new HashMap<>();
        peer.recorded(RequestId.contentCounts(segment.sent()));
        long previousNs = segment.openNs();
        long previousFramesSent = 0;
        int sinceClientFrame = ANSWER_MESSAGES;
        boolean lineGate = true;
        try
        {
            for (final Message message : segment.messages())
            {
                if (!peer.awaitFrames(message.framesSent(), framesTimeoutMs))
                {
                    if (peer.closed)
                    {
                        return;
                    }
                    gateTimeouts.incrementAndGet();
                }
                if (lineGate && !awaitLines(peer, message.linesBefore()))
                {
                    if (peer.closed)
                    {
                        return;
                    }
                    // A line the replay does not produce (yet): the output stops there anyway; do not make every
                    // later message of the WebSocket wait for it too.
                    lineGateTimeouts.incrementAndGet();
                    lineGate = false;
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
                    final String text = answeringReplayRequest(peer, liveRequests, lastAnswered,
                        new String(message.payload(), StandardCharsets.UTF_8));
                    if (text != null)
                    {
                        conn.send(text);
                    }
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
                if (!awaitLines(peer, segment.linesBeforeEnd()) && !peer.closed)
                {
                    endGateTimeouts.incrementAndGet();
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

    /**
     * The text to send for a recorded text message: when it answers a recorded request (its id member holds a
     * recorded request's id), with the id of the replaying client's request of the same content, awaited for at
     * most {@link #GATE_TIMEOUT_MS}; null when that request does not come (the answer is withheld and counted in
     * {@link #unmatchedAnswers()}: sent with its recorded id, it could confirm another request of the client that
     * happens to have that id).
     */
    private String answeringReplayRequest(final Peer peer, final Map<String, ArrayDeque<RequestId>> liveRequests,
        final Map<String, RequestId> lastAnswered, final String text) throws InterruptedException
    {
        if (liveRequests.isEmpty() && lastAnswered.isEmpty())
        {
            return text;
        }
        final IdMember id = IdMember.find(text);
        if (id == null)
        {
            return text;
        }
        final String key = id.key(text);
        final ArrayDeque<RequestId> requests = liveRequests.get(key);
        RequestId live = requests == null ? null : requests.poll();
        if (live == null)
        {
            // A further answer to an answered request (a venue may answer twice), or no request at all.
            live = lastAnswered.get(key);
            if (live == null)
            {
                return text;
            }
        }
        lastAnswered.put(key, live);
        final String replayId = peer.awaitRequest(live.content(), live.ordinal(), answerTimeoutMs);
        if (replayId == null)
        {
            if (!peer.closed)
            {
                unmatchedAnswers.incrementAndGet();
            }
            return null;
        }
        return text.substring(0, id.start()) + replayId + text.substring(id.end());
    }

    /**
     * Waits, bounded by {@link #END_GATE_TIMEOUT_MS}, until the replay printed {@code lines} lines: the client's
     * event thread has then reacted to the answers before a message or a venue's drop as it had live (a subscribe
     * confirmed before a resubscribe, a confirmed resubscribe restored as confirmed), which a fixed delay cannot
     * promise on a loaded machine.
     *
     * @return true when printed, false on the timeout or when the client closed the WebSocket.
     */
    private boolean awaitLines(final Peer peer, final long lines) throws InterruptedException
    {
        if (linesPrinted.getAsLong() >= lines)
        {
            return true;
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(END_GATE_TIMEOUT_MS);
        while (linesPrinted.getAsLong() < lines)
        {
            if (peer.closed || System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return true;
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
        final Peer peer = conn.getAttachment();
        if (peer != null)
        {
            final IdMember id = IdMember.find(message);
            if (id != null)
            {
                peer.onRequest(RequestId.content(message, id), id.value(message));
            }
        }
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
     * A request of the recording: its content (the message with its id's value taken out) and how many requests
     * of the same content the client had sent on the WebSocket before it. The id field is the first top-level
     * {@code "id"} (Deribit JSON-RPC, OKX) or {@code "req_id"} (Bybit) member whose value is a string or an integer
     * (an {@code "id"} inside {@code params} or a notification's data is not one); a venue whose requests carry
     * none (Coinbase) is answered as recorded.
     *
     * @param content the request without its id's value.
     * @param ordinal its 0-based place among the WebSocket's requests of that content.
     */
    record RequestId(String content, int ordinal)
    {
        static String content(final String message, final IdMember id)
        {
            return message.substring(0, id.start()) + '\u0000' + message.substring(id.end());
        }

        /**
         * The recorded requests of a WebSocket by their id ({@code name=value}), in the order sent: a venue may
         * see one id more than once (a client that reuses it), the n-th answer of an id answers its n-th request.
         */
        static Map<String, ArrayDeque<RequestId>> liveRequests(final List<String> sent)
        {
            final Map<String, ArrayDeque<RequestId>> byId = new HashMap<>();
            final Map<String, Integer> counts = new HashMap<>();
            for (final String request : sent)
            {
                final IdMember id = IdMember.find(request);
                if (id != null)
                {
                    final String content = content(request, id);
                    final int ordinal = counts.merge(content, 1, Integer::sum) - 1;
                    byId.computeIfAbsent(id.key(request), k -> new ArrayDeque<>())
                        .add(new RequestId(content, ordinal));
                }
            }
            return byId;
        }

        /**
         * How many requests of each content a WebSocket's recorded requests hold.
         */
        static Map<String, Integer> contentCounts(final List<String> sent)
        {
            final Map<String, Integer> counts = new HashMap<>();
            for (final String request : sent)
            {
                final IdMember id = IdMember.find(request);
                if (id != null)
                {
                    counts.merge(content(request, id), 1, Integer::sum);
                }
            }
            return counts;
        }
    }

    /**
     * Where the id member of a request or an answer is: the first member of the top-level object named {@code id}
     * or {@code req_id} whose value is a string or an integer (any length), found by a scan that skips strings
     * (escapes included) and nested objects and arrays.
     *
     * @param name  the member's name.
     * @param start the index of its value's first character (a string's opening quote).
     * @param end   the index after its value's last character.
     */
    record IdMember(String name, int start, int end)
    {
        /**
         * The id as a map key: {@code name=value} (a string value with its quotes, so 7 and "7" differ).
         */
        String key(final String text)
        {
            return name + '=' + text.substring(start, end);
        }

        String value(final String text)
        {
            return text.substring(start, end);
        }

        static IdMember find(final String text)
        {
            final int length = text.length();
            int i = skipSpace(text, 0);
            if (i >= length || text.charAt(i) != '{')
            {
                return null;
            }
            int depth = 0;
            while (i < length)
            {
                final char c = text.charAt(i);
                if (c == '"')
                {
                    final int close = stringEnd(text, i);
                    if (close < 0)
                    {
                        return null;
                    }
                    if (depth == 1)
                    {
                        final int colon = skipSpace(text, close + 1);
                        if (colon < length && text.charAt(colon) == ':')
                        {
                            final String name = text.substring(i + 1, close);
                            if ("id".equals(name) || "req_id".equals(name))
                            {
                                final IdMember id = value(text, name, skipSpace(text, colon + 1));
                                if (id != null)
                                {
                                    return id;
                                }
                            }
                        }
                    }
                    i = close + 1;
                    continue;
                }
                if (c == '{' || c == '[')
                {
                    depth++;
                }
                else if (c == '}' || c == ']')
                {
                    depth--;
                    if (depth == 0)
                    {
                        return null;
                    }
                }
                i++;
            }
            return null;
        }

        private static IdMember value(final String text, final String name, final int start)
        {
            final int length = text.length();
            if (start >= length)
            {
                return null;
            }
            if (text.charAt(start) == '"')
            {
                final int close = stringEnd(text, start);
                return close < 0 ? null : new IdMember(name, start, close + 1);
            }
            int end = start;
            if (text.charAt(end) == '-')
            {
                end++;
            }
            final int digits = end;
            while (end < length && text.charAt(end) >= '0' && text.charAt(end) <= '9')
            {
                end++;
            }
            if (end == digits || end < length && (text.charAt(end) == '.' || text.charAt(end) == 'e' ||
                text.charAt(end) == 'E'))
            {
                return null;
            }
            return new IdMember(name, start, end);
        }

        /**
         * The index of the quote closing the string opened at {@code open}, or -1.
         */
        private static int stringEnd(final String text, final int open)
        {
            for (int i = open + 1; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    return i;
                }
            }
            return -1;
        }

        private static int skipSpace(final String text, final int from)
        {
            int i = from;
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n' ||
                text.charAt(i) == '\r'))
            {
                i++;
            }
            return i;
        }
    }

    /**
     * What one client WebSocket has sent: written by the server's selector thread, awaited by its sender.
     */
    private static final class Peer
    {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Map<String, List<String>> requestIds = new HashMap<>();
        private Map<String, Integer> recordedCounts = Map.of();
        private long frames;
        private volatile boolean closed;

        void recorded(final Map<String, Integer> counts)
        {
            lock.lock();
            try
            {
                recordedCounts = counts;
            }
            finally
            {
                lock.unlock();
            }
        }

        /**
         * Requests with an id the client sent beyond the recorded requests of the same content.
         */
        long unmatchedRequests()
        {
            lock.lock();
            try
            {
                long unmatched = 0;
                for (final Map.Entry<String, List<String>> sent : requestIds.entrySet())
                {
                    unmatched += Math.max(0, sent.getValue().size() - recordedCounts.getOrDefault(sent.getKey(), 0));
                }
                return unmatched;
            }
            finally
            {
                lock.unlock();
            }
        }

        void onRequest(final String content, final String id)
        {
            lock.lock();
            try
            {
                requestIds.computeIfAbsent(content, k -> new ArrayList<>()).add(id);
                changed.signalAll();
            }
            finally
            {
                lock.unlock();
            }
        }

        /**
         * The id of the client's {@code ordinal}-th request of {@code content}, or null if it did not come in time.
         */
        String awaitRequest(final String content, final int ordinal, final long timeoutMs) throws InterruptedException
        {
            lock.lock();
            try
            {
                long waitNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                while (!closed)
                {
                    final List<String> ids = requestIds.get(content);
                    if (ids != null && ids.size() > ordinal)
                    {
                        return ids.get(ordinal);
                    }
                    if (waitNs <= 0)
                    {
                        return null;
                    }
                    waitNs = changed.awaitNanos(waitNs);
                }
                return null;
            }
            finally
            {
                lock.unlock();
            }
        }

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
