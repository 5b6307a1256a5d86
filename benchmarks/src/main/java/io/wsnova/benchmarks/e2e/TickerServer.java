package io.wsnova.benchmarks.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The rig's loopback server: a minimal RFC 6455 server over a plain socket (no library on the send side) that
 * accepts one client, answers its upgrade, then sends {@code totalMessages} unmasked text frames on an open-loop
 * schedule: message {@code i} is due at {@code startNs + i * 1e9 / rate} and carries that intended time whatever
 * time it actually leaves. When the server falls behind (the receiver stops draining and the socket buffer
 * fills) the due messages go out at once, several per write, still stamped with their intended times, so a stall
 * shows in the receiver's latencies instead of being hidden (no coordinated omission). After the last message it
 * sends a close frame and waits, bounded, for the client's close. Each message also carries the time just before
 * the write that sent it, so receivers can separate the server's lateness from their own.
 * <p>
 * The send loop busy-spins between messages on its own thread (the rig pins the server's JVM to its own CPU).
 * {@code --max} uses the batched sender instead ({@link BatchSender}: pre-encoded frames, many per write, times
 * per batch), which offers several million small messages a second from one CPU.
 */
final class TickerServer implements AutoCloseable
{
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_BATCH = 64;
    private static final int MAX_REQUEST_LENGTH = 16 * 1024;
    private static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CLOSE_WAIT_MS = 5_000;

    private final ServerSocketChannel serverChannel;
    private final TickerMessage message;
    private final long rate;
    private final long totalMessages;
    private final boolean batched;
    private volatile SocketChannel client;

    /** What one serve did, read by the rig after {@link #serve} returned. */
    static final class Outcome
    {
        long sentMessages;
        long runQueueWaitNs = -1;
        long maxSendLagNs;
        long lateWrites;
        long writes;
        /** From the first message's slot to the end of the last write. */
        long sendNs;
        boolean clientClosed;
        String error;
    }

    TickerServer(final TickerMessage message, final long rate, final long totalMessages) throws IOException
    {
        this(message, rate, totalMessages, false);
    }

    /**
     * A server for one schedule.
     *
     * @param message       the message.
     * @param rate          messages per second.
     * @param totalMessages messages to send.
     * @param batched       true for {@link BatchSender} (times per batch), false for one message per slot.
     * @throws IOException when the listening socket cannot be opened.
     */
    TickerServer(final TickerMessage message, final long rate, final long totalMessages, final boolean batched)
        throws IOException
    {
        this.batched = batched;
        this.message = message;
        this.rate = rate;
        this.totalMessages = totalMessages;
        this.serverChannel = ServerSocketChannel.open();
        serverChannel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    int port()
    {
        try
        {
            return ((InetSocketAddress)serverChannel.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("server socket closed", ex);
        }
    }

    /**
     * Accepts one client and runs the schedule to its end; bounded by {@code acceptTimeoutMs} for the client to
     * connect and by the socket's progress after that (a client that stops reading is closed when the rig's
     * overall deadline closes the server).
     *
     * @param acceptTimeoutMs how long to wait for the client.
     * @return the outcome.
     */
    Outcome serve(final long acceptTimeoutMs)
    {
        final Outcome outcome = new Outcome();
        try (SocketChannel channel = accept(acceptTimeoutMs))
        {
            client = channel;
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            handshake(channel);
            final InboundWatcher watcher = new InboundWatcher(channel);
            final Thread watcherThread = new Thread(watcher, "rig-server-inbound");
            watcherThread.setDaemon(true);
            watcherThread.start();
            if (batched)
            {
                new BatchSender(message, rate).send(channel, totalMessages, outcome);
            }
            else
            {
                sendSchedule(channel, outcome);
            }
            writeFully(channel, ByteBuffer.wrap(new byte[]{(byte)0x88, 2, 0x03, (byte)0xE8}));
            outcome.clientClosed = watcher.awaitClose(CLOSE_WAIT_MS);
        }
        catch (final IOException | RuntimeException ex)
        {
            outcome.error = ex.toString();
        }
        return outcome;
    }

    private SocketChannel accept(final long acceptTimeoutMs) throws IOException
    {
        serverChannel.configureBlocking(false);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(acceptTimeoutMs);
        while (true)
        {
            final SocketChannel channel = serverChannel.accept();
            if (channel != null)
            {
                channel.configureBlocking(true);
                return channel;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new SocketTimeoutException("no client connected within " + acceptTimeoutMs + " ms");
            }
            sleepMs(1);
        }
    }

    private static void handshake(final SocketChannel channel) throws IOException
    {
        final ByteBuffer request = ByteBuffer.allocate(MAX_REQUEST_LENGTH);
        while (!endsHead(request))
        {
            if (!request.hasRemaining() || channel.read(request) < 0)
            {
                throw new IOException("bad upgrade request");
            }
        }
        final String head = new String(request.array(), 0, request.position(), StandardCharsets.ISO_8859_1);
        String key = null;
        for (final String line : head.split("\r\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key"))
            {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null)
        {
            throw new IOException("upgrade request without Sec-WebSocket-Key");
        }
        final String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
        writeFully(channel, ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static boolean endsHead(final ByteBuffer request)
    {
        final int n = request.position();
        return n >= 4 && request.get(n - 4) == '\r' && request.get(n - 3) == '\n' && request.get(n - 2) == '\r' &&
            request.get(n - 1) == '\n';
    }

    static String accept(final String key)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-1 is required of every JDK", ex);
        }
    }

    private void sendSchedule(final SocketChannel channel, final Outcome outcome) throws IOException
    {
        final byte[] frame = frame(message.payload());
        final int frameLength = frame.length;
        final int payloadOffset = frameLength - message.length();
        final ByteBuffer out = ByteBuffer.allocateDirect(frameLength * MAX_BATCH);
        for (int i = 0; i < MAX_BATCH; i++)
        {
            out.put(i * frameLength, frame);
        }
        final long total = totalMessages;
        final long rate = this.rate;
        final long startWaitNs = Machine.threadRunQueueWaitNs();
        final long startNs = System.nanoTime() + START_DELAY_NS;
        long next = 0;
        long maxLagNs = 0;
        long lateWrites = 0;
        long writes = 0;
        while (next < total)
        {
            final long dueNs = startNs + next * 1_000_000_000L / rate;
            long nowNs = System.nanoTime();
            if (nowNs - dueNs < 0)
            {
                while ((nowNs = System.nanoTime()) - dueNs < 0)
                {
                    Thread.onSpinWait();
                }
            }
            int batch = 0;
            long intendedNs = dueNs;
            do
            {
                message.stamp(out, batch * frameLength + payloadOffset, intendedNs,
                    TickerMessage.BASE_TIMESTAMP_MS + (intendedNs - startNs) / 1_000_000L);
                batch++;
                next++;
                intendedNs = startNs + next * 1_000_000_000L / rate;
            }
            while (batch < MAX_BATCH && next < total && intendedNs - nowNs <= 0);
            final long lagNs = nowNs - dueNs;
            maxLagNs = Math.max(maxLagNs, lagNs);
            if (batch > 1)
            {
                lateWrites++;
            }
            final long sentNs = System.nanoTime();
            for (int i = 0; i < batch; i++)
            {
                message.stampSent(out, i * frameLength + payloadOffset, sentNs);
            }
            out.limit(batch * frameLength).position(0);
            writeFully(channel, out);
            out.clear();
            writes++;
            outcome.sentMessages = next;
        }
        outcome.sendNs = System.nanoTime() - startNs;
        final long endWaitNs = Machine.threadRunQueueWaitNs();
        outcome.runQueueWaitNs = startWaitNs < 0 || endWaitNs < 0 ? -1 : endWaitNs - startWaitNs;
        outcome.maxSendLagNs = maxLagNs;
        outcome.lateWrites = lateWrites;
        outcome.writes = writes;
    }

    /**
     * An unmasked, final text frame around the payload.
     *
     * @param payload the payload.
     * @return header and payload.
     */
    static byte[] frame(final byte[] payload)
    {
        final int length = payload.length;
        final int headerLength = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        final byte[] frame = new byte[headerLength + length];
        frame[0] = (byte)0x81;
        if (headerLength == 2)
        {
            frame[1] = (byte)length;
        }
        else if (headerLength == 4)
        {
            frame[1] = 126;
            frame[2] = (byte)(length >>> 8);
            frame[3] = (byte)length;
        }
        else
        {
            frame[1] = 127;
            for (int i = 0; i < 8; i++)
            {
                frame[2 + i] = (byte)((long)length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, headerLength, length);
        return frame;
    }

    private static void writeFully(final SocketChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    /**
     * Closes the listening socket and the client's connection, which ends a {@link #serve} blocked in a write.
     *
     * @throws IOException when closing fails.
     */
    void stop() throws IOException
    {
        serverChannel.close();
        final SocketChannel channel = client;
        if (channel != null)
        {
            channel.close();
        }
    }

    @Override
    public void close() throws IOException
    {
        stop();
    }

    /**
     * Reads what the client sends (masked frames) and watches for its close frame; everything else is dropped.
     * The client sends nothing else in a run (no peer pings within the window by default).
     */
    private static final class InboundWatcher implements Runnable
    {
        private final SocketChannel channel;
        private volatile boolean closed;

        InboundWatcher(final SocketChannel channel)
        {
            this.channel = channel;
        }

        @Override
        public void run()
        {
            final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            try
            {
                while (!closed && channel.read(in) >= 0)
                {
                    in.flip();
                    while (!closed && in.remaining() >= 2)
                    {
                        final int start = in.position();
                        final int opcode = in.get(start) & 0x0F;
                        final int len7 = in.get(start + 1) & 0x7F;
                        final int extra = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
                        final int masked = (in.get(start + 1) & 0x80) != 0 ? 4 : 0;
                        if (in.remaining() < 2 + extra + masked)
                        {
                            break;
                        }
                        long length = len7;
                        if (extra == 2)
                        {
                            length = in.getShort(start + 2) & 0xFFFF;
                        }
                        else if (extra == 8)
                        {
                            length = in.getLong(start + 2);
                        }
                        final long frameLength = 2 + extra + masked + length;
                        if (in.remaining() < frameLength)
                        {
                            break;
                        }
                        if (opcode == 0x8)
                        {
                            closed = true;
                        }
                        in.position((int)(start + frameLength));
                    }
                    in.compact();
                }
            }
            catch (final IOException ignore)
            {
                // the socket was closed under us: the close wait ends on its own
            }
            closed = true;
        }

        boolean awaitClose(final long timeoutMs)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!closed && System.nanoTime() - deadlineNs < 0)
            {
                sleepMs(1);
            }
            return closed;
        }
    }
}
