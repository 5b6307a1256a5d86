package io.wsnova.engine.transport;

import org.agrona.DirectBuffer;

/**
 * Where the reader hands complete messages: the handler itself ({@code INLINE}) or a queue ({@code QUEUED}).
 * Called by the reader thread only.
 */
interface MessageSink
{
    /**
     * Hands one message on; the buffer is valid only during the call.
     */
    void onMessage(int type, DirectBuffer buffer, int offset, int length);

    /**
     * Starts any thread the sink needs, before the reader starts.
     */
    void start();

    /**
     * Delivers what is still queued (bounded) and stops; called once by the reader as the connection ends. What
     * cannot be delivered in time is counted as dropped.
     */
    void close();

    /** {@link #onReaderSpin}: nothing waits for another thread, or not for long yet: keep spinning. */
    int KEEP_SPINNING = 0;
    /** {@link #onReaderSpin}: call {@link #awaitHandler()} (the reader stops spinning until the handler has run). */
    int AWAIT_HANDLER = 1;
    /** {@link #onReaderSpin}: stop spinning and make the blocking read (the reader parks until bytes arrive). */
    int PARK = 2;

    /**
     * Asked by a {@code VIRTUAL} reader while it spins on an empty socket ({@code SpinBudget}): whether messages it
     * handed on still wait for another thread (a {@code QUEUED} handler that has not taken them yet) long enough
     * that the reader must give up its CPU, so that a handler sharing that CPU runs (a spinning carrier holds the
     * CPU until the OS preempts it, milliseconds later). Reader thread; no allocation.
     *
     * @param spunNs how long the reader has spun since its last read or wait.
     * @return {@link #KEEP_SPINNING}, {@link #AWAIT_HANDLER} or {@link #PARK}; {@code INLINE} always keeps spinning.
     */
    default int onReaderSpin(final long spunNs)
    {
        return KEEP_SPINNING;
    }

    /**
     * Parks the reader until the handler has taken every message queued so far (or is closing), after
     * {@link #onReaderSpin} returned {@link #AWAIT_HANDLER}; may return early (a spurious wake-up), the reader
     * then asks again. Reader thread, not holding any spin permit.
     */
    default void awaitHandler()
    {
    }
}
