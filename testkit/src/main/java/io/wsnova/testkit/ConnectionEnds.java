package io.wsnova.testkit;

import java.io.IOException;
import java.util.Arrays;

/**
 * The ways a server can end a WebSocket connection, for tests that check a client recovers from each of them. A
 * kind is named as a test parameter: {@code closeNNNN} (a close frame with status code NNNN), {@code closeNoStatus}
 * (a close frame without a body), {@code reset} (a TCP reset), {@code resetMidFrame} (half of a data frame, then a
 * reset), {@code dataAndCloseInOneSegment} (a data frame and a close 1001 in one write) and {@code fin} (the output
 * shut down without a close frame).
 */
public final class ConnectionEnds
{
    /** Ends in one write with {@code dataFrame} followed by a close 1001. */
    public static final String DATA_AND_CLOSE_IN_ONE_SEGMENT = "dataAndCloseInOneSegment";

    private ConnectionEnds()
    {
    }

    /**
     * Ends a connection the way {@code kind} names.
     *
     * @param connection the server side of the connection.
     * @param kind       one of the kinds of the class comment.
     * @param dataFrame  a whole data frame (e.g. {@link Frames#frame}) for the kinds that send one first.
     * @throws IOException if the connection is already gone.
     */
    public static void end(final TestConnection connection, final String kind, final byte[] dataFrame)
        throws IOException
    {
        switch (kind)
        {
            case "closeNoStatus" -> connection.writeFrame(Frames.CLOSE, new byte[0]);
            case "reset" -> connection.reset();
            case "resetMidFrame" ->
            {
                connection.write(Arrays.copyOf(dataFrame, dataFrame.length / 2));
                connection.reset();
            }
            case DATA_AND_CLOSE_IN_ONE_SEGMENT -> connection.write(Frames.concat(dataFrame,
                Frames.frame(Frames.CLOSE, Frames.closePayload(1001, Frames.utf8("going away")))));
            case "fin" -> connection.shutdownOutput();
            default ->
            {
                if (!kind.startsWith("close"))
                {
                    throw new IllegalArgumentException("not a connection end: " + kind);
                }
                connection.sendClose(Integer.parseInt(kind.substring("close".length())), "bye");
            }
        }
    }
}
