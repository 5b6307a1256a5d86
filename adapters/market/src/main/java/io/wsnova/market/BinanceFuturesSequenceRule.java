package io.wsnova.market;

/**
 * Binance USD-M futures diff depth ({@code <symbol>@depth@100ms}: {@code U}, {@code u} and {@code pu}, the previous
 * event's {@code u}) synced to a REST snapshot ({@code GET /fapi/v1/depth}, {@code lastUpdateId}):
 * <ul>
 *   <li>before the first applied event: an event with {@code u < lastUpdateId} is dropped
 *   ({@link SequenceVerdict#DROP_STALE}); the first applied event must satisfy
 *   {@code U <= lastUpdateId <= u}, so one with {@code U > lastUpdateId} is a gap (the snapshot is too old);</li>
 *   <li>after it, each event's {@code pu} must equal the previous event's {@code u}, else a gap (resync).
 *   Futures ids are not consecutive: never test {@code U == u + 1} here.</li>
 * </ul>
 * Source: {@code /work/shared/reference/okx-binance-futures-more.md}, "Binance USD-M futures", "Local book".
 * Mapping: first = {@code U}, last = {@code u}, previous = {@code pu}; the REST snapshot is a snapshot update with
 * last = {@code lastUpdateId}.
 */
public final class BinanceFuturesSequenceRule implements SequenceRule
{
    /** The rule. */
    public static final BinanceFuturesSequenceRule INSTANCE = new BinanceFuturesSequenceRule();

    private BinanceFuturesSequenceRule()
    {
    }

    @Override
    public SequenceVerdict check(final long lastSequence, final boolean firstAfterSnapshot, final BookUpdate update)
    {
        if (firstAfterSnapshot)
        {
            if (update.lastSequence() < lastSequence)
            {
                return SequenceVerdict.DROP_STALE;
            }
            return update.firstSequence() <= lastSequence ? SequenceVerdict.APPLY : SequenceVerdict.GAP;
        }
        final long previous = update.previousSequence();
        return previous != BookUpdate.NO_SEQUENCE && previous == lastSequence ?
            SequenceVerdict.APPLY : SequenceVerdict.GAP;
    }
}
