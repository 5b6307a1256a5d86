package io.wsnova.market;

/**
 * Binance spot diff depth ({@code <symbol>@depth[@100ms]}, events {@code U} first and {@code u} final update id)
 * synced to a REST snapshot ({@code GET /api/v3/depth}, {@code lastUpdateId}), by the official procedure:
 * <ul>
 *   <li>an event with {@code u <= } the local update id is ignored ({@link SequenceVerdict#DROP_STALE}): before the
 *   first applied event these are the buffered events the snapshot already holds;</li>
 *   <li>an event with {@code U > } local id {@code + 1} is a gap: restart from a new snapshot;</li>
 *   <li>otherwise it applies and the local id becomes {@code u}. So the first applied event has
 *   {@code U <= lastUpdateId + 1 <= u}, and then normally {@code U == } previous {@code u + 1}.</li>
 * </ul>
 * The reference words the first event's condition as "{@code lastUpdateId} within {@code [U;u]}"; the per-event
 * rule above also accepts a first event with {@code U == lastUpdateId + 1} (it starts exactly after the snapshot,
 * nothing is missed), as Binance's earlier text ({@code U <= lastUpdateId+1 AND u >= lastUpdateId+1}) did. A
 * snapshot with {@code lastUpdateId < U} of the first buffered event (too old) is a gap as the second bullet says.
 * <p>
 * Source: {@code /work/shared/reference/binance-bybit-coinbase.md} section A, "Local book procedure (official)".
 * Mapping: first = {@code U}, last = {@code u}, previous none; the REST snapshot is a snapshot update with
 * last = {@code lastUpdateId}.
 */
public final class BinanceSpotSequenceRule implements SequenceRule
{
    /** The rule. */
    public static final BinanceSpotSequenceRule INSTANCE = new BinanceSpotSequenceRule();

    private BinanceSpotSequenceRule()
    {
    }

    @Override
    public SequenceVerdict check(final long lastSequence, final boolean firstAfterSnapshot, final BookUpdate update)
    {
        if (update.lastSequence() <= lastSequence)
        {
            return SequenceVerdict.DROP_STALE;
        }
        return update.firstSequence() > lastSequence + 1 ? SequenceVerdict.GAP : SequenceVerdict.APPLY;
    }
}
