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

    /**
     * Whether messages handed on are still waiting for another thread (a {@code QUEUED} handler that has not taken
     * them yet). A {@code VIRTUAL} reader stops its adaptive spin when a backlog persists, so that a handler sharing
     * its CPU gets to run. Reader thread; a racy read is fine.
     *
     * @return true when a backlog waits; {@code INLINE} never has one.
     */
    default boolean hasBacklog()
    {
        return false;
    }
}
