package io.wsnova.engine.api;

/**
 * How a connection's reader gets bytes off the socket.
 */
public enum IoMode
{
    /**
     * One virtual thread per connection doing blocking reads into a reusable buffer. The default: cheap in
     * threads, a few microseconds of wake-up cost per read.
     */
    VIRTUAL,

    /**
     * A dedicated platform thread polling a non-blocking channel with a configurable Agrona idle strategy: the
     * lowest latency for the hottest feed, at the price of a core when the idle strategy spins.
     */
    SPIN,

    /**
     * No engine thread: the embedding application drives the reader's Agrona {@code Agent} from its own loop by
     * calling {@code doWork()} (see {@link WebSocket#pollAgent()}).
     */
    POLL
}
