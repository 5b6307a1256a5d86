package io.wsnova.mock.deribit;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes Deribit subscription notifications in the venue's shapes (field names, order and types of the reference
 * examples) from the state of a {@link MockInstrument}; the caller holds the instrument's lock.
 */
final class MockNotifications
{
    private static final String[] ACTIONS = {"new", "change", "delete"};
    private static final String[] MALFORMED = {
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"," +
            "\"data\":{\"best_bid_price\":",
        "this is not json",
        "{\"jsonrpc\":\"2.0\",,\"method\":\"subscription\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"book.BTC-PERPETUAL.100ms\"," +
            "\"data\":{\"bids\":[[\"new\",36000.5,]]}}}",
        "]",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"quote.BTC-PERPETUAL\"," +
            "\"data\":{\"best_bid_price\":1e}}}",
    };

    private MockNotifications()
    {
    }

    private static StringBuilder begin(final StringBuilder out, final String channel)
    {
        out.setLength(0);
        out.append("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":");
        return MockJsonText.appendString(out, channel).append(",\"data\":");
    }

    private static String end(final StringBuilder out)
    {
        return out.append("}}").toString();
    }

    private static void price(final StringBuilder out, final MockInstrument instrument, final long ticks)
    {
        MockJsonText.appendDecimal(out, instrument.priceMantissa(ticks), instrument.priceScale);
    }

    static String bookChange(final StringBuilder out, final String channel, final MockInstrument instrument,
        final long timestampMs)
    {
        begin(out, channel).append("{\"type\":\"change\",\"timestamp\":").append(timestampMs)
            .append(",\"prev_change_id\":").append(instrument.prevChangeId)
            .append(",\"instrument_name\":\"").append(instrument.name)
            .append("\",\"change_id\":").append(instrument.changeId)
            .append(",\"bids\":[");
        actions(out, instrument, true);
        out.append("],\"asks\":[");
        actions(out, instrument, false);
        return end(out.append("]}"));
    }

    private static void actions(final StringBuilder out, final MockInstrument instrument, final boolean bid)
    {
        boolean first = true;
        for (int i = 0; i < instrument.actionCount; i++)
        {
            if (instrument.actionBid[i] != bid)
            {
                continue;
            }
            if (!first)
            {
                out.append(',');
            }
            first = false;
            out.append("[\"").append(ACTIONS[instrument.actionKind[i]]).append("\",");
            price(out, instrument, instrument.actionTicks[i]);
            out.append(',').append(instrument.actionAmount[i]).append(']');
        }
    }

    static String bookSnapshot(final StringBuilder out, final String channel, final MockInstrument instrument,
        final long timestampMs)
    {
        begin(out, channel).append("{\"type\":\"snapshot\",\"timestamp\":").append(timestampMs)
            .append(",\"instrument_name\":\"").append(instrument.name)
            .append("\",\"change_id\":").append(instrument.changeId)
            .append(",\"bids\":[");
        levels(out, instrument, instrument.bids);
        out.append("],\"asks\":[");
        levels(out, instrument, instrument.asks);
        return end(out.append("]}"));
    }

    private static void levels(final StringBuilder out, final MockInstrument instrument,
        final TreeMap<Long, Long> side)
    {
        boolean first = true;
        for (final Map.Entry<Long, Long> level : side.entrySet())
        {
            if (!first)
            {
                out.append(',');
            }
            first = false;
            out.append("[\"new\",");
            price(out, instrument, level.getKey());
            out.append(',').append(level.getValue().longValue()).append(']');
        }
    }

    static String ticker(final StringBuilder out, final String channel, final MockInstrument instrument,
        final long timestampMs)
    {
        final long bestBid = instrument.bestBidTicks();
        final long bestAsk = instrument.bestAskTicks();
        begin(out, channel).append("{\"best_ask_amount\":").append(instrument.asks.get(bestAsk).longValue())
            .append(",\"best_ask_price\":");
        price(out, instrument, bestAsk);
        out.append(",\"best_bid_amount\":").append(instrument.bids.get(bestBid).longValue())
            .append(",\"best_bid_price\":");
        price(out, instrument, bestBid);
        out.append(",\"current_funding\":0,\"estimated_delivery_price\":");
        MockJsonText.appendDecimal(out, instrument.index2, 2).append(",\"funding_8h\":");
        MockJsonText.appendDecimal(out, instrument.funding8, 8).append(",\"index_price\":");
        MockJsonText.appendDecimal(out, instrument.index2, 2)
            .append(",\"instrument_name\":\"").append(instrument.name)
            .append("\",\"interest_value\":1.7362511643080387,\"last_price\":");
        price(out, instrument, instrument.lastTradeTicks);
        out.append(",\"mark_price\":");
        MockJsonText.appendDecimal(out, instrument.mark2, 2).append(",\"max_price\":");
        MockJsonText.appendDecimal(out, instrument.mark2 * 1015 / 1000, 2).append(",\"min_price\":");
        MockJsonText.appendDecimal(out, instrument.mark2 * 985 / 1000, 2)
            .append(",\"open_interest\":").append(instrument.openInterest)
            .append(",\"settlement_price\":");
        MockJsonText.appendDecimal(out, instrument.settlement2, 2)
            .append(",\"state\":\"open\",\"stats\":{\"high\":");
        price(out, instrument, instrument.highTicks);
        out.append(",\"low\":");
        price(out, instrument, instrument.lowTicks);
        out.append(",\"price_change\":");
        final long change4 = (instrument.lastTradeTicks - instrument.openTicks) * 1_000_000L / instrument.openTicks;
        MockJsonText.appendDecimal(out, change4, 4).append(",\"volume\":");
        MockJsonText.appendDecimal(out, instrument.volumeCoin8, 8)
            .append(",\"volume_usd\":").append(instrument.volumeUsd)
            .append("},\"timestamp\":").append(timestampMs).append('}');
        return end(out);
    }

    static String trades(final StringBuilder out, final String channel, final MockInstrument instrument,
        final long timestampMs)
    {
        begin(out, channel).append('[');
        for (int i = 0; i < instrument.tradeCount; i++)
        {
            if (i > 0)
            {
                out.append(',');
            }
            out.append("{\"trade_seq\":").append(instrument.tradeSeq[i])
                .append(",\"trade_id\":\"").append(instrument.tradeIdPrefix).append(instrument.tradeId[i])
                .append("\",\"timestamp\":").append(timestampMs)
                .append(",\"tick_direction\":").append(instrument.tradeTickDirection[i])
                .append(",\"price\":");
            price(out, instrument, instrument.tradeTicks[i]);
            out.append(",\"mark_price\":");
            MockJsonText.appendDecimal(out, instrument.mark2, 2)
                .append(",\"instrument_name\":\"").append(instrument.name)
                .append("\",\"index_price\":");
            MockJsonText.appendDecimal(out, instrument.index2, 2)
                .append(",\"direction\":\"").append(instrument.tradeBuy[i] ? "buy" : "sell")
                .append("\",\"amount\":").append(instrument.tradeAmount[i]).append('}');
        }
        return end(out.append(']'));
    }

    static String quote(final StringBuilder out, final String channel, final MockInstrument instrument,
        final long timestampMs)
    {
        final long bestBid = instrument.bestBidTicks();
        final long bestAsk = instrument.bestAskTicks();
        begin(out, channel).append("{\"timestamp\":").append(timestampMs)
            .append(",\"instrument_name\":\"").append(instrument.name)
            .append("\",\"best_bid_price\":");
        price(out, instrument, bestBid);
        out.append(",\"best_bid_amount\":").append(instrument.bids.get(bestBid).longValue())
            .append(",\"best_ask_price\":");
        price(out, instrument, bestAsk);
        out.append(",\"best_ask_amount\":").append(instrument.asks.get(bestAsk).longValue()).append('}');
        return end(out);
    }

    static String heartbeat(final String type)
    {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"" + type + "\"}}";
    }

    static String malformed(final long sequence)
    {
        return MALFORMED[(int)(sequence % MALFORMED.length)];
    }

    static String unknownMethod(final long sequence)
    {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"mock/unknown_method\",\"params\":{\"sequence\":" + sequence + "}}";
    }
}
