package io.wsnova.market;

/**
 * Coinbase Advanced Trade: every message of a connection has {@code sequence_num}, counted per connection (not per
 * product or channel), strictly {@code +1}; a gap means "resubscribe what this connection carries". The adapter
 * therefore checks the connection's last {@code sequence_num} (not a book's) with this rule for every message,
 * heartbeats included: pass the connection's last number as {@code lastSequence}, or
 * {@link BookUpdate#NO_SEQUENCE} for the first message of a connection (any number is then accepted; the
 * {@code firstAfterSnapshot} flag is not used, so a message lost right after a snapshot is still a gap). It then
 * applies {@code level2} updates to the book with {@link SequenceRule#UNCHECKED}.
 * <p>
 * Source: {@code /work/shared/reference/binance-bybit-coinbase.md} section C and
 * {@code okx-binance-futures-more.md}, "Coinbase Advanced Trade (additions)". Mapping: first = last =
 * {@code sequence_num}, previous none.
 */
public final class CoinbaseSequenceRule implements SequenceRule
{
    /** The rule. */
    public static final CoinbaseSequenceRule INSTANCE = new CoinbaseSequenceRule();

    private CoinbaseSequenceRule()
    {
    }

    @Override
    public SequenceVerdict check(final long lastSequence, final boolean firstAfterSnapshot, final BookUpdate update)
    {
        if (lastSequence == BookUpdate.NO_SEQUENCE)
        {
            return SequenceVerdict.APPLY;
        }
        return update.lastSequence() == lastSequence + 1 ? SequenceVerdict.APPLY : SequenceVerdict.GAP;
    }
}
