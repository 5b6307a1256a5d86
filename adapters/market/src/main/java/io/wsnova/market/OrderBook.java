package io.wsnova.market;

import io.wsnova.codec.json.Decimal;

/**
 * A price-level order book of one instrument, for every venue: the levels ({@link PriceLevels}), the sequence
 * bookkeeping, and the venue's {@link SequenceRule} deciding each delta. Generalised from the Deribit adapter's
 * {@code DeribitOrderBook}.
 * <p>
 * Lifecycle: a new book waits for a snapshot; a snapshot (or a {@link SequenceVerdict#RESET}) replaces both sides
 * and makes it live; a delta applies only when live and the rule says {@link SequenceVerdict#APPLY}; a
 * {@link SequenceVerdict#GAP} makes it stale (nothing applied) until the next snapshot, and deltas meanwhile are
 * dropped and counted. {@link #apply(BookUpdate, SequenceRule)} returns what happened; reporting it (a
 * {@link FeedStatus}) and resyncing are the adapter's.
 * <p>
 * Written and read by one thread (the connection's message thread); counters are plain fields read there. No
 * allocation after warm-up (see {@link PriceLevels}).
 */
public final class OrderBook
{
    /** {@link #apply} result: the snapshot (or a restart message) replaced the book. */
    public static final int APPLIED_SNAPSHOT = 1;
    /** {@link #apply} result: the delta was applied. */
    public static final int APPLIED_DELTA = 2;
    /** {@link #apply} result: the delta was older than the book and ignored; the book stays live. */
    public static final int DROPPED_STALE = 3;
    /** {@link #apply} result: the delta did not follow the book; nothing applied, the book is now stale. */
    public static final int GAP = 4;
    /** {@link #apply} result: a delta while the book waited for a snapshot; nothing applied. */
    public static final int DROPPED_NOT_LIVE = 5;

    private final int venueId;
    private final int instrumentId;
    private final PriceLevels bids = new PriceLevels(BookSide.BID);
    private final PriceLevels asks = new PriceLevels(BookSide.ASK);
    private boolean live;
    private boolean firstAfterSnapshot;
    private long lastSequence = BookUpdate.NO_SEQUENCE;
    private long exchangeTimestampNs = MarketEvent.NO_TIMESTAMP;
    private long snapshotCount;
    private long deltaCount;
    private long gapCount;
    private long staleDropCount;
    private long notLiveDropCount;
    private long missingDeleteCount;

    /**
     * Creates an empty book waiting for its snapshot.
     *
     * @param venueId      the venue of the {@link InstrumentRegistry}.
     * @param instrumentId the instrument of the registry.
     */
    public OrderBook(final int venueId, final int instrumentId)
    {
        this.venueId = venueId;
        this.instrumentId = instrumentId;
    }

    /**
     * Applies a venue message: a snapshot always, a delta as {@code rule} decides.
     *
     * @param update the message.
     * @param rule   the venue's rule.
     * @return {@link #APPLIED_SNAPSHOT}, {@link #APPLIED_DELTA}, {@link #DROPPED_STALE}, {@link #GAP} or
     * {@link #DROPPED_NOT_LIVE}.
     */
    public int apply(final BookUpdate update, final SequenceRule rule)
    {
        if (update.isSnapshot())
        {
            return replace(update);
        }
        if (!live)
        {
            notLiveDropCount++;
            return DROPPED_NOT_LIVE;
        }
        switch (rule.check(lastSequence, firstAfterSnapshot, update))
        {
            case APPLY ->
            {
                applyLevels(update);
                lastSequence = update.lastSequence();
                exchangeTimestampNs = update.exchangeTimestampNs();
                firstAfterSnapshot = false;
                deltaCount++;
                return APPLIED_DELTA;
            }
            case RESET ->
            {
                return replace(update);
            }
            case DROP_STALE ->
            {
                staleDropCount++;
                return DROPPED_STALE;
            }
            default ->
            {
                live = false;
                gapCount++;
                return GAP;
            }
        }
    }

    /**
     * Sets a level directly (a venue whose messages are not {@link BookUpdate}s, tests).
     *
     * @param side  the side.
     * @param price the price (copied).
     * @param size  the absolute size (copied); zero deletes the level.
     */
    public void setLevel(final BookSide side, final Decimal price, final Decimal size)
    {
        final PriceLevels levels = side(side);
        if (size.isExact() && size.mantissa() == 0L && !size.isNull())
        {
            deleteLevel(side, price);
        }
        else
        {
            levels.set(price, size);
        }
    }

    /**
     * Deletes a level directly.
     *
     * @param side  the side.
     * @param price the price.
     * @return false (and counted in {@link #missingDeleteCount()}) when there was no such level.
     */
    public boolean deleteLevel(final BookSide side, final Decimal price)
    {
        final boolean deleted = side(side).delete(price);
        if (!deleted)
        {
            missingDeleteCount++;
        }
        return deleted;
    }

    /**
     * Empties the book and marks it stale (e.g. on disconnect): it waits for a snapshot again.
     */
    public void clear()
    {
        bids.clear();
        asks.clear();
        live = false;
        firstAfterSnapshot = false;
    }

    /**
     * Marks the book stale without touching its levels (e.g. on a checksum mismatch the adapter found): deltas are
     * dropped until the next snapshot.
     */
    public void markStale()
    {
        live = false;
    }

    /**
     * The venue.
     *
     * @return the venue id.
     */
    public int venueId()
    {
        return venueId;
    }

    /**
     * The instrument.
     *
     * @return the instrument id.
     */
    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * The bids, best (highest) first.
     *
     * @return the bid side.
     */
    public PriceLevels bids()
    {
        return bids;
    }

    /**
     * The asks, best (lowest) first.
     *
     * @return the ask side.
     */
    public PriceLevels asks()
    {
        return asks;
    }

    /**
     * A side.
     *
     * @param side which.
     * @return its levels.
     */
    public PriceLevels side(final BookSide side)
    {
        return side == BookSide.BID ? bids : asks;
    }

    /**
     * The best bid price.
     *
     * @return the pooled price (read-only), or null when there are no bids.
     */
    public Decimal bestBidPrice()
    {
        return bids.bestPrice();
    }

    /**
     * The best ask price.
     *
     * @return the pooled price (read-only), or null when there are no asks.
     */
    public Decimal bestAskPrice()
    {
        return asks.bestPrice();
    }

    /**
     * Whether the best bid is at or above the best ask (crossed or locked): a book no venue here publishes, so a
     * sign of a missed or misapplied update.
     *
     * @return true if both sides have levels and best bid {@code >=} best ask.
     */
    public boolean isCrossed()
    {
        final Decimal bid = bids.bestPrice();
        final Decimal ask = asks.bestPrice();
        return bid != null && ask != null && bid.compareTo(ask) >= 0;
    }

    /**
     * Whether the book can be trusted: a snapshot was applied and no gap found since.
     *
     * @return true if live.
     */
    public boolean isLive()
    {
        return live;
    }

    /**
     * Whether no delta was applied since the last snapshot (Binance's first-event condition).
     *
     * @return true right after a snapshot.
     */
    public boolean isFirstAfterSnapshot()
    {
        return firstAfterSnapshot;
    }

    /**
     * The sequence the book is at: the last applied message's {@link BookUpdate#lastSequence()}.
     *
     * @return the sequence, or {@link BookUpdate#NO_SEQUENCE} before the first snapshot.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * The venue timestamp of the last applied message.
     *
     * @return ns since the epoch, or {@link MarketEvent#NO_TIMESTAMP}.
     */
    public long exchangeTimestampNs()
    {
        return exchangeTimestampNs;
    }

    /**
     * Snapshots (and restart messages) applied.
     *
     * @return the count.
     */
    public long snapshotCount()
    {
        return snapshotCount;
    }

    /**
     * Deltas applied.
     *
     * @return the count.
     */
    public long deltaCount()
    {
        return deltaCount;
    }

    /**
     * Gaps found (each made the book stale).
     *
     * @return the count.
     */
    public long gapCount()
    {
        return gapCount;
    }

    /**
     * Deltas ignored as older than the book.
     *
     * @return the count.
     */
    public long staleDropCount()
    {
        return staleDropCount;
    }

    /**
     * Deltas dropped while the book waited for a snapshot.
     *
     * @return the count.
     */
    public long notLiveDropCount()
    {
        return notLiveDropCount;
    }

    /**
     * Deletes of a price that had no level (harmless for the book; a venue or mapping oddity worth counting).
     *
     * @return the count.
     */
    public long missingDeleteCount()
    {
        return missingDeleteCount;
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(256).append("OrderBook{instrument=").append(instrumentId)
            .append(", sequence=").append(lastSequence).append(", live=").append(live).append(", bids=");
        bids.appendLevels(10, text).append(", asks=");
        return asks.appendLevels(10, text).append('}').toString();
    }

    private int replace(final BookUpdate update)
    {
        bids.clear();
        asks.clear();
        applyLevels(update);
        lastSequence = update.lastSequence();
        exchangeTimestampNs = update.exchangeTimestampNs();
        live = true;
        firstAfterSnapshot = true;
        snapshotCount++;
        return APPLIED_SNAPSHOT;
    }

    private void applyLevels(final BookUpdate update)
    {
        for (int i = 0, n = update.levelCount(); i < n; i++)
        {
            final BookSide side = update.side(i);
            if (update.isDelete(i))
            {
                deleteLevel(side, update.price(i));
            }
            else
            {
                side(side).set(update.price(i), update.size(i));
            }
        }
    }
}
