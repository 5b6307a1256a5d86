package io.wsnova.engine.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A hand-rolled WebSocket server on 127.0.0.1 for tests that need a server to misbehave on purpose: each accepted
 * connection runs a {@link Script} that may answer the upgrade (or not), then write raw bytes, read client
 * frames, go silent, or reset. Every connection thread is a daemon and everything closes with {@link #close()}.
 */
public final class RawServer implements AutoCloseable
{
    /**
     * What the server does with one accepted connection.
     */
    @FunctionalInterface
    public interface Script
    {
        /**
         * Runs the connection.
         *
         * @param connection the accepted connection.
         * @throws Exception anything; the connection is closed afterwards.
         */
        void run(Connection connection) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final Script script;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    public RawServer(final Script script) throws IOException
    {
        this(0, script);
    }

    /**
     * A server on a given loopback port (0 = any), for a restart on the port a stopped server used.
     */
    public RawServer(final int port, final Script script) throws IOException
    {
        this.script = script;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        acceptor = new Thread(this::acceptLoop, "raw-server-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port()
    {
        return serverSocket.getLocalPort();
    }

    public String url(final String path)
    {
        return "ws://127.0.0.1:" + port() + path;
    }

    public List<Connection> connections()
    {
        return connections;
    }

    private void acceptLoop()
    {
        while (!closed)
        {
            try
            {
                final Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                final Connection connection = new Connection(socket);
                connections.add(connection);
                final Thread thread = new Thread(() ->
                {
                    try
                    {
                        script.run(connection);
                    }
                    catch (final Exception ignore)
                    {
                        // scripts end by throwing when the client goes away
                    }
                    finally
                    {
                        connection.close();
                    }
                }, "raw-server-connection");
                thread.setDaemon(true);
                thread.start();
            }
            catch (final IOException ex)
            {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        closed = true;
        serverSocket.close();
        for (final Connection connection : connections)
        {
            connection.close();
        }
    }

    /**
     * One accepted connection with helpers to speak (and break) the protocol.
     */
    public static final class Connection
    {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private volatile String request;

        Connection(final Socket socket) throws IOException
        {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        public Socket socket()
        {
            return socket;
        }

        public String request()
        {
            return request;
        }

        /**
         * Reads the client's upgrade request up to the blank line.
         */
        public String readRequest() throws IOException
        {
            final ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4)
            {
                final int b = in.read();
                if (b < 0)
                {
                    throw new IOException("EOF in request");
                }
                head.write(b);
                final boolean cr = b == '\r' && (matched == 0 || matched == 2);
                final boolean lf = b == '\n' && (matched == 1 || matched == 3);
                matched = cr || lf ? matched + 1 : 0;
            }
            request = head.toString(StandardCharsets.ISO_8859_1);
            return request;
        }

        /**
         * Reads the request and answers with a valid 101.
         */
        public void acceptUpgrade() throws IOException
        {
            acceptUpgrade("");
        }

        /**
         * Reads the request and answers with a valid 101 plus extra header lines (each ending in CRLF).
         */
        public void acceptUpgrade(final String extraHeaders) throws IOException
        {
            final String req = readRequest();
            final String key = header(req, "Sec-WebSocket-Key");
            write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        }

        public void write(final byte[] bytes) throws IOException
        {
            out.write(bytes);
            out.flush();
        }

        /**
         * Writes one unmasked server frame.
         */
        public void writeFrame(final int firstByte, final byte[] payload) throws IOException
        {
            write(frame(firstByte, payload));
        }

        /**
         * Reads one masked client frame and returns {opcode-byte, payload...} unmasked as a {@link Frame}.
         */
        public Frame readFrame() throws IOException
        {
            final int b0 = readByte();
            final int b1 = readByte();
            long length = b1 & 0x7F;
            if (length == 126)
            {
                length = (readByte() << 8) | readByte();
            }
            else if (length == 127)
            {
                length = 0;
                for (int i = 0; i < 8; i++)
                {
                    length = (length << 8) | readByte();
                }
            }
            final byte[] mask = new byte[4];
            final boolean masked = (b1 & 0x80) != 0;
            if (masked)
            {
                readFully(mask);
            }
            final byte[] payload = new byte[(int)length];
            readFully(payload);
            if (masked)
            {
                for (int i = 0; i < payload.length; i++)
                {
                    payload[i] ^= mask[i & 3];
                }
            }
            return new Frame(b0, masked, payload);
        }

        /**
         * Reads until the client closes TCP or the timeout passes.
         *
         * @return true if EOF was seen.
         */
        public boolean awaitEof(final long timeoutMs) throws IOException
        {
            socket.setSoTimeout((int)timeoutMs);
            try
            {
                while (in.read() >= 0)
                {
                    // discard
                }
                return true;
            }
            catch (final java.net.SocketTimeoutException ex)
            {
                return false;
            }
            catch (final IOException ex)
            {
                return true;
            }
        }

        /**
         * Sleeps without reading or writing: a server that went silent but keeps TCP open.
         */
        public void silence(final long millis) throws InterruptedException
        {
            TimeUnit.MILLISECONDS.sleep(millis);
        }

        /**
         * Resets the connection (RST instead of FIN).
         */
        public void reset() throws IOException
        {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private int readByte() throws IOException
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("EOF");
            }
            return b;
        }

        private void readFully(final byte[] bytes) throws IOException
        {
            int read = 0;
            while (read < bytes.length)
            {
                final int n = in.read(bytes, read, bytes.length - read);
                if (n < 0)
                {
                    throw new IOException("EOF");
                }
                read += n;
            }
        }

        void close()
        {
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // test server
            }
        }
    }

    /**
     * A frame read from the client.
     *
     * @param firstByte FIN, RSV and opcode.
     * @param masked    whether the client masked it (it must).
     * @param payload   the unmasked payload.
     */
    public record Frame(int firstByte, boolean masked, byte[] payload)
    {
        public int opcode()
        {
            return firstByte & 0x0F;
        }

        public int closeCode()
        {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }

        public String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /**
     * An unmasked server frame with a minimal length encoding.
     */
    public static byte[] frame(final int firstByte, final byte[] payload)
    {
        final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126)
        {
            frame.write(payload.length);
        }
        else if (payload.length < 65536)
        {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        else
        {
            frame.write(127);
            for (int i = 7; i >= 0; i--)
            {
                frame.write((int)(((long)payload.length >>> (8 * i)) & 0xFF));
            }
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    public static String header(final String request, final String name)
    {
        for (final String line : request.split("\r\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name))
            {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    public static String acceptKey(final String key)
    {
        try
        {
            final MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            final byte[] digest = sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                .getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
