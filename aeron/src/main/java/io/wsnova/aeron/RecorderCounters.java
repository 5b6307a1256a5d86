package io.wsnova.aeron;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The counters of one {@link InboundRecorder}, allocated in the media driver's counters file (type id
 * {@value #TYPE_ID}, labels {@code wsnova-recorder <name>: ...}) so that {@code ./nova stat} or Aeron's
 * {@code AeronStat} read them from another process. Written by the recording threads (the reader, the event
 * thread), read by anyone.
 */
public final class RecorderCounters implements AutoCloseable
{
    /** The Aeron counter type id of every recorder counter. */
    public static final int TYPE_ID = 16_002;

    private final AtomicCounter messages;
    private final AtomicCounter bytes;
    private final AtomicCounter archiveErrors;

    private RecorderCounters(final Aeron aeron, final String name)
    {
        final String prefix = "wsnova-recorder " + name + ": ";
        messages = aeron.addCounter(TYPE_ID, prefix + "messages recorded");
        bytes = aeron.addCounter(TYPE_ID, prefix + "bytes recorded");
        archiveErrors = aeron.addCounter(TYPE_ID, prefix + "archive errors");
    }

    /**
     * Allocates the counters through a client.
     *
     * @param aeron the client.
     * @param name  names the recorder in the labels.
     * @return the counters.
     */
    public static RecorderCounters allocate(final Aeron aeron, final String name)
    {
        return new RecorderCounters(aeron, name);
    }

    /**
     * Inbound messages offered to the recording.
     *
     * @return the counter.
     */
    public AtomicCounter messages()
    {
        return messages;
    }

    /**
     * Payload bytes of those messages.
     *
     * @return the counter.
     */
    public AtomicCounter bytes()
    {
        return bytes;
    }

    /**
     * Records the recording could not take (back pressure beyond the bound, no archive, closed): each is a hole in
     * the recording, and a replay of it is not exact.
     *
     * @return the counter.
     */
    public AtomicCounter archiveErrors()
    {
        return archiveErrors;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(messages, bytes, archiveErrors);
    }
}
