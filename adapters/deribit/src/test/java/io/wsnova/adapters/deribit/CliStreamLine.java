package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;

import java.util.Locale;

/**
 * What {@code ./nova stream --adapter deribit} prints today for a Deribit ticker, book and trade: a line-for-line
 * copy of the printing code of {@code cli/src/main/java/io/wsnova/cli/MarketJson.java} (package-private there, and
 * the cli module depends on this one, so the test cannot call it). Keep it in step with that file.
 */
final class CliStreamLine
{
    private static final int BOOK_LEVELS = 10;

    private final StringBuilder line = new StringBuilder(1024);

    String ticker(final String channel, final DeribitTicker ticker)
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

    String book(final DeribitOrderBook book)
    {
        start("book", book.channel(), book.instrumentName(), book.timestampMs());
        line.append(",\"change_id\":").append(book.changeId());
        line.append(",\"bids\":");
        book.bids().appendLevels(BOOK_LEVELS, line);
        line.append(",\"asks\":");
        book.asks().appendLevels(BOOK_LEVELS, line);
        return end();
    }

    String trade(final String channel, final DeribitTrade trade)
    {
        start("trade", channel, trade.instrumentName(), trade.timestampMs());
        line.append(",\"trade_id\":");
        string(trade.tradeId());
        line.append(",\"trade_seq\":").append(trade.tradeSeq());
        decimal("price", trade.price());
        decimal("amount", trade.amount());
        line.append(",\"direction\":\"").append(trade.direction().name().toLowerCase(Locale.ROOT)).append('"');
        return end();
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

    private String end()
    {
        return line.append('}').toString();
    }

    private void string(final CharSequence value)
    {
        // the venue's names and ids here are plain ASCII: the cli's escaping of quotes and controls does not apply
        line.append('"').append(value).append('"');
    }
}
