package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential: a seeded random stream of Deribit notifications (books with gaps and resync snapshots, trades with
 * and without liquidations, tickers, quotes, numbers in several JSON forms) through the handler with the
 * normalized bridge. Every Deribit callback and every normalized event is rendered into one canonical line; the
 * two lists must be equal, line by line. The books are also compared with an independent {@link TreeMap} model of
 * the generated levels at every update. Seed printed; {@code -Dwsnova.seed=N} replays a run.
 */
class DeribitNormalizedEventsTest
{
    private static final int MESSAGES = 4_000;
    private static final String BOOK = "book.BTC-PERPETUAL.100ms";
    private static final String[] INSTRUMENTS = {"BTC-PERPETUAL", "ETH-PERPETUAL"};
    private static final String[] LIQUIDATED = {"M", "T", "MT"};

    private long receivedNs;

    /** Renders the Deribit callbacks. */
    private final class DeribitSide implements DeribitMarketListener
    {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onTrade(final DeribitTrade trade)
        {
            final String side = trade.direction().name().toLowerCase(Locale.ROOT);
            lines.add("trade " + trade.instrumentName() + " " + trade.timestampMs() * 1_000_000L + " " +
                receivedNs + " " + trade.tradeId() + " " + trade.price() + " " + trade.amount() + " " + side);
            if (trade.isLiquidation())
            {
                final boolean taker = trade.liquidation().toString().contains("T");
                final String liquidated = taker ? side : "buy".equals(side) ? "sell" : "buy";
                lines.add("liquidation " + trade.instrumentName() + " " + trade.timestampMs() * 1_000_000L + " " +
                    receivedNs + " " + trade.price() + " " + trade.amount() + " " + liquidated);
            }
        }

        @Override
        public void onTicker(final DeribitTicker ticker)
        {
            lines.add("ticker " + ticker.instrumentName() + " " + ticker.timestampMs() * 1_000_000L + " " +
                receivedNs + " " + text(ticker.lastPrice()) + " " + text(ticker.markPrice()) + " " +
                text(ticker.indexPrice()) + " " + text(ticker.openInterest()) + " " + text(ticker.currentFunding()));
        }

        @Override
        public void onQuote(final DeribitQuote quote)
        {
            lines.add("top " + quote.instrumentName() + " " + quote.timestampMs() * 1_000_000L + " " + receivedNs +
                " " + text(quote.bestBidPrice()) + " " + text(quote.bestBidAmount()) + " " +
                text(quote.bestAskPrice()) + " " + text(quote.bestAskAmount()));
        }

        @Override
        public void onBook(final DeribitOrderBook book)
        {
            lines.add("book " + book.instrumentName() + " " + book.timestampMs() * 1_000_000L + " " + receivedNs +
                " " + book.changeId() + " " + book.isSnapshot() + " " +
                book.bids().appendLevels(Integer.MAX_VALUE, new StringBuilder()) + " " +
                book.asks().appendLevels(Integer.MAX_VALUE, new StringBuilder()));
        }

        @Override
        public void onBookStatus(final DeribitOrderBook book, final DeribitBookStatus status)
        {
            switch (status)
            {
                case GAP_DETECTED -> lines.add("status sequence_gap sequence_mismatch " + book.changeId());
                case RESYNC_DONE -> lines.add("status resync_done none");
                default ->
                {
                }
            }
        }
    }

    /** Renders the normalized events. */
    private static final class MarketSide implements MarketListener
    {
        final List<String> lines = new ArrayList<>();
        InstrumentRegistry registry;
        int venue = -1;
        OrderBook lastBook;

        private String instrument(final int venueId, final int instrumentId)
        {
            assertThat(venueId).isEqualTo(venue);
            assertThat(registry.venueName(venueId)).isEqualTo("deribit");
            return registry.symbol(instrumentId);
        }

        @Override
        public void onTrade(final Trade trade)
        {
            lines.add("trade " + instrument(trade.venueId(), trade.instrumentId()) + " " +
                trade.exchangeTimestampNs() + " " + trade.receiveTimeNs() + " " + trade.tradeId() + " " +
                trade.price() + " " + trade.size() + " " + trade.aggressor().name().toLowerCase(Locale.ROOT));
        }

        @Override
        public void onLiquidation(final Liquidation liquidation)
        {
            lines.add("liquidation " + instrument(liquidation.venueId(), liquidation.instrumentId()) + " " +
                liquidation.exchangeTimestampNs() + " " + liquidation.receiveTimeNs() + " " + liquidation.price() +
                " " + liquidation.size() + " " + liquidation.side().name().toLowerCase(Locale.ROOT));
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            assertThat(ticker.nextFundingTimeNs()).isEqualTo(DerivativesTicker.NO_TIMESTAMP);
            lines.add("ticker " + instrument(ticker.venueId(), ticker.instrumentId()) + " " +
                ticker.exchangeTimestampNs() + " " + ticker.receiveTimeNs() + " " + text(ticker.lastPrice()) + " " +
                text(ticker.markPrice()) + " " + text(ticker.indexPrice()) + " " + text(ticker.openInterest()) + " " +
                text(ticker.fundingRate()));
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            lines.add("top " + instrument(top.venueId(), top.instrumentId()) + " " + top.exchangeTimestampNs() + " " +
                top.receiveTimeNs() + " " + text(top.bidPrice()) + " " + text(top.bidSize()) + " " +
                text(top.askPrice()) + " " + text(top.askSize()));
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            assertThat(book.instrumentId()).isEqualTo(update.instrumentId());
            assertThat(book.isLive()).isTrue();
            lastBook = book;
            lines.add("book " + instrument(update.venueId(), update.instrumentId()) + " " +
                update.exchangeTimestampNs() + " " + update.receiveTimeNs() + " " + book.lastSequence() + " " +
                update.isSnapshot() + " " + book.bids().appendLevels(Integer.MAX_VALUE, new StringBuilder()) + " " +
                book.asks().appendLevels(Integer.MAX_VALUE, new StringBuilder()));
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            switch (status.state())
            {
                case SEQUENCE_GAP -> lines.add("status sequence_gap " +
                    status.reason().name().toLowerCase(Locale.ROOT) + " " + status.expectedSequence());
                case RESYNC_DONE -> lines.add("status resync_done " + status.reason().name().toLowerCase(Locale.ROOT));
                default ->
                {
                }
            }
        }
    }

    @Test
    void shouldEmitNormalizedEventsEqualToTheDeribitEventsForASeededRandomStream()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("DeribitNormalizedEventsTest seed " + seed + " (replay with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final DeribitSide deribit = new DeribitSide();
        final MarketSide market = new MarketSide();
        final DeribitNormalizedHarness harness = new DeribitNormalizedHarness(deribit, market);
        market.registry = harness.adapter.registry();
        market.venue = harness.adapter.venueId();
        final Model model = new Model();
        long changeId = 0;
        boolean subscribed = false;
        int gaps = 0;
        int liquidations = 0;
        for (int i = 0; i < MESSAGES; i++)
        {
            receivedNs = 1_000_000_000L + i * 1_000L + random.nextInt(1000);
            final int kind = random.nextInt(10);
            final String message;
            if (!subscribed || kind < 4)
            {
                final boolean gap = subscribed && random.nextInt(60) == 0;
                if (!subscribed || gap && harness.book(BOOK).isStale())
                {
                    model.clear();
                    changeId += 1 + random.nextInt(100);
                    message = book("snapshot", -1, changeId, model.entries(random, true, 1 + random.nextInt(20)),
                        model.entries(random, false, 1 + random.nextInt(20)), i);
                    subscribed = true;
                }
                else if (gap)
                {
                    gaps++;
                    final long prev = changeId + 2 + random.nextInt(5);
                    changeId = prev + 1;
                    // the adapter drops it; the model is not touched
                    message = book("change", prev, changeId, "[\"new\",1,1]", "", i);
                }
                else
                {
                    final long prev = changeId;
                    changeId += 1 + random.nextInt(3);
                    message = book("change", prev, changeId, model.entries(random, true, random.nextInt(4)),
                        model.entries(random, false, random.nextInt(4)), i);
                }
            }
            else if (kind < 6)
            {
                final StringBuilder trades = new StringBuilder();
                final String instrument = INSTRUMENTS[random.nextInt(2)];
                for (int t = 0, n = 1 + random.nextInt(3); t < n; t++)
                {
                    final String liquidation = random.nextInt(5) == 0 ? LIQUIDATED[random.nextInt(3)] : null;
                    liquidations += liquidation == null ? 0 : 1;
                    trades.append(t == 0 ? "" : ",").append("{\"trade_seq\":").append(i * 10 + t)
                        .append(",\"trade_id\":\"").append(random.nextBoolean() ? "" + (48_000_000 + i * 10 + t) :
                            "ETH-" + (i * 10 + t))
                        .append("\",\"timestamp\":").append(1_590_484_512_000L + i)
                        .append(",\"tick_direction\":2,\"price\":").append(number(random, 8950, 2))
                        .append(",\"mark_price\":8948.9,\"instrument_name\":\"").append(instrument)
                        .append("\",\"index_price\":8955.88,\"direction\":\"")
                        .append(random.nextBoolean() ? "buy" : "sell").append("\",\"amount\":")
                        .append(number(random, 1 + random.nextInt(1000), 1))
                        .append(liquidation == null ? "" : ",\"liquidation\":\"" + liquidation + "\"").append('}');
                }
                message = notification("trades." + instrument + ".100ms", "[" + trades + "]");
            }
            else if (kind < 8)
            {
                final String instrument = INSTRUMENTS[random.nextInt(2)];
                message = notification("ticker." + instrument + ".100ms", "{\"timestamp\":" + (1_623_060_194_301L + i) +
                    ",\"instrument_name\":\"" + instrument + "\",\"state\":\"open\"," +
                    "\"best_bid_price\":" + number(random, 36_000, 1) + ",\"best_bid_amount\":10," +
                    "\"best_ask_price\":" + number(random, 36_001, 1) + ",\"best_ask_amount\":20," +
                    "\"last_price\":" + number(random, 36_000, 2) + ",\"mark_price\":" + number(random, 36_000, 3) +
                    ",\"index_price\":" + number(random, 36_000, 2) +
                    ",\"open_interest\":" + number(random, 5_000_000, 0) +
                    (random.nextInt(4) == 0 ? "" : ",\"current_funding\":" + funding(random)) +
                    ",\"funding_8h\":" + funding(random) + "}");
            }
            else
            {
                final String instrument = INSTRUMENTS[random.nextInt(2)];
                message = notification("quote." + instrument, "{\"timestamp\":" + (1_550_658_624_149L + i) +
                    ",\"instrument_name\":\"" + instrument + "\",\"best_bid_price\":" + number(random, 3914, 2) +
                    ",\"best_bid_amount\":40,\"best_ask_price\":" + number(random, 3996, 2) +
                    ",\"best_ask_amount\":" + number(random, 50, 1) + "}");
            }
            final int before = market.lines.size();
            harness.receive(message, receivedNs);
            if (market.lines.size() > before && market.lines.get(market.lines.size() - 1).startsWith("book "))
            {
                assertThat(levels(market.lastBook)).as("book vs model, seed %d, message %d", seed, i)
                    .isEqualTo(model.toString());
            }
        }

        assertThat(market.lines).as("seed %d", seed).hasSize(deribit.lines.size());
        for (int i = 0; i < deribit.lines.size(); i++)
        {
            assertThat(market.lines.get(i)).as("event %d, seed %d", i, seed).isEqualTo(deribit.lines.get(i));
        }
        System.out.printf("%d events equal (%d gaps, %d liquidations)%n", deribit.lines.size(), gaps, liquidations);
        assertThat(deribit.lines).anyMatch(line -> line.startsWith("liquidation "));
    }

    private static String levels(final OrderBook book)
    {
        return book.bids().appendLevels(Integer.MAX_VALUE, new StringBuilder()) + " " +
            book.asks().appendLevels(Integer.MAX_VALUE, new StringBuilder());
    }

    private static String text(final Decimal value)
    {
        return value == null || value.isNull() ? "null" : value.toString();
    }

    private static String notification(final String channel, final String data)
    {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"" + channel +
            "\",\"data\":" + data + "}}";
    }

    private static String book(final String type, final long prev, final long changeId, final String bids,
        final String asks, final int i)
    {
        return notification(BOOK, "{\"type\":\"" + type + "\",\"timestamp\":" + (1_554_373_962_454L + i) +
            (prev < 0 ? "" : ",\"prev_change_id\":" + prev) + ",\"instrument_name\":\"BTC-PERPETUAL\"," +
            "\"change_id\":" + changeId + ",\"bids\":[" + bids + "],\"asks\":[" + asks + "]}");
    }

    /** A number near {@code base} with up to {@code decimals} decimals, in one of several valid JSON forms. */
    private static String number(final SplittableRandom random, final long base, final int decimals)
    {
        final BigDecimal value = BigDecimal.valueOf(base * 100L + random.nextInt(100), 2)
            .setScale(decimals, java.math.RoundingMode.DOWN);
        return switch (random.nextInt(5))
        {
            case 0 -> value.setScale(value.scale() + 1).toPlainString();
            case 1 -> value.stripTrailingZeros().toString().replace("E+", "e");
            default -> value.toPlainString();
        };
    }

    private static String funding(final SplittableRandom random)
    {
        return switch (random.nextInt(3))
        {
            case 0 -> "0";
            case 1 -> "8.15e-05";
            default -> "-0.0000" + (1 + random.nextInt(9));
        };
    }

    /** The generated book: a TreeMap per side keyed by the numeric price, holding the texts last sent. */
    private static final class Model
    {
        private final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Comparator.reverseOrder());
        private final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();

        void clear()
        {
            bids.clear();
            asks.clear();
        }

        String entries(final SplittableRandom random, final boolean isBid, final int count)
        {
            final TreeMap<BigDecimal, String[]> side = isBid ? bids : asks;
            final StringBuilder entries = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                final boolean existing = !side.isEmpty() && random.nextInt(3) > 0;
                final String action;
                final String priceText;
                if (existing)
                {
                    final List<BigDecimal> prices = new ArrayList<>(side.keySet());
                    priceText = prices.get(random.nextInt(prices.size())).toPlainString();
                    action = random.nextBoolean() ? "delete" : "change";
                }
                else
                {
                    final BigDecimal offset = new BigDecimal("0.5").multiply(BigDecimal.valueOf(random.nextInt(200)));
                    final BigDecimal price = isBid ? BigDecimal.valueOf(5000).subtract(offset) :
                        BigDecimal.valueOf(5001).add(offset);
                    priceText = random.nextInt(4) == 0 ? price.setScale(2).toPlainString() : price.toPlainString();
                    action = "new";
                }
                final String amountText = "delete".equals(action) ? "0" :
                    random.nextBoolean() ? (1 + random.nextInt(100)) + ".0" : "" + (10 * (1 + random.nextInt(500)));
                final BigDecimal key = new BigDecimal(priceText).stripTrailingZeros();
                if ("delete".equals(action))
                {
                    side.remove(key);
                }
                else
                {
                    side.remove(key);
                    side.put(key, new String[] {priceText, amountText});
                }
                entries.append(i == 0 ? "" : ",").append("[\"").append(action).append("\",").append(priceText)
                    .append(',').append(amountText).append(']');
            }
            return entries.toString();
        }

        @Override
        public String toString()
        {
            return levels(bids) + " " + levels(asks);
        }

        private static String levels(final TreeMap<BigDecimal, String[]> side)
        {
            final StringBuilder text = new StringBuilder("[");
            for (final Map.Entry<BigDecimal, String[]> level : side.entrySet())
            {
                text.append(text.length() == 1 ? "" : ",").append("[\"").append(level.getValue()[0]).append("\",\"")
                    .append(level.getValue()[1]).append("\"]");
            }
            return text.append(']').toString();
        }
    }
}
