package io.wsnova.mock.deribit;

import java.util.List;

/**
 * A consistent copy of the mock's order book of one instrument, taken between two market events: the book as it is
 * after the change whose {@code change_id} is {@link #changeId()} (that change's notification, if any subscriber
 * got one, is already queued to every subscriber when the copy is taken).
 *
 * @param instrument the instrument name, e.g. {@code BTC-PERPETUAL}.
 * @param changeId   the {@code change_id} of the last change applied.
 * @param bids       bid levels, best (highest) first.
 * @param asks       ask levels, best (lowest) first.
 */
public record MockBookSnapshot(String instrument, long changeId, List<MockBookLevel> bids, List<MockBookLevel> asks)
{
    /**
     * Copies the lists.
     *
     * @param instrument the instrument name.
     * @param changeId   the last change id.
     * @param bids       bid levels, best first.
     * @param asks       ask levels, best first.
     */
    public MockBookSnapshot
    {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }
}
