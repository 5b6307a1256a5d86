package io.wsnova.benchmarks.e2e;

import io.wsnova.adapters.binance.BinanceAdapter;
import io.wsnova.adapters.deribit.DeribitMessageDecoder;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.MarketListener;
import org.agrona.DirectBuffer;

/**
 * The venue decoder a wsnova-based receiver (wsnova or the raw socket) runs on each payload, in place in the buffer
 * it was read into: the Deribit ticker through {@link DeribitMessageDecoder} into its pooled ticker, the Binance
 * trade through the Binance adapter's {@link MessageHandler#decode} (the JSON decode into the handler's pooled
 * state; {@code handle}, which routes to a listener and checks trade-id order, is not run). Single-threaded.
 */
final class VenueDecoder
{
    private final DeribitMessageDecoder ticker;
    private final MessageHandler trade;
    private final InboundMessage message = new InboundMessage();
    private long sink;

    /**
     * A decoder for one of the rig's messages.
     *
     * @param isTrade true for the Binance trade, false for the Deribit ticker.
     */
    VenueDecoder(final boolean isTrade)
    {
        this.ticker = isTrade ? null : new DeribitMessageDecoder();
        this.trade = isTrade ? BinanceAdapter.builder().listener(new MarketListener()
        {
        }).build().messageHandler() : null;
    }

    /**
     * Decodes one payload.
     *
     * @param buffer holds the payload.
     * @param offset payload start.
     * @param length payload length.
     * @return true when it decoded as the expected message.
     */
    boolean decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final DeribitMessageDecoder ticker = this.ticker;
        if (ticker != null)
        {
            if (ticker.decode(buffer, offset, length) == DeribitMessageDecoder.TICKER)
            {
                sink += ticker.ticker().timestampMs();
                return true;
            }
            return false;
        }
        final MessageHandler trade = this.trade;
        final InboundMessage message = this.message.wrap(InboundMessage.TEXT, buffer, offset, length, 0L);
        return trade.decode(message) && trade.classify(message) == MessageHandler.KIND_DATA;
    }

    long sink()
    {
        return sink;
    }
}
