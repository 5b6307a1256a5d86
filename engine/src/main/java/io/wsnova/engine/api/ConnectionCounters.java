package io.wsnova.engine.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one connection. Each counter has one writer (named on its accessor): the reader thread, or the
 * sender holding the send lock. Any thread may read them; reads see a recent value (acquire).
 */
public final class ConnectionCounters
{
    private static final VarHandle MESSAGES_RECEIVED;
    private static final VarHandle BYTES_RECEIVED;
    private static final VarHandle FRAMES_RECEIVED;
    private static final VarHandle PINGS_RECEIVED;
    private static final VarHandle PONGS_RECEIVED;
    private static final VarHandle DROPPED_MESSAGES;
    private static final VarHandle MESSAGES_SENT;
    private static final VarHandle BYTES_SENT;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            MESSAGES_RECEIVED = lookup.findVarHandle(ConnectionCounters.class, "messagesReceived", long.class);
            BYTES_RECEIVED = lookup.findVarHandle(ConnectionCounters.class, "bytesReceived", long.class);
            FRAMES_RECEIVED = lookup.findVarHandle(ConnectionCounters.class, "framesReceived", long.class);
            PINGS_RECEIVED = lookup.findVarHandle(ConnectionCounters.class, "pingsReceived", long.class);
            PONGS_RECEIVED = lookup.findVarHandle(ConnectionCounters.class, "pongsReceived", long.class);
            DROPPED_MESSAGES = lookup.findVarHandle(ConnectionCounters.class, "droppedMessages", long.class);
            MESSAGES_SENT = lookup.findVarHandle(ConnectionCounters.class, "messagesSent", long.class);
            BYTES_SENT = lookup.findVarHandle(ConnectionCounters.class, "bytesSent", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private long messagesReceived;
    private long bytesReceived;
    private long framesReceived;
    private long pingsReceived;
    private long pongsReceived;
    private long droppedMessages;
    private long messagesSent;
    private long bytesSent;

    /**
     * Creates zeroed counters.
     */
    public ConnectionCounters()
    {
    }

    /**
     * Messages received (written by the reader).
     *
     * @return the count.
     */
    public long messagesReceived()
    {
        return (long)MESSAGES_RECEIVED.getAcquire(this);
    }

    /**
     * Bytes read from the socket, after TLS (written by the reader).
     *
     * @return the count.
     */
    public long bytesReceived()
    {
        return (long)BYTES_RECEIVED.getAcquire(this);
    }

    /**
     * Frames received: data frames including every fragment, and control frames (written by the reader).
     *
     * @return the count.
     */
    public long framesReceived()
    {
        return (long)FRAMES_RECEIVED.getAcquire(this);
    }

    /**
     * Pings received (written by the reader).
     *
     * @return the count.
     */
    public long pingsReceived()
    {
        return (long)PINGS_RECEIVED.getAcquire(this);
    }

    /**
     * Pongs received (written by the reader).
     *
     * @return the count.
     */
    public long pongsReceived()
    {
        return (long)PONGS_RECEIVED.getAcquire(this);
    }

    /**
     * Messages dropped by a full queue under {@code DROP_NEWEST}: the gap count (written by the reader).
     *
     * @return the count.
     */
    public long droppedMessages()
    {
        return (long)DROPPED_MESSAGES.getAcquire(this);
    }

    /**
     * Messages sent (written under the send lock).
     *
     * @return the count.
     */
    public long messagesSent()
    {
        return (long)MESSAGES_SENT.getAcquire(this);
    }

    /**
     * Bytes written to the socket, before TLS (written under the send lock).
     *
     * @return the count.
     */
    public long bytesSent()
    {
        return (long)BYTES_SENT.getAcquire(this);
    }

    /**
     * Counts a message received. Engine-internal: called by the reader thread only.
     */
    public void onMessageReceived()
    {
        MESSAGES_RECEIVED.setRelease(this, messagesReceived + 1);
    }

    /**
     * Counts bytes received. Engine-internal: called by the reader thread only.
     *
     * @param bytes the number of bytes.
     */
    public void onBytesReceived(final int bytes)
    {
        BYTES_RECEIVED.setRelease(this, bytesReceived + bytes);
    }

    /**
     * Sets the frames received to the decoder's running total. Engine-internal: called by the reader thread only.
     *
     * @param frames the total.
     */
    public void onFramesReceived(final long frames)
    {
        FRAMES_RECEIVED.setRelease(this, frames);
    }

    /**
     * Counts a ping received. Engine-internal: called by the reader thread only.
     */
    public void onPingReceived()
    {
        PINGS_RECEIVED.setRelease(this, pingsReceived + 1);
    }

    /**
     * Counts a pong received. Engine-internal: called by the reader thread only.
     */
    public void onPongReceived()
    {
        PONGS_RECEIVED.setRelease(this, pongsReceived + 1);
    }

    /**
     * Counts a dropped message. Engine-internal: called by the reader thread only.
     */
    public void onMessageDropped()
    {
        DROPPED_MESSAGES.setRelease(this, droppedMessages + 1);
    }

    /**
     * Counts a message sent. Engine-internal: called under the send lock only.
     *
     * @param bytes the number of bytes.
     */
    public void onMessageSent(final int bytes)
    {
        MESSAGES_SENT.setRelease(this, messagesSent + 1);
        BYTES_SENT.setRelease(this, bytesSent + bytes);
    }
}
