package io.wsnova.testkit;

/**
 * Ready-made faulty connection scripts for {@link TestServer#plan(TestServer.Script...)} and
 * {@link TestServer.Builder#script(TestServer.Script)}.
 */
public final class Scripts
{
    /** How long the waiting scripts keep TCP open at most. */
    public static final long HOLD_MS = 30_000;

    private Scripts()
    {
    }

    /**
     * Serves normally ({@link TestConnection#serve()}).
     *
     * @return the script.
     */
    public static TestServer.Script serve()
    {
        return TestConnection::serve;
    }

    /**
     * Accepts TCP, reads the upgrade request and never answers (until the client closes, at most {@link #HOLD_MS}).
     *
     * @return the script.
     */
    public static TestServer.Script noUpgrade()
    {
        return connection ->
        {
            connection.readRequest();
            connection.awaitEof(HOLD_MS);
        };
    }

    /**
     * Answers the upgrade with an HTTP status, e.g. 503, and closes.
     *
     * @param status the status code.
     * @param reason the reason phrase.
     * @return the script.
     */
    public static TestServer.Script status(final int status, final String reason)
    {
        return connection ->
        {
            connection.readRequest();
            connection.write(Frames.httpStatus(status, reason));
        };
    }

    /**
     * Upgrades, then reads and discards everything: no pongs, no answers, TCP open (at most {@link #HOLD_MS}).
     *
     * @return the script.
     */
    public static TestServer.Script silent()
    {
        return connection ->
        {
            connection.acceptUpgrade();
            connection.awaitEof(HOLD_MS);
        };
    }

    /**
     * Upgrades, writes the first {@code length} bytes of a text frame, then resets the connection.
     *
     * @param payloadLength the payload length of the whole frame.
     * @param length        how many bytes of it to write.
     * @return the script.
     */
    public static TestServer.Script halfFrameThenReset(final int payloadLength, final int length)
    {
        return connection ->
        {
            connection.acceptUpgrade();
            connection.write(Frames.half(Frames.TEXT, new byte[payloadLength], length));
            connection.reset();
        };
    }

    /**
     * Reads the request, waits, then upgrades and serves normally.
     *
     * @param delayMs how long the upgrade takes.
     * @return the script.
     */
    public static TestServer.Script slowUpgrade(final long delayMs)
    {
        return connection ->
        {
            final String request = connection.readRequest();
            connection.silence(delayMs);
            connection.write(Frames.switchingProtocols(request));
            connection.serveUpgraded();
        };
    }

    /**
     * Upgrades, sends a close frame with this code at once and closes TCP.
     *
     * @param code the close code, e.g. 1012 (service restart).
     * @return the script.
     */
    public static TestServer.Script closeAfterUpgrade(final int code)
    {
        return connection ->
        {
            connection.acceptUpgrade();
            connection.writeFrame(Frames.CLOSE, Frames.closePayload(code, new byte[0]));
            connection.close();
        };
    }

    /**
     * Closes TCP at once, without reading the request or answering.
     *
     * @return the script.
     */
    public static TestServer.Script closeWithoutHandshake()
    {
        return TestConnection::close;
    }

    /**
     * Resets (RST) at once, without answering.
     *
     * @return the script.
     */
    public static TestServer.Script resetWithoutHandshake()
    {
        return TestConnection::reset;
    }

    /**
     * Upgrades, then writes the same bytes again and again (e.g. a chunk of a thousand frames) until the client goes
     * away or the time is up: a firehose for throughput and allocation tests.
     *
     * @param chunk      the bytes written each time.
     * @param durationMs how long at most.
     * @return the script.
     */
    public static TestServer.Script flood(final byte[] chunk, final long durationMs)
    {
        return connection ->
        {
            connection.acceptUpgrade();
            final long deadlineNs = System.nanoTime() + durationMs * 1_000_000L;
            while (System.nanoTime() - deadlineNs < 0)
            {
                connection.write(chunk);
            }
        };
    }
}
