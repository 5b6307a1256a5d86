package io.wsnova.market;

/**
 * A venue's rule for whether a book delta follows the book: the only venue-specific part of book keeping. The
 * generic {@link OrderBook} asks it for every delta (snapshots are always applied) and acts on the verdict.
 * <p>
 * Implementations are stateless singletons ({@code INSTANCE}); every argument is a primitive or the pooled update,
 * so a rule can also check a sequence that is not a book's (Coinbase's per-connection {@code sequence_num}, see
 * {@link CoinbaseSequenceRule}). Allocation-free.
 */
@FunctionalInterface
public interface SequenceRule
{
    /** A rule that applies every delta: for an update whose sequence was already checked elsewhere. */
    SequenceRule UNCHECKED = (lastSequence, firstAfterSnapshot, update) -> SequenceVerdict.APPLY;

    /**
     * Decides what to do with a delta.
     *
     * @param lastSequence       the {@link BookUpdate#lastSequence()} of the last applied message (the snapshot's
     *                           for the first delta after it, e.g. Binance's REST {@code lastUpdateId}).
     * @param firstAfterSnapshot true if no delta was applied since the last snapshot.
     * @param update             the delta.
     * @return the verdict; never null.
     */
    SequenceVerdict check(long lastSequence, boolean firstAfterSnapshot, BookUpdate update);
}
