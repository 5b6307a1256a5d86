package io.wsnova.cli;

import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketJson;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.util.List;

/**
 * Prints the events of a venue on the market model as {@code ./nova stream} lines with
 * {@link io.wsnova.market.MarketJson} (one schema for every venue): trades, books after each update (top 10),
 * tops of book ({@code quote}), tickers, liquidations, and every {@link FeedStatus} (gap, resync, disconnect,
 * stale) as a {@code status} line. Callbacks come from the message thread and, for statuses, the adapter's event
 * or control threads: each line is rendered and written under the output's lock, so one renderer serves all.
 * Allocation-free per event after warm-up (the channel of an instrument is resolved once).
 */
final class MarketStreamPrinter implements MarketListener
{
    private final StreamOutput output;
    private final MarketJson json;
    private final StreamChannels channels;

    MarketStreamPrinter(final List<String> channels, final InstrumentRegistry registry, final StreamOutput output)
    {
        this.output = output;
        this.json = new MarketJson(registry);
        this.channels = new StreamChannels(channels, registry);
    }

    @Override
    public void onTrade(final Trade trade)
    {
        final StreamOutput output = this.output;
        output.lock();
        try
        {
            if (output.acceptsMarket())
            {
                final int length = json.trade(trade, channels.channel(StreamChannels.TRADE, trade.instrumentId()));
                output.writeMarket(json.buffer().byteArray(), length);
            }
        }
        finally
        {
            output.unlock();
        }
    }

    @Override
    public void onBook(final BookUpdate update, final OrderBook book)
    {
        final StreamOutput output = this.output;
        output.lock();
        try
        {
            if (output.acceptsMarket())
            {
                final int length = json.book(update, book,
                    channels.channel(StreamChannels.BOOK, book.instrumentId()));
                output.writeMarket(json.buffer().byteArray(), length);
            }
        }
        finally
        {
            output.unlock();
        }
    }

    @Override
    public void onTopOfBook(final TopOfBook top)
    {
        final StreamOutput output = this.output;
        output.lock();
        try
        {
            if (output.acceptsMarket())
            {
                final int length = json.topOfBook(top, channels.channel(StreamChannels.TOP, top.instrumentId()));
                output.writeMarket(json.buffer().byteArray(), length);
            }
        }
        finally
        {
            output.unlock();
        }
    }

    @Override
    public void onTicker(final DerivativesTicker ticker)
    {
        final StreamOutput output = this.output;
        output.lock();
        try
        {
            if (output.acceptsMarket())
            {
                final int length = json.ticker(ticker,
                    channels.channel(StreamChannels.TICKER, ticker.instrumentId()));
                output.writeMarket(json.buffer().byteArray(), length);
            }
        }
        finally
        {
            output.unlock();
        }
    }

    @Override
    public void onLiquidation(final Liquidation liquidation)
    {
        final StreamOutput output = this.output;
        output.lock();
        try
        {
            if (output.acceptsMarket())
            {
                final int length = json.liquidation(liquidation,
                    channels.channel(StreamChannels.LIQUIDATION, liquidation.instrumentId()));
                output.writeMarket(json.buffer().byteArray(), length);
            }
        }
        finally
        {
            output.unlock();
        }
    }

    @Override
    public void onStatus(final FeedStatus status)
    {
        final StreamOutput output = this.output;
        output.lock();
        try
        {
            if (output.acceptsStatus())
            {
                final int length = json.status(status, channels.channel(StreamChannels.BOOK, status.instrumentId()));
                output.writeStatus(json.buffer().byteArray(), length);
            }
        }
        finally
        {
            output.unlock();
        }
    }
}
