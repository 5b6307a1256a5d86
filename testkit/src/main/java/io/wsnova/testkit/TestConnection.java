package io.wsnova.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection accepted by a {@link TestServer}, with the means to speak the protocol and to break it: read the
 * upgrade request, answer it (or not), write frames, fragments, half frames or raw bytes, read the client's
 * frames, go silent, end with a FIN or reset with RST. Writes are serialised by a lock, so a test thread may
 * push while the connection's script answers.
 */
public final class TestConnection
{
    private final TestServer server;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int index;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile String request;
    private volatile boolean open = true;
    private volatile boolean closeSent;

    TestConnection(final TestServer server, final Socket socket, final int index) throws IOException
    {
        this.server = server;
        this.socket = socket;
        this.index = index;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * The index of this connection.
     *
     * @return 1 for the first connection the server accepted, 2 for the next, and so on.
     */
    public int index()
    {
        return index;
    }

    /**
     * The server side socket, for options such as SO_TIMEOUT.
     *
     * @return the socket.
     */
    public Socket socket()
    {
        return socket;
    }

    /**
     * The upgrade request, once read.
     *
     * @return the request head, or null before {@link #readRequest()}.
     */
    public String request()
    {
        return request;
    }

    /**
     * Whether nothing ended this connection yet (no reset, drop, close or write failure).
     *
     * @return true while writes are still attempted.
     */
    public boolean isOpen()
    {
        return open;
    }

    /**
     * Reads the client's upgrade request up to the blank line.
     *
     * @return the request head.
     * @throws IOException on EOF or a read error.
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
            matched = cr || lf ? matched + 1 : b == '\r' ? 1 : 0;
        }
        request = head.toString(StandardCharsets.ISO_8859_1);
        return request;
    }

    /**
     * Reads the request and answers it through the server's {@link TestServer.Handshake} hook.
     *
     * @return true when the answer was a 101 (the connection is upgraded).
     * @throws IOException on a read or write error.
     */
    public boolean upgrade() throws IOException
    {
        final byte[] response = server.handshakeResponse(readRequest());
        final boolean upgraded = new String(response, 0, Math.min(12, response.length),
            StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101");
        if (upgraded)
        {
            // counted before the 101 is written: a client that has seen its handshake complete sees the count
            server.onUpgraded(this);
        }
        write(response);
        return upgraded;
    }

    /**
     * Reads the request and answers with a valid 101.
     *
     * @throws IOException on a read or write error.
     */
    public void acceptUpgrade() throws IOException
    {
        acceptUpgrade("");
    }

    /**
     * Reads the request and answers with a valid 101 plus extra header lines.
     *
     * @param extraHeaders header lines, each ending in CRLF.
     * @throws IOException on a read or write error.
     */
    public void acceptUpgrade(final String extraHeaders) throws IOException
    {
        final byte[] response = Frames.switchingProtocols(readRequest(), extraHeaders);
        server.onUpgraded(this);
        write(response);
    }

    /**
     * Upgrades through the server's handshake hook and then serves the connection until it ends: pongs pings,
     * echoes the close handshake, reassembles fragments, records frames and text messages and answers them (see
     * {@link TestServer}). A refused upgrade returns at once.
     *
     * @throws IOException when the connection ends other than by a close handshake.
     */
    public void serve() throws IOException
    {
        if (upgrade())
        {
            serveUpgraded();
        }
    }

    /**
     * Serves an already upgraded connection as {@link #serve()} does.
     *
     * @throws IOException when the connection ends other than by a close handshake.
     */
    public void serveUpgraded() throws IOException
    {
        server.onServing(this);
        try
        {
            ByteArrayOutputStream message = null;
            int messageOpcode = 0;
            while (true)
            {
                final Frame frame = readFrame();
                server.onFrame(frame);
                switch (frame.opcode())
                {
                    case 0x8 ->
                    {
                        if (!closeSent)
                        {
                            writeFrame(Frames.CLOSE, frame.payload().length >= 2 ?
                                Arrays.copyOf(frame.payload(), 2) : new byte[0]);
                        }
                        return;
                    }
                    case 0x9 -> writeFrame(Frames.PONG, frame.payload());
                    case 0x1, 0x2 ->
                    {
                        if (frame.fin())
                        {
                            onMessage(frame.opcode(), frame.payload());
                        }
                        else
                        {
                            messageOpcode = frame.opcode();
                            message = new ByteArrayOutputStream();
                            message.writeBytes(frame.payload());
                        }
                    }
                    case 0x0 ->
                    {
                        if (message != null)
                        {
                            message.writeBytes(frame.payload());
                            if (frame.fin())
                            {
                                onMessage(messageOpcode, message.toByteArray());
                                message = null;
                            }
                        }
                    }
                    default ->
                    {
                    }
                }
            }
        }
        finally
        {
            server.onServed(this);
        }
    }

    private void onMessage(final int opcode, final byte[] payload) throws IOException
    {
        if (opcode == 0x1)
        {
            final String reply = server.onText(this, new String(payload, StandardCharsets.UTF_8));
            if (reply != null)
            {
                sendText(reply);
            }
        }
        else if (server.echoes())
        {
            writeFrame(Frames.BINARY, payload);
        }
    }

    /**
     * Writes raw bytes and flushes.
     *
     * @param bytes the bytes, written as given.
     * @throws IOException if the connection is closed or the write fails.
     */
    public void write(final byte[] bytes) throws IOException
    {
        writeLock.lock();
        try
        {
            if (!open)
            {
                throw new IOException("closed");
            }
            out.write(bytes);
            out.flush();
        }
        catch (final IOException ex)
        {
            open = false;
            throw ex;
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * Writes one unmasked frame.
     *
     * @param firstByte FIN, RSV and opcode bits, as given.
     * @param payload   the payload.
     * @throws IOException if the connection is closed or the write fails.
     */
    public void writeFrame(final int firstByte, final byte[] payload) throws IOException
    {
        write(Frames.frame(firstByte, payload));
    }

    /**
     * Sends a text message in one frame.
     *
     * @param text the text.
     * @throws IOException if the connection is closed or the write fails.
     */
    public void sendText(final String text) throws IOException
    {
        writeFrame(Frames.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a binary message in one frame.
     *
     * @param payload the payload.
     * @throws IOException if the connection is closed or the write fails.
     */
    public void sendBinary(final byte[] payload) throws IOException
    {
        writeFrame(Frames.BINARY, payload);
    }

    /**
     * Sends a ping.
     *
     * @param payload the application data (at most 125 bytes for a valid ping).
     * @throws IOException if the connection is closed or the write fails.
     */
    public void sendPing(final byte[] payload) throws IOException
    {
        writeFrame(Frames.PING, payload);
    }

    /**
     * Sends a text message as fragments: a text frame without FIN, continuations, a final continuation.
     *
     * @param text      the text.
     * @param fragments how many frames (at least 1).
     * @throws IOException if the connection is closed or the write fails.
     */
    public void sendFragmented(final String text, final int fragments) throws IOException
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final int size = (bytes.length + fragments - 1) / Math.max(1, fragments);
        int offset = 0;
        for (int i = 0; i < fragments; i++)
        {
            final int end = i == fragments - 1 ? bytes.length : Math.min(bytes.length, offset + size);
            final int opcode = i == 0 ? 0x1 : 0x0;
            writeFrame((i == fragments - 1 ? 0x80 : 0) | opcode, Arrays.copyOfRange(bytes, offset, end));
            offset = end;
        }
    }

    /**
     * Sends a close frame; the serving loop will not send another when the client answers.
     *
     * @param code   the status code.
     * @param reason the reason.
     * @throws IOException if the connection is closed or the write fails.
     */
    public void sendClose(final int code, final String reason) throws IOException
    {
        closeSent = true;
        writeFrame(Frames.CLOSE, Frames.closePayload(code, reason.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads one client frame (masked or not) and unmasks it.
     *
     * @return the frame.
     * @throws IOException on EOF, a timeout or a read error.
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
     * Reads and discards until the client closes TCP or the timeout passes.
     *
     * @param timeoutMs the longest wait.
     * @return true if EOF (or a reset) was seen.
     * @throws IOException if the timeout cannot be set.
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
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    /**
     * Neither reads nor writes for a while: a server that went silent but keeps TCP open.
     *
     * @param millis how long.
     * @throws InterruptedException if interrupted.
     */
    public void silence(final long millis) throws InterruptedException
    {
        TimeUnit.MILLISECONDS.sleep(millis);
    }

    /**
     * Resets the connection: RST instead of FIN (SO_LINGER 0).
     *
     * @throws IOException if the socket cannot be closed.
     */
    public void reset() throws IOException
    {
        writeLock.lock();
        try
        {
            open = false;
            socket.setSoLinger(true, 0);
            socket.close();
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * Ends the server's side with a FIN after what was written (no close frame); reads may go on.
     *
     * @throws IOException if the socket is gone.
     */
    public void shutdownOutput() throws IOException
    {
        writeLock.lock();
        try
        {
            open = false;
            socket.shutdownOutput();
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * Closes the socket (FIN, no close frame); idempotent.
     */
    public void close()
    {
        open = false;
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // test server
        }
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
}
