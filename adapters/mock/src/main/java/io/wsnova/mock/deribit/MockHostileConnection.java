package io.wsnova.mock.deribit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One connection of the hostile server: a raw RFC 6455 endpoint over a blocking socket, so that the mock controls
 * every byte: fragmentation, coalescing, control frames between fragments, stalls. Everything it writes is valid:
 * unmasked server frames, minimal payload-length encodings (RFC 6455 5.2 requires them: non-minimal encodings are
 * invalid and never sent), control payloads of at most 125 bytes, control frames only between frames (never inside
 * one), continuation frames only after an unfinished text frame, no extension negotiated.
 * <p>
 * Threads: the reader thread ({@code mock-deribit-hostile-reader}) does the upgrade, reads the client's frames and
 * runs the JSON-RPC handler (the one thread of this connection's requests, as a Java-WebSocket worker would be);
 * the writer thread ({@code mock-deribit-hostile-writer}) alone writes to the socket after the upgrade. Other threads
 * only queue.
 */
final class MockHostileConnection
{
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEADER_BYTES = 16_384;
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final int MAX_BATCH_BYTES = 65_536;
    private static final int MAX_BYTE_FRAGMENTED = 4_096;
    private static final long POLL_MS = 20L;
    private static final byte[] SERVICE_UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\n" +
        "Content-Type: application/json\r\nContent-Length: 54\r\nConnection: close\r\n\r\n" +
        "{\"error\":{\"code\":11051,\"message\":\"system_maintenance\"}}").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = ("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n" +
        "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n" +
        "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private static final int TEXT = 0;
    private static final int NOTIFICATION = 1;
    private static final int RESPONSE = 2;
    private static final int CLOSE = 3;
    private static final int DROP = 4;
    private static final int RESET = 5;
    private static final int WAKE = 6;

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;

    /**
     * One queued outbound item.
     *
     * @param type      TEXT, NOTIFICATION, RESPONSE, CLOSE, DROP, RESET or WAKE.
     * @param text      the canonical JSON text (or the close reason).
     * @param channel   the notification's channel.
     * @param tradeSeqs the trade sequence numbers a trades notification carries, else null.
     * @param changeId  a book notification's change id.
     * @param mark      for a response: 0, 1 duplicate, 2 late; for a close: the code.
     */
    private record Outbound(int type, String text, MockChannel channel, long[] tradeSeqs, long changeId, int mark)
    {
    }

    private static final Outbound WAKE_ITEM = new Outbound(WAKE, null, null, null, 0, 0);

    private final Socket socket;
    private final MockDeribitExchange exchange;
    private final MockHostileServer server;
    private final MockHostileStats hostileStats;
    private final MockDeribitStats stats;
    private final Set<MockHostileFeature> features;
    private final SplittableRandom readerRandom;
    private final SplittableRandom writerRandom;
    private final LinkedBlockingQueue<Outbound> queue = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<byte[]> pongQueue = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(MAX_BATCH_BYTES * 2);
    private final MockHostileJson json;
    private volatile boolean writerDone;
    private volatile boolean dropRequested;
    private volatile boolean resetRequested;
    private volatile boolean closed;
    private volatile MockSession session;
    private Thread writer;

    MockHostileConnection(final Socket socket, final MockDeribitExchange exchange, final MockHostileServer server,
        final long seed)
    {
        this.socket = socket;
        this.exchange = exchange;
        this.server = server;
        this.hostileStats = exchange.hostileStats();
        this.stats = exchange.stats();
        this.features = exchange.config().hostileFeatures();
        final SplittableRandom random = new SplittableRandom(seed);
        this.readerRandom = random.split();
        this.writerRandom = random.split();
        this.json = new MockHostileJson(writerRandom.split(), features);
    }

    void start()
    {
        final Thread reader = new Thread(this::read, "mock-deribit-hostile-reader");
        reader.setDaemon(true);
        reader.start();
    }

    // ---------------------------------------------------------------- queueing (any thread)

    /**
     * Queues a response, heartbeat or injected frame.
     */
    boolean send(final String text)
    {
        return offer(new Outbound(TEXT, text, null, null, 0, 0));
    }

    /**
     * Queues a response: sometimes twice ({@link MockHostileFeature#DUPLICATE_RESPONSES}), and a delayable one
     * ({@code public/test}) sometimes late ({@link MockHostileFeature#LATE_RESPONSES}). Request thread.
     */
    boolean sendResponse(final String text, final boolean delayable)
    {
        if (delayable && features.contains(MockHostileFeature.LATE_RESPONSES) && readerRandom.nextInt(100) < 25)
        {
            exchange.schedule(() -> offer(new Outbound(RESPONSE, text, null, null, 0, 2)),
                exchange.config().lateResponseDelayMs());
            return !writerDone;
        }
        final boolean queued = offer(new Outbound(RESPONSE, text, null, null, 0, 0));
        if (queued && features.contains(MockHostileFeature.DUPLICATE_RESPONSES) && readerRandom.nextInt(100) < 10)
        {
            if (readerRandom.nextBoolean())
            {
                offer(new Outbound(RESPONSE, text, null, null, 0, 1));
            }
            else
            {
                exchange.schedule(() -> offer(new Outbound(RESPONSE, text, null, null, 0, 1)),
                    1 + readerRandom.nextInt(200));
            }
        }
        return queued;
    }

    /**
     * Queues a notification unless the queue is at {@link MockDeribitConfig#maxOutboundFrames()}.
     *
     * @return 1 queued, 0 skipped (backlog), -1 closed.
     */
    int sendNotification(final String text, final MockChannel channel, final long[] tradeSeqs, final long changeId)
    {
        if (writerDone)
        {
            return -1;
        }
        if (queue.size() >= exchange.config().maxOutboundFrames())
        {
            return 0;
        }
        return offer(new Outbound(NOTIFICATION, text, channel, tradeSeqs, changeId, 0)) ? 1 : -1;
    }

    void close(final int code, final String reason)
    {
        offer(new Outbound(CLOSE, reason, null, null, 0, code));
    }

    /**
     * Shuts the output down after the message being written (no close frame): the client reads everything written
     * so far, then end of stream. What is still queued is discarded and counted.
     */
    void drop()
    {
        dropRequested = true;
        queue.offer(WAKE_ITEM);
    }

    /**
     * Resets the connection (RST): data in flight may be lost.
     */
    void reset()
    {
        resetRequested = true;
        dropRequested = true;
        queue.offer(WAKE_ITEM);
    }

    int backlog()
    {
        return queue.size();
    }

    private boolean offer(final Outbound item)
    {
        if (writerDone)
        {
            discard(item);
            return false;
        }
        queue.offer(item);
        if (writerDone && queue.remove(item))
        {
            discard(item);
            return false;
        }
        return true;
    }

    private void discard(final Outbound item)
    {
        if (item.type == NOTIFICATION)
        {
            hostileStats.onNotificationDiscarded(item.channel);
        }
    }

    // ---------------------------------------------------------------- reader thread

    private void read()
    {
        try
        {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int)Math.max(1_000L, exchange.config().closeTimeoutMs() * 5));
            final DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            if (!upgrade(in, socket.getOutputStream()))
            {
                return;
            }
            socket.setSoTimeout(0);
            final MockSession opened = exchange.onOpenHostile(this);
            session = opened;
            final Thread thread = new Thread(this::write, "mock-deribit-hostile-writer");
            thread.setDaemon(true);
            writer = thread;
            thread.start();
            readFrames(in, opened);
        }
        catch (final IOException | RuntimeException ex)
        {
            // end of stream, reset, or a protocol error: the connection ends below
        }
        finally
        {
            closeSocket();
        }
    }

    private boolean upgrade(final DataInputStream in, final OutputStream out) throws IOException
    {
        final String header = readHeader(in);
        if (header == null)
        {
            return false;
        }
        if (exchange.isInMaintenance())
        {
            stats.upgradesRefused.incrementAndGet();
            out.write(SERVICE_UNAVAILABLE);
            out.flush();
            return false;
        }
        final String[] lines = header.split("\r\n");
        final String[] requestLine = lines[0].split(" ");
        String key = null;
        boolean upgradeHeader = false;
        for (int i = 1; i < lines.length; i++)
        {
            final int colon = lines[i].indexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            final String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            final String value = lines[i].substring(colon + 1).trim();
            if ("sec-websocket-key".equals(name))
            {
                key = value;
            }
            else if ("upgrade".equals(name) && "websocket".equalsIgnoreCase(value))
            {
                upgradeHeader = true;
            }
        }
        if (requestLine.length < 3 || !"GET".equals(requestLine[0]) || key == null || !upgradeHeader)
        {
            out.write(BAD_REQUEST);
            out.flush();
            return false;
        }
        final String resource = requestLine[1];
        final int query = resource.indexOf('?');
        final String path = query < 0 ? resource : resource.substring(0, query);
        if (!MockDeribitExchange.PATH.equals(path) && !(MockDeribitExchange.PATH + "/").equals(path))
        {
            out.write(NOT_FOUND);
            out.flush();
            return false;
        }
        final String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
    }

    private static String readHeader(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream header = new ByteArrayOutputStream(512);
        int matched = 0;
        while (header.size() < MAX_HEADER_BYTES)
        {
            final int b = in.read();
            if (b < 0)
            {
                return null;
            }
            header.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ?
                matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4)
            {
                return header.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    static String accept(final String key)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-1 is required by every JDK", ex);
        }
    }

    private void readFrames(final DataInputStream in, final MockSession opened) throws IOException
    {
        final ByteArrayOutputStream message = new ByteArrayOutputStream(1024);
        int messageOpcode = -1;
        while (true)
        {
            final int b0 = in.readUnsignedByte();
            final int b1 = in.readUnsignedByte();
            final boolean fin = (b0 & 0x80) != 0;
            final int opcode = b0 & 0x0F;
            if ((b1 & 0x80) == 0 || (b0 & 0x70) != 0)
            {
                close(1002, "protocol error");
                return;
            }
            long length = b1 & 0x7F;
            if (length == 126)
            {
                length = in.readUnsignedShort();
            }
            else if (length == 127)
            {
                length = in.readLong();
            }
            if (length < 0 || length > MAX_MESSAGE_BYTES || message.size() + length > MAX_MESSAGE_BYTES)
            {
                close(1009, "message too big");
                return;
            }
            final byte[] mask = new byte[4];
            in.readFully(mask);
            final byte[] payload = new byte[(int)length];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++)
            {
                payload[i] ^= mask[i & 3];
            }
            switch (opcode)
            {
                case OPCODE_PING ->
                {
                    pongQueue.add(payload);
                    queue.offer(WAKE_ITEM);
                }
                case OPCODE_PONG ->
                {
                    // an answer to our ping, or unsolicited: nothing to do
                }
                case OPCODE_CLOSE ->
                {
                    final int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1000;
                    close(code == 1005 || code == 1006 || code == 1015 ? 1000 : code, "");
                    awaitWriter();
                    return;
                }
                case OPCODE_TEXT, OPCODE_BINARY, OPCODE_CONTINUATION ->
                {
                    if (opcode != OPCODE_CONTINUATION)
                    {
                        message.reset();
                        messageOpcode = opcode;
                    }
                    message.write(payload, 0, payload.length);
                    if (fin)
                    {
                        onMessage(opened, messageOpcode, message);
                        message.reset();
                    }
                }
                default ->
                {
                    close(1002, "unknown opcode");
                    return;
                }
            }
        }
    }

    private void onMessage(final MockSession opened, final int opcode, final ByteArrayOutputStream message)
    {
        try
        {
            if (opcode == OPCODE_TEXT)
            {
                exchange.rpc().onMessage(opened, message.toString(StandardCharsets.UTF_8));
            }
            else
            {
                exchange.rpc().onBinary(opened);
            }
        }
        catch (final RuntimeException ex)
        {
            stats.callbackErrors.incrementAndGet();
        }
    }

    private void awaitWriter()
    {
        final Thread thread = writer;
        if (thread != null)
        {
            try
            {
                thread.join(exchange.config().closeTimeoutMs());
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    void closeSocket()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        writerDone = true;
        queue.offer(WAKE_ITEM);
        try
        {
            socket.close();
        }
        catch (final IOException ex)
        {
            // closed already
        }
        server.onClosed(this);
        final MockSession opened = session;
        if (opened != null)
        {
            exchange.onClosed(opened);
        }
        discardQueued();
    }

    private void discardQueued()
    {
        Outbound item;
        while ((item = queue.poll()) != null)
        {
            discard(item);
        }
    }

    // ---------------------------------------------------------------- writer thread

    private void write()
    {
        final List<Outbound> batch = new ArrayList<>();
        try
        {
            final OutputStream out = socket.getOutputStream();
            while (!writerDone)
            {
                final Outbound first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (dropRequested)
                {
                    endWithDrop();
                    return;
                }
                writePongs(out);
                if (first == null || first.type == WAKE)
                {
                    continue;
                }
                stall();
                batch.clear();
                batch.add(first);
                if (has(MockHostileFeature.COALESCING) && first.type < CLOSE)
                {
                    coalesce(batch);
                    if (batch.size() > 1)
                    {
                        hostileStats.coalescedBatches.incrementAndGet();
                    }
                }
                pending.reset();
                boolean end = false;
                for (final Outbound item : batch)
                {
                    end |= encode(item);
                }
                flush(out);
                for (final Outbound item : batch)
                {
                    onWritten(item);
                }
                if (end)
                {
                    writerDone = true;
                    exchange.schedule(this::closeSocket, exchange.config().closeTimeoutMs());
                    discardQueued();
                    return;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            for (final Outbound item : batch)
            {
                discard(item);
            }
            closeSocket();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            closeSocket();
        }
    }

    private boolean has(final MockHostileFeature feature)
    {
        return features.contains(feature);
    }

    private void coalesce(final List<Outbound> batch)
    {
        int bytes = batch.get(0).text == null ? 0 : batch.get(0).text.length();
        while (bytes < MAX_BATCH_BYTES && writerRandom.nextInt(100) < 85 && !dropRequested)
        {
            final Outbound next = queue.peek();
            if (next == null || next.type >= CLOSE)
            {
                return;
            }
            queue.poll();
            batch.add(next);
            bytes += next.text.length();
        }
    }

    private void stall() throws InterruptedException
    {
        if (has(MockHostileFeature.STALLS) && writerRandom.nextInt(1_000) < 1)
        {
            final long ms = 1 + writerRandom.nextLong(exchange.config().maxStallMs());
            hostileStats.stalls.incrementAndGet();
            hostileStats.stallMs.addAndGet(ms);
            Thread.sleep(ms);
        }
    }

    private void endWithDrop()
    {
        writerDone = true;
        hostileStats.drops.incrementAndGet();
        try
        {
            if (resetRequested)
            {
                socket.setSoLinger(true, 0);
                socket.close();
            }
            else
            {
                socket.shutdownOutput();
            }
        }
        catch (final IOException ex)
        {
            // closed already
        }
        discardQueued();
        // the reader sees the client's end of stream (or the timeout below) and finishes the close
        exchange.schedule(this::closeSocket, exchange.config().closeTimeoutMs() * 5);
    }

    /**
     * Encodes one item into {@link #pending}.
     *
     * @return true if the connection ends after it (a close frame).
     */
    private boolean encode(final Outbound item)
    {
        if (item.type == CLOSE)
        {
            final byte[] reason = item.text.getBytes(StandardCharsets.UTF_8);
            final int reasonLength = Math.min(reason.length, 123);
            final byte[] payload = new byte[2 + reasonLength];
            payload[0] = (byte)(item.mark >> 8);
            payload[1] = (byte)item.mark;
            System.arraycopy(reason, 0, payload, 2, reasonLength);
            frame(true, OPCODE_CLOSE, payload, 0, payload.length);
            return true;
        }
        if (item.type == DROP || item.type == RESET || item.type == WAKE)
        {
            return false;
        }
        final String text;
        if (json.isActive())
        {
            text = json.rewrite(item.text);
            hostileStats.rewrittenMessages.incrementAndGet();
        }
        else
        {
            text = item.text;
        }
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        maybeControl();
        final boolean everyByte = has(MockHostileFeature.BYTE_FRAGMENTS) && payload.length <= MAX_BYTE_FRAGMENTED &&
            writerRandom.nextInt(100) < 2;
        if (!everyByte && (!has(MockHostileFeature.FRAGMENTATION) || writerRandom.nextInt(100) >= 40))
        {
            frame(true, OPCODE_TEXT, payload, 0, payload.length);
            maybeControl();
            return false;
        }
        hostileStats.fragmentedMessages.incrementAndGet();
        if (everyByte)
        {
            hostileStats.byteFragmentedMessages.incrementAndGet();
        }
        int offset = 0;
        boolean firstFrame = true;
        while (true)
        {
            final int left = payload.length - offset;
            int length;
            if (everyByte)
            {
                length = Math.min(1, left);
            }
            else
            {
                final int roll = writerRandom.nextInt(100);
                length = roll < 10 ? 0 : roll < 40 ? writerRandom.nextInt(1, 8) : writerRandom.nextInt(1, 512);
                length = Math.min(length, left);
            }
            final boolean fin = offset + length == payload.length && (left == 0 || writerRandom.nextInt(100) < 85);
            if (length == 0)
            {
                hostileStats.emptyFragments.incrementAndGet();
            }
            if (!firstFrame)
            {
                hostileStats.continuationFrames.incrementAndGet();
            }
            frame(fin, firstFrame ? OPCODE_TEXT : OPCODE_CONTINUATION, payload, offset, length);
            offset += length;
            firstFrame = false;
            if (fin)
            {
                break;
            }
            maybeControl();
        }
        maybeControl();
        return false;
    }

    private void maybeControl()
    {
        if (!has(MockHostileFeature.CONTROL_FRAMES))
        {
            return;
        }
        byte[] pong;
        while ((pong = pongQueue.poll()) != null)
        {
            frame(true, OPCODE_PONG, pong, 0, pong.length);
            hostileStats.pongsAnswered.incrementAndGet();
        }
        final int roll = writerRandom.nextInt(1_000);
        if (roll < 15)
        {
            final byte[] payload = controlPayload();
            frame(true, OPCODE_PING, payload, 0, payload.length);
            hostileStats.pingsSent.incrementAndGet();
        }
        else if (roll < 25)
        {
            final byte[] payload = controlPayload();
            frame(true, OPCODE_PONG, payload, 0, payload.length);
            hostileStats.unsolicitedPongsSent.incrementAndGet();
        }
    }

    private byte[] controlPayload()
    {
        final int roll = writerRandom.nextInt(10);
        final byte[] payload = new byte[roll < 3 ? 0 : roll < 8 ? writerRandom.nextInt(1, 16) : 125];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)writerRandom.nextInt(256);
        }
        return payload;
    }

    private void writePongs(final OutputStream out) throws IOException
    {
        if (pongQueue.isEmpty())
        {
            return;
        }
        pending.reset();
        byte[] pong;
        while ((pong = pongQueue.poll()) != null)
        {
            frame(true, OPCODE_PONG, pong, 0, pong.length);
            hostileStats.pongsAnswered.incrementAndGet();
        }
        flush(out);
    }

    /**
     * Appends one unmasked frame with the minimal payload-length encoding (RFC 6455 5.2).
     */
    private void frame(final boolean fin, final int opcode, final byte[] payload, final int offset, final int length)
    {
        final ByteArrayOutputStream out = pending;
        out.write((fin ? 0x80 : 0) | opcode);
        if (length <= 125)
        {
            out.write(length);
        }
        else if (length <= 0xFFFF)
        {
            out.write(126);
            out.write(length >>> 8);
            out.write(length);
        }
        else
        {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8)
            {
                out.write((int)((long)length >>> shift));
            }
        }
        out.write(payload, offset, length);
        hostileStats.framesWritten.incrementAndGet();
    }

    /**
     * Writes {@link #pending}: in one write, or with {@link MockHostileFeature#COALESCING} cut at random offsets
     * (mid-header, mid-payload) into several writes, sometimes a few hundred microseconds apart.
     */
    private void flush(final OutputStream out) throws IOException
    {
        final byte[] bytes = pending.toByteArray();
        if (bytes.length == 0)
        {
            return;
        }
        if (!has(MockHostileFeature.COALESCING) || writerRandom.nextInt(100) < 50)
        {
            out.write(bytes);
            hostileStats.socketWrites.incrementAndGet();
        }
        else
        {
            int offset = 0;
            while (offset < bytes.length)
            {
                final int length = Math.min(bytes.length - offset, writerRandom.nextInt(100) < 30 ?
                    writerRandom.nextInt(1, 4) : writerRandom.nextInt(1, 2_048));
                out.write(bytes, offset, length);
                out.flush();
                hostileStats.socketWrites.incrementAndGet();
                offset += length;
                if (writerRandom.nextInt(100) < 5)
                {
                    LockSupport.parkNanos(50_000L + writerRandom.nextLong(500_000L));
                }
            }
        }
        out.flush();
        hostileStats.bytesWritten.addAndGet(bytes.length);
    }

    private void onWritten(final Outbound item)
    {
        switch (item.type)
        {
            case NOTIFICATION ->
            {
                hostileStats.onNotificationWritten(item.channel, item.tradeSeqs, item.changeId);
                item.channel.messagesSent.incrementAndGet();
                stats.notificationsSent.incrementAndGet();
            }
            case RESPONSE ->
            {
                hostileStats.responsesWritten.incrementAndGet();
                if (item.mark == 1)
                {
                    hostileStats.duplicateResponsesWritten.incrementAndGet();
                }
                else if (item.mark == 2)
                {
                    hostileStats.lateResponsesWritten.incrementAndGet();
                }
            }
            default ->
            {
                // heartbeats, injected frames, close
            }
        }
    }

    boolean isOpen()
    {
        return !writerDone && !closed;
    }

    @Override
    public String toString()
    {
        return "MockHostileConnection{" + socket.getRemoteSocketAddress() + ", open=" + isOpen() + '}';
    }
}
