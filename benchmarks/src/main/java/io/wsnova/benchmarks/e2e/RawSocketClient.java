package io.wsnova.benchmarks.e2e;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: no WebSocket library. A platform thread does blocking reads on a {@link SocketChannel} into one
 * direct buffer and parses the server's unmasked frames by hand (the handshake is a hand-written request and a
 * check for {@code 101}). The decode variant runs wsnova's venue decoder (Deribit ticker or Binance trade) over the
 * same buffer, so the difference between this and wsnova is the engine's transport, not the JSON.
 */
final class RawSocketClient implements RigClient
{
    private static final int BUFFER_LENGTH = 256 * 1024;

    private SocketChannel channel;
    private Thread reader;

    @Override
    public void connect(final URI uri, final LatencyRecorder recorder, final boolean decode) throws IOException
    {
        channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        final byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        final String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" +
            uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " +
            Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        final ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
        while (out.hasRemaining())
        {
            channel.write(out);
        }
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_LENGTH);
        final int headEnd = readHead(buffer);
        final FrameLoop loop = new FrameLoop(channel, buffer, headEnd, recorder, decode);
        reader = new Thread(loop, "raw-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private int readHead(final ByteBuffer buffer) throws IOException
    {
        while (true)
        {
            if (channel.read(buffer) < 0)
            {
                throw new IOException("closed during the handshake");
            }
            for (int i = 3; i < buffer.position(); i++)
            {
                if (buffer.get(i - 3) == '\r' && buffer.get(i - 2) == '\n' && buffer.get(i - 1) == '\r' &&
                    buffer.get(i) == '\n')
                {
                    final byte[] status = new byte[12];
                    buffer.get(0, status);
                    if (!new String(status, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101"))
                    {
                        throw new IOException("upgrade refused");
                    }
                    return i + 1;
                }
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException
    {
        if (channel != null)
        {
            channel.close();
        }
        if (reader != null)
        {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Override
    public String configuration()
    {
        return "blocking SocketChannel read on a platform thread into a 256 KiB direct buffer, frames parsed by " +
            "hand; decode variant: wsnova's venue decoder (DeribitMessageDecoder or the Binance handler) over that " +
            "buffer";
    }

    /** The reader thread: read, parse every whole frame in place, compact. */
    private static final class FrameLoop implements Runnable
    {
        private final SocketChannel channel;
        private final ByteBuffer buffer;
        private final UnsafeBuffer view;
        private final LatencyRecorder recorder;
        private final VenueDecoder decoder;
        private int start;

        FrameLoop(
            final SocketChannel channel,
            final ByteBuffer buffer,
            final int start,
            final LatencyRecorder recorder,
            final boolean decode)
        {
            this.channel = channel;
            this.buffer = buffer;
            this.view = new UnsafeBuffer(buffer);
            this.start = start;
            this.recorder = recorder;
            this.decoder = decode ? new VenueDecoder(recorder.trade()) : null;
        }

        @Override
        public void run()
        {
            try
            {
                while (parse() && channel.read(buffer) >= 0)
                {
                    // parse what arrived on the next turn
                }
            }
            catch (final IOException ignore)
            {
                // closed by close(): the run is over
            }
        }

        /**
         * Handles every whole frame between {@code start} and the buffer's position, then compacts.
         *
         * @return false on a close frame.
         */
        private boolean parse()
        {
            final ByteBuffer buffer = this.buffer;
            final int end = buffer.position();
            int offset = start;
            boolean open = true;
            while (end - offset >= 2)
            {
                final int b0 = buffer.get(offset) & 0xFF;
                final int len7 = buffer.get(offset + 1) & 0x7F;
                final int headerLength = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
                if (end - offset < headerLength)
                {
                    break;
                }
                final int length = len7 == 126 ? buffer.getShort(offset + 2) & 0xFFFF :
                    len7 == 127 ? (int)buffer.getLong(offset + 2) : len7;
                if (end - offset < headerLength + length)
                {
                    break;
                }
                final int payloadOffset = offset + headerLength;
                final int opcode = b0 & 0x0F;
                if (opcode == 0x1 || opcode == 0x2)
                {
                    onMessage(payloadOffset, length);
                }
                else if (opcode == 0x8)
                {
                    open = false;
                }
                offset = payloadOffset + length;
            }
            if (offset == end)
            {
                buffer.clear();
            }
            else
            {
                buffer.limit(end).position(offset);
                buffer.compact();
            }
            start = 0;
            return open;
        }

        private void onMessage(final int offset, final int length)
        {
            final long intendedNs = TickerMessage.nanos(view, offset + recorder.intendedOffset());
            final long sentNs = TickerMessage.nanos(view, offset + recorder.sentOffset());
            final VenueDecoder decoder = this.decoder;
            if (decoder != null && !decoder.decode(view, offset, length))
            {
                recorder.onDecodeFailure();
            }
            recorder.record(intendedNs, sentNs, System.nanoTime());
        }
    }
}
