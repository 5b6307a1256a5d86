package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order book of one {@code book.{instrument}.{interval}} channel, maintained from its snapshot and change
 * notifications: one instance per channel for the connection's whole life, passed to
 * {@link DeribitMarketListener#onBook} after every applied update.
 *
 * <h2>Maintenance</h2>
 * A snapshot ({@code type:"snapshot"}, or any notification without {@code prev_change_id}, as the grouped
 * {@code book.I.G.D.interval} channels send) replaces both sides. A change applies its
 * {@code ["new"|"change"|"delete", price, amount]} entries only if its {@code prev_change_id} equals the book's
 * {@link #changeId()}; otherwise a notification was missed: the book is marked {@link #isStale() stale}, a resync is
 * counted and reported ({@link DeribitMarketListener#onResync}) and the adapter subscribes the channel afresh, whose
 * first notification is a new snapshot. Changes that arrive while the book is stale are dropped and counted.
 * <p>
 * Levels are ordered and matched by the exact value of their price ({@link Decimal}), never
 * by a {@code double} nor by a key at a common scale: any valid price, however many digits or decimals, has a
 * level, so no price can make a book resync; each level keeps its price and amount exactly as last sent (see
 * {@link DeribitBookSide}).
 *
 * <h2>Threads</h2>
 * The book is written by the connection's message thread only; read it in the listener callback, or copy what is
 * needed. The counters may be read from any thread. Allocation-free after warm-up: arrays grow only when the book
 * is deeper than ever before.
 */
public final class DeribitOrderBook
{
    private final String channel;
    private final byte[] channelBytes;
    private final StringBuilder instrumentName = new StringBuilder(64);
    private final DeribitBookSide bids = new DeribitBookSide(true);
    private final DeribitBookSide asks = new DeribitBookSide(false);
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong droppedChanges = new AtomicLong();
    private final AtomicLong missingLevelDeletes = new AtomicLong();
    private volatile boolean resyncPending;
    private long timestampMs;
    private long changeId;
    private boolean stale = true;
    private boolean snapshot;
    private boolean hasSnapshot;

    /**
     * Creates an empty, stale book (it becomes usable with its first snapshot).
     *
     * @param channel the channel, e.g. {@code book.BTC-PERPETUAL.100ms}.
     */
    public DeribitOrderBook(final String channel)
    {
        this.channel = channel;
        this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The channel the book is maintained from.
     *
     * @return e.g. {@code book.BTC-PERPETUAL.100ms}.
     */
    public String channel()
    {
        return channel;
    }

    /**
     * The instrument, from the last update.
     *
     * @return e.g. {@code BTC-PERPETUAL}; a reused character holder.
     */
    public CharSequence instrumentName()
    {
        return instrumentName;
    }

    /**
     * The bids, best (highest) first.
     *
     * @return the bid side.
     */
    public DeribitBookSide bids()
    {
        return bids;
    }

    /**
     * The asks, best (lowest) first.
     *
     * @return the ask side.
     */
    public DeribitBookSide asks()
    {
        return asks;
    }

    /**
     * The best bid price.
     *
     * @return the price, or NaN when there is no bid.
     */
    public double bestBidPrice()
    {
        return bids.depth() == 0 ? Double.NaN : bids.price(0);
    }

    /**
     * The best ask price.
     *
     * @return the price, or NaN when there is no ask.
     */
    public double bestAskPrice()
    {
        return asks.depth() == 0 ? Double.NaN : asks.price(0);
    }

    /**
     * The amount at the best bid.
     *
     * @return the amount, or NaN when there is no bid.
     */
    public double bestBidAmount()
    {
        return bids.depth() == 0 ? Double.NaN : bids.amount(0);
    }

    /**
     * The amount at the best ask.
     *
     * @return the amount, or NaN when there is no ask.
     */
    public double bestAskAmount()
    {
        return asks.depth() == 0 ? Double.NaN : asks.amount(0);
    }

    /**
     * The {@code change_id} of the last applied update.
     *
     * @return the change id, 0 before the first snapshot.
     */
    public long changeId()
    {
        return changeId;
    }

    /**
     * The venue timestamp of the last applied update.
     *
     * @return milliseconds since the epoch.
     */
    public long timestampMs()
    {
        return timestampMs;
    }

    /**
     * Whether the book waits for a snapshot (before the first one, and after a gap until the resubscription's
     * snapshot): its levels must not be trusted.
     *
     * @return true when stale.
     */
    public boolean isStale()
    {
        return stale;
    }

    /**
     * Whether the last applied update was a snapshot (the book was replaced) rather than a change.
     *
     * @return true after a snapshot.
     */
    public boolean isSnapshot()
    {
        return snapshot;
    }

    /**
     * Snapshots applied.
     *
     * @return the count; any thread.
     */
    public long snapshotCount()
    {
        return snapshots.get();
    }

    /**
     * Changes applied.
     *
     * @return the count; any thread.
     */
    public long changeCount()
    {
        return changes.get();
    }

    /**
     * Resyncs: times the book was found inconsistent and its channel subscribed afresh.
     *
     * @return the count; any thread.
     */
    public long resyncCount()
    {
        return resyncs.get();
    }

    /**
     * Changes dropped, not applied: the change that revealed a gap and every change received while stale.
     *
     * @return the count; any thread.
     */
    public long droppedChangeCount()
    {
        return droppedChanges.get();
    }

    /**
     * {@code delete} entries for a price the book did not hold (ignored; a sign of an inconsistent feed).
     *
     * @return the count; any thread.
     */
    public long missingLevelDeleteCount()
    {
        return missingLevelDeletes.get();
    }

    /**
     * The book as {@code instrument changeId bids [[...]] asks [[...]]} with the best ten levels of each side.
     * Allocates: not for the hot path.
     *
     * @return a description.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(256).append("DeribitOrderBook{channel=").append(channel)
            .append(", changeId=").append(changeId).append(", stale=").append(stale).append(", bids=");
        bids.appendLevels(10, text).append(", asks=");
        return asks.appendLevels(10, text).append('}').toString();
    }

    boolean channelEquals(final byte[] bytes, final int offset, final int length)
    {
        return length == channelBytes.length &&
            Arrays.equals(bytes, offset, offset + length, channelBytes, 0, length);
    }

    /**
     * Applies a decoded notification.
     *
     * @return null when applied or dropped while stale (see {@link #droppedChangeCount()}), else why the book
     * needs a resync (it is then stale, the resync counted).
     */
    DeribitBookResync apply(final DeribitBookUpdate update)
    {
        if (update.isSnapshot())
        {
            return applySnapshot(update);
        }
        if (stale)
        {
            droppedChanges.lazySet(droppedChanges.get() + 1);
            if (resyncPending)
            {
                return null;
            }
            return resync(hasSnapshot ? DeribitBookResync.CHANGE_ID_GAP : DeribitBookResync.CHANGE_BEFORE_SNAPSHOT);
        }
        if (!update.hasPrevChangeId || update.prevChangeId != changeId)
        {
            droppedChanges.lazySet(droppedChanges.get() + 1);
            return resync(DeribitBookResync.CHANGE_ID_GAP);
        }
        applyEntries(update.bids, bids);
        applyEntries(update.asks, asks);
        copyHeader(update);
        snapshot = false;
        changes.lazySet(changes.get() + 1);
        return null;
    }

    /**
     * The resubscription for the last resync could not be made: the next change asks again. Any thread.
     */
    void resyncFailed()
    {
        resyncPending = false;
    }

    /**
     * Whether a resync was reported and its snapshot has not arrived yet.
     */
    boolean isResyncPending()
    {
        return resyncPending;
    }

    private DeribitBookResync applySnapshot(final DeribitBookUpdate update)
    {
        bids.clear();
        asks.clear();
        applyEntries(update.bids, bids);
        applyEntries(update.asks, asks);
        copyHeader(update);
        stale = false;
        snapshot = true;
        if (resyncPending)
        {
            resyncPending = false;
        }
        hasSnapshot = true;
        snapshots.lazySet(snapshots.get() + 1);
        return null;
    }

    private DeribitBookResync resync(final DeribitBookResync reason)
    {
        stale = true;
        resyncPending = true;
        resyncs.lazySet(resyncs.get() + 1);
        return reason;
    }

    private void copyHeader(final DeribitBookUpdate update)
    {
        timestampMs = update.timestampMs;
        changeId = update.changeId;
        if (!contentEquals(instrumentName, update.instrumentName))
        {
            instrumentName.setLength(0);
            instrumentName.append(update.instrumentName);
        }
    }

    private void applyEntries(final DeribitBookUpdate.Entries entries, final DeribitBookSide side)
    {
        final byte[] actions = entries.actions;
        final Decimal[] prices = entries.prices;
        for (int i = 0, n = entries.count; i < n; i++)
        {
            if (actions[i] == DeribitBookUpdate.ACTION_DELETE)
            {
                if (!side.remove(prices[i]))
                {
                    missingLevelDeletes.lazySet(missingLevelDeletes.get() + 1);
                }
            }
            else
            {
                side.put(prices[i], entries.amounts[i]);
            }
        }
    }

    private static boolean contentEquals(final StringBuilder a, final StringBuilder b)
    {
        final int length = a.length();
        if (length != b.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (a.charAt(i) != b.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
