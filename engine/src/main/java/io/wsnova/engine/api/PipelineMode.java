package io.wsnova.engine.api;

/**
 * Where a connection's message handler runs.
 */
public enum PipelineMode
{
    /** The handler runs on the reader thread, straight from the receive buffer: the lowest latency. */
    INLINE,

    /**
     * The reader copies each message into a pooled event and publishes it through a bounded JCTools SPSC queue to
     * a handler thread, which returns the event through a second SPSC queue. What happens when the queue is full
     * is the connection's {@link QueueFullPolicy}.
     */
    QUEUED
}
