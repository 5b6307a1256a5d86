package io.wsnova.market;

/**
 * Deribit {@code book.*} notifications: a change applies when its {@code prev_change_id} equals the book's last
 * {@code change_id}; anything else is a gap (the adapter resubscribes). Notifications without
 * {@code prev_change_id} (the grouped {@code book.{instrument}.{group}.{depth}.{interval}} channels) are snapshots
 * and never reach the rule.
 * <p>
 * Source: {@code /work/shared/reference/deribit-api.md} section 4, "book.{instrument_name}.{interval}
 * (incremental, with change_id)" and its delta-sync algorithm; {@code docs/DERIBIT.md}, "The order book";
 * {@code binance-bybit-coinbase.md} section D, "book sync". With {@code 100ms} the change ids are aggregated but
 * still chained by {@code prev_change_id}, so ids are never tested for {@code +1}.
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
