package io.wsnova.market;

/**
 * Deribit {@code book.*} notifications: a change applies when its {@code prev_change_id} equals the book's last
 * {@code change_id}; anything else is a gap (the adapter resubscribes). Notifications without
 * {@code prev_change_id} (the grouped {@code book.{instrument}.{group}.{depth}.{interval}} channels) are snapshots
 * and never reach the rule.
 * <p>
 * Source: {@code /work/shared/reference/deribit-api.md} ({@code book.{instrument_name}.{interval}}) and
 * {@code docs/DERIBIT.md}, "The order book"; {@code binance-bybit-coinbase.md} section D, "book sync".
 * Mapping: first = last = {@code change_id}, previous = {@code prev_change_id}.
 */
public final class DeribitSequenceRule implements SequenceRule
{
    /** The rule. */
    public static final DeribitSequenceRule INSTANCE = new DeribitSequenceRule();

    private DeribitSequenceRule()
    {
    }

    @Override
    public SequenceVerdict check(final long lastSequence, final boolean firstAfterSnapshot, final BookUpdate update)
    {
        final long previous = update.previousSequence();
        return previous != BookUpdate.NO_SEQUENCE && previous == lastSequence ?
            SequenceVerdict.APPLY : SequenceVerdict.GAP;
    }
}
