package io.wsnova.cli;

import io.wsnova.adapters.deribit.DeribitOrderBook;
import io.wsnova.adapters.deribit.DeribitQuote;
import io.wsnova.adapters.deribit.DeribitTicker;
import io.wsnova.adapters.deribit.DeribitTrade;
import io.wsnova.codec.json.Decimal;

/**
 * Renders Deribit market events as the one-line JSON objects of {@code ./nova stream}: every price and amount a
 * decimal string exactly as the venue sent it (from the pooled objects' {@link Decimal}s, never through a double).
 * One instance per writer thread; the returned builder is reused by the next call.
 */
final class MarketJson
{
    static final int BOOK_LEVELS = 10;

    private final StringBuilder line = new StringBuilder(1024);

    CharSequence ticker(final String channel, final DeribitTicker ticker)
    {
        start("ticker", channel, ticker.instrumentName(), ticker.timestampMs());
        decimal("best_bid_price", ticker.bestBidPrice());
        decimal("best_bid_amount", ticker.bestBidAmount());
        decimal("best_ask_price", ticker.bestAskPrice());
        decimal("best_ask_amount", ticker.bestAskAmount());
        decimal("last_price", ticker.lastPrice());
        decimal("mark_price", ticker.markPrice());
        decimal("index_price", ticker.indexPrice());
        decimal("open_interest", ticker.openInterest());
        decimal("current_funding", ticker.currentFunding());
        decimal("funding_8h", ticker.funding8h());
        return end();
    }

    CharSequence book(final DeribitOrderBook book)
    {
        start("book", book.channel(), book.instrumentName(), book.timestampMs());
        line.append(",\"change_id\":").append(book.changeId());
        line.append(",\"bids\":");
        book.bids().appendLevels(BOOK_LEVELS, line);
        line.append(",\"asks\":");
        book.asks().appendLevels(BOOK_LEVELS, line);
        return end();
    }

    CharSequence trade(final String channel, final DeribitTrade trade)
    {
        start("trade", channel, trade.instrumentName(), trade.timestampMs());
        line.append(",\"trade_id\":");
        string(trade.tradeId());
        line.append(",\"trade_seq\":").append(trade.tradeSeq());
        decimal("price", trade.price());
        decimal("amount", trade.amount());
        line.append(",\"direction\":\"").append(trade.direction().name().toLowerCase(java.util.Locale.ROOT))
            .append('"');
        return end();
    }

    CharSequence quote(final String channel, final DeribitQuote quote)
    {
        start("quote", channel, quote.instrumentName(), quote.timestampMs());
        decimal("best_bid_price", quote.bestBidPrice());
        decimal("best_bid_amount", quote.bestBidAmount());
        decimal("best_ask_price", quote.bestAskPrice());
        decimal("best_ask_amount", quote.bestAskAmount());
        return end();
    }

    /**
     * A lifecycle event: {@code {"type":"status","state":STATE,...}} with extra string or number fields given as
     * alternating names and values. Any thread (allocates: lifecycle events are rare).
     */
    static String status(final String state, final Object... fields)
    {
        final MarketJson json = new MarketJson();
        final StringBuilder line = json.line;
        line.append("{\"type\":\"status\",\"state\":\"").append(state).append('"');
        for (int i = 0; i + 1 < fields.length; i += 2)
        {
            line.append(",\"").append(fields[i]).append("\":");
            final Object value = fields[i + 1];
            if (value instanceof Number || value instanceof Boolean)
            {
                line.append(value);
            }
            else
            {
                json.string(String.valueOf(value));
            }
        }
        return json.end().toString();
    }

    private void start(final String type, final String channel, final CharSequence instrument, final long tsMs)
    {
        line.setLength(0);
        line.append("{\"type\":\"").append(type).append("\",\"exchange\":\"deribit\",\"channel\":");
        string(channel);
        line.append(",\"instrument\":");
        string(instrument);
        line.append(",\"exchange_ts_ms\":").append(tsMs);
    }

    private void decimal(final String name, final Decimal value)
    {
        if (value != null && !value.isNull())
        {
            line.append(",\"").append(name).append("\":\"");
            value.appendTo(line);
            line.append('"');
        }
    }

    private CharSequence end()
    {
        return line.append('}');
    }

    private void string(final CharSequence value)
    {
        if (value == null)
        {
            line.append("null");
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        line.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
