package io.wsnova.engine.api;

/**
 * What the reader does when a {@link PipelineMode#QUEUED} handler falls behind and the queue is full. Every
 * outcome is counted; no queue is ever unbounded.
 */
public enum QueueFullPolicy
{
    /** The reader waits for space and stops reading, so back-pressure reaches TCP: nothing lost or duplicated. */
    BLOCK,

    /** The new message is dropped and counted in the connection's dropped-message (gap) counter. */
    DROP_NEWEST,

    /** The connection fails with {@link DisconnectReason#SLOW_CONSUMER}. */
    DISCONNECT
}
