package io.wsnova.market;

/**
 * Bybit v5 {@code orderbook.{depth}.{symbol}}: a snapshot after subscribing (and at any time: reset the book),
 * then deltas whose update id {@code u} is consecutive per topic ({@code u == } previous {@code u + 1}). A message
 * with {@code u == 1} means the service restarted: it holds the whole book ({@link SequenceVerdict#RESET}).
 * Anything else is a gap. ({@code seq}, the cross sequence comparable across depths, is not used for book
 * continuity.) The level-1 re-push every 3 s with an unchanged {@code u} is a {@code snapshot} message and never
 * reaches the rule.
 * <p>
 * Source: {@code /work/shared/reference/binance-bybit-coinbase.md} section B, "Orderbook", "Rules".
 * Mapping: first = last = {@code u}, previous none.
 */
public final class BybitSequenceRule implements SequenceRule
{
    /** The rule. */
    public static final BybitSequenceRule INSTANCE = new BybitSequenceRule();

    private BybitSequenceRule()
    {
    }

    @Override
    public SequenceVerdict check(final long lastSequence, final boolean firstAfterSnapshot, final BookUpdate update)
    {
        final long u = update.lastSequence();
        if (u == 1L)
        {
            return SequenceVerdict.RESET;
        }
        return lastSequence != BookUpdate.NO_SEQUENCE && u == lastSequence + 1 ?
            SequenceVerdict.APPLY : SequenceVerdict.GAP;
    }
}
