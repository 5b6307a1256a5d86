package io.wsnova.aeron;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The layout of one capture record: one Aeron message of a recording made by {@link InboundRecorder}, little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                          Type (int32)                         |
 *  +---------------------------------------------------------------+
 *  |                        Reserved (int32)                       |
 *  +---------------------------------------------------------------+
 *  |                     Connection id (int64)                     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Receive time, epoch nanoseconds (int64)            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |           Receive time, monotonic nanoseconds (int64)         |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      Aux (int64): frames sent / line position / line count    |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Payload (0 or more)                     ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Types: {@link #TEXT} and {@link #BINARY} carry a complete inbound message (aux: frames the WebSocket had sent),
 * {@link #OPEN} and {@link #CLOSE} bound one WebSocket, {@link #LIFECYCLE} a connection event as its JSON status
 * line (connected with the URL, disconnected with reason and close code, reconnecting, reconnected),
 * {@link #HEADER} the command line of the run (UTF-8, one argument per line), {@link #ASYNC_LINE} a status line of
 * the run's output (payload) and its position among all lines (aux), {@link #END} the number of lines the run
 * printed (aux), {@link #SENT} a data message the client wrote (aux: 1 text, 2 binary; its send time, the epoch
 * one at millisecond resolution), which a replay uses to answer each request by the replaying client's own request id.
 */
public final class CaptureDescriptor
{
    /** A complete text message. */
    public static final int TEXT = 1;
    /** A complete binary message. */
    public static final int BINARY = 2;
    /** A WebSocket of the connection opened. */
    public static final int OPEN = 3;
    /** A WebSocket's reader ended. */
    public static final int CLOSE = 4;
    /** A connection lifecycle event (payload: its JSON status line). */
    public static final int LIFECYCLE = 5;
    /** The command line of the run (payload: UTF-8 arguments, one per line). */
    public static final int HEADER = 6;
    /** A status line of the output (payload), whose place depends on thread timing (aux: its 0-based position). */
    public static final int ASYNC_LINE = 7;
    /** The end of the run (aux: the number of lines printed). */
    public static final int END = 8;
    /** A data message the client wrote (aux: 1 text, 2 binary; payload: the message before masking). */
    public static final int SENT = 9;

    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the connection id. */
    public static final int CONNECTION_ID_OFFSET = 8;
    /** Offset of the epoch receive time. */
    public static final int EPOCH_NS_OFFSET = 16;
    /** Offset of the monotonic receive time. */
    public static final int MONOTONIC_NS_OFFSET = 24;
    /** Offset of the auxiliary value. */
    public static final int AUX_OFFSET = 32;
    /** Length of the header; the payload follows. */
    public static final int HEADER_LENGTH = 40;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private CaptureDescriptor()
    {
    }

    /**
     * Writes a record header.
     *
     * @param buffer       where.
     * @param type         the record type.
     * @param connectionId the connection.
     * @param epochNs      wall-clock time.
     * @param monotonicNs  monotonic time.
     * @param aux          the type's auxiliary value.
     */
    public static void writeHeader(final MutableDirectBuffer buffer, final int type, final long connectionId,
        final long epochNs, final long monotonicNs, final long aux)
    {
        buffer.putInt(TYPE_OFFSET, type, ORDER);
        buffer.putInt(TYPE_OFFSET + 4, 0, ORDER);
        buffer.putLong(CONNECTION_ID_OFFSET, connectionId, ORDER);
        buffer.putLong(EPOCH_NS_OFFSET, epochNs, ORDER);
        buffer.putLong(MONOTONIC_NS_OFFSET, monotonicNs, ORDER);
        buffer.putLong(AUX_OFFSET, aux, ORDER);
    }

    /**
     * The type of the record at {@code offset}.
     *
     * @param buffer the record.
     * @param offset its start.
     * @return the type.
     */
    public static int type(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + TYPE_OFFSET, ORDER);
    }

    /**
     * A long field of the record at {@code offset}.
     *
     * @param buffer      the record.
     * @param offset      its start.
     * @param fieldOffset one of the {@code _OFFSET} constants of a long field.
     * @return the value.
     */
    public static long longField(final DirectBuffer buffer, final int offset, final int fieldOffset)
    {
        return buffer.getLong(offset + fieldOffset, ORDER);
    }
}
