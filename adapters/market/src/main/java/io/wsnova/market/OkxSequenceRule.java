package io.wsnova.market;

/**
 * OKX v5 {@code books} (and the tick-by-tick book channels): a snapshot has {@code prevSeqId = -1}; an update
 * is in order when its {@code prevSeqId} equals the last applied {@code seqId}. Ids grow irregularly, so
 * {@code seqId == prev + 1} is never tested; an update with {@code seqId == prevSeqId} (no change, a keepalive of
 * the book) is in order when its {@code prevSeqId} matches. A sequence reset ({@code seqId < prevSeqId}) is in
 * order too: the book simply continues from the new {@code seqId}. Out of order is a gap (resubscribe).
 * <p>
 * Source: {@code /work/shared/reference/okx-binance-futures-more.md}, "OKX v5 public", "Sequencing".
 * Mapping: first = last = {@code seqId}, previous = {@code prevSeqId}.
 */
public final class OkxSequenceRule implements SequenceRule
{
    /** The rule. */
    public static final OkxSequenceRule INSTANCE = new OkxSequenceRule();

    /** {@code prevSeqId} of a snapshot. */
    public static final long SNAPSHOT_PREVIOUS_SEQUENCE = -1L;

    private OkxSequenceRule()
    {
    }

    @Override
    public SequenceVerdict check(final long lastSequence, final boolean firstAfterSnapshot, final BookUpdate update)
    {
        final long previous = update.previousSequence();
        return previous != BookUpdate.NO_SEQUENCE && previous != SNAPSHOT_PREVIOUS_SEQUENCE &&
            previous == lastSequence ? SequenceVerdict.APPLY : SequenceVerdict.GAP;
    }
}
