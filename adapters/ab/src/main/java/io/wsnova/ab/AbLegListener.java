package io.wsnova.ab;

import io.wsnova.market.FeedStatus;

/**
 * Receives every status a leg's adapter reported (disconnects, gaps and resyncs of that leg's own books), which the
 * arbiter keeps from the consumer unless both legs are affected. Called on the arbitration thread; the status is
 * valid during the call only.
 */
@FunctionalInterface
public interface AbLegListener
{
    /**
     * A leg's status.
     *
     * @param leg    {@link AbArbiter#LEG_A} or {@link AbArbiter#LEG_B}.
     * @param status the leg's status, as its adapter reported it.
     */
    void onLegStatus(int leg, FeedStatus status);
}
