package io.wsnova.mock.coinbase;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The deterministic market of the Coinbase mock: one price-level book per product (prices on a 0.01 tick, sizes on
 * 1e-8), consecutive trade ids per product, all driven by one seeded random. Rendered as Coinbase Advanced Trade
 * JSON ({@code l2_data} snapshot/update events, {@code market_trades} events, {@code ticker} events). Not
 * thread-safe: the exchange calls it under its lock.
 */
final class MockCoinbaseMarket
{
    static final BigDecimal TICK = new BigDecimal("0.01");

    final List<String> products;
    private final SplittableRandom random;
    private final int depth;
    private final Map<String, TreeMap<BigDecimal, BigDecimal>> bids = new TreeMap<>();
    private final Map<String, TreeMap<BigDecimal, BigDecimal>> asks = new TreeMap<>();
    private final Map<String, List<String[]>> trades = new TreeMap<>();
    private final Map<String, Long> nextTradeId = new TreeMap<>();

    MockCoinbaseMarket(final List<String> products, final long seed, final int depth)
    {
        this.products = List.copyOf(products);
        this.random = new SplittableRandom(seed);
        this.depth = depth;
        for (int i = 0; i < products.size(); i++)
        {
            trades.put(products.get(i), new ArrayList<>());
            nextTradeId.put(products.get(i), 1_000L * (i + 1));
        }
        newBooks();
    }

    /** Fills every book afresh (a restart); trade ids go on. */
    void newBooks()
    {
        for (int p = 0; p < products.size(); p++)
        {
            final String product = products.get(p);
            final TreeMap<BigDecimal, BigDecimal> bidBook = new TreeMap<>(Collections.reverseOrder());
            final TreeMap<BigDecimal, BigDecimal> askBook = new TreeMap<>();
            final long mid = 2_000_000L + 100_000L * p + random.nextInt(1000);
            for (int i = 1; i <= depth; i++)
            {
                bidBook.put(BigDecimal.valueOf(mid - i, 2), size());
                askBook.put(BigDecimal.valueOf(mid + i, 2), size());
            }
            bids.put(product, bidBook);
            asks.put(product, askBook);
        }
    }

    /**
     * Changes one product's book by a few levels (set, delete, add) and returns the changes as
     * {@code [side, price, newQuantity]} ("0" deletes).
     */
    List<String[]> changeBook(final String product)
    {
        final List<String[]> changes = new ArrayList<>();
        final int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++)
        {
            final boolean bid = random.nextBoolean();
            final TreeMap<BigDecimal, BigDecimal> book = bid ? bids.get(product) : asks.get(product);
            final BigDecimal best = book.isEmpty() ? BigDecimal.valueOf(2_000_000L, 2) : book.firstKey();
            final int action = random.nextInt(3);
            if (action == 0 && book.size() > 2)
            {
                final BigDecimal price = new ArrayList<>(book.keySet()).get(random.nextInt(book.size()));
                book.remove(price);
                changes.add(new String[]{bid ? "bid" : "offer", price.toPlainString(), "0"});
            }
            else
            {
                final int offset = random.nextInt(depth + 2);
                final BigDecimal price = bid ? best.subtract(TICK.multiply(BigDecimal.valueOf(offset))) :
                    best.add(TICK.multiply(BigDecimal.valueOf(offset)));
                final BigDecimal opposite = bid ? bestOf(asks.get(product)) : bestOf(bids.get(product));
                if (opposite != null && (bid ? price.compareTo(opposite) >= 0 : price.compareTo(opposite) <= 0))
                {
                    continue;
                }
                final BigDecimal size = size();
                book.put(price, size);
                changes.add(new String[]{bid ? "bid" : "offer", price.toPlainString(), size.toPlainString()});
            }
        }
        return changes;
    }

    /**
     * Makes a trade on a product: {@code [id, price, size, side, time]}; kept in the product's history.
     */
    String[] trade(final String product, final String time)
    {
        final long id = nextTradeId.get(product);
        nextTradeId.put(product, id + 1);
        final boolean buy = random.nextBoolean();
        final BigDecimal price = buy ? bestOf(asks.get(product)) : bestOf(bids.get(product));
        final String[] trade = {Long.toString(id), price == null ? "1.00" : price.toPlainString(),
            size().toPlainString(), buy ? "BUY" : "SELL", time};
        trades.get(product).add(trade);
        return trade;
    }

    List<String[]> tradeHistory(final String product)
    {
        return trades.get(product);
    }

    List<Long> tradeIds(final String product)
    {
        final List<Long> ids = new ArrayList<>();
        for (final String[] trade : trades.get(product))
        {
            ids.add(Long.parseLong(trade[0]));
        }
        return ids;
    }

    boolean hasProduct(final String product)
    {
        return bids.containsKey(product);
    }

    /** The book as the test compares it: {@code b:price@size,...|a:price@size,...}, numbers normalized. */
    String canonicalBook(final String product)
    {
        final StringBuilder text = new StringBuilder("b:");
        for (final Map.Entry<BigDecimal, BigDecimal> level : bids.get(product).entrySet())
        {
            text.append(normal(level.getKey())).append('@').append(normal(level.getValue())).append(',');
        }
        text.append("|a:");
        for (final Map.Entry<BigDecimal, BigDecimal> level : asks.get(product).entrySet())
        {
            text.append(normal(level.getKey())).append('@').append(normal(level.getValue())).append(',');
        }
        return text.toString();
    }

    static String normal(final BigDecimal value)
    {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    String l2Snapshot(final String product, final String time)
    {
        final StringBuilder updates = new StringBuilder();
        for (final Map.Entry<BigDecimal, BigDecimal> level : bids.get(product).entrySet())
        {
            level(updates, "bid", level.getKey().toPlainString(), level.getValue().toPlainString(), time);
        }
        for (final Map.Entry<BigDecimal, BigDecimal> level : asks.get(product).entrySet())
        {
            level(updates, "offer", level.getKey().toPlainString(), level.getValue().toPlainString(), time);
        }
        return "{\"type\":\"snapshot\",\"product_id\":\"" + product + "\",\"updates\":[" + updates + "]}";
    }

    static String l2Update(final String product, final List<String[]> changes, final String time)
    {
        final StringBuilder updates = new StringBuilder();
        for (final String[] change : changes)
        {
            level(updates, change[0], change[1], change[2], time);
        }
        return "{\"type\":\"update\",\"product_id\":\"" + product + "\",\"updates\":[" + updates + "]}";
    }

    /** The trade snapshot: the last {@code count} trades, newest first, as Coinbase lists them. */
    String tradeSnapshot(final String product, final int count)
    {
        final List<String[]> history = trades.get(product);
        final List<String[]> recent = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0 && recent.size() < count; i--)
        {
            recent.add(history.get(i));
        }
        return tradesEvent("snapshot", product, recent);
    }

    static String tradesEvent(final String type, final String product, final List<String[]> list)
    {
        final StringBuilder text = new StringBuilder("{\"type\":\"").append(type).append("\",\"trades\":[");
        for (int i = 0; i < list.size(); i++)
        {
            final String[] trade = list.get(i);
            text.append(i == 0 ? "" : ",").append("{\"trade_id\":\"").append(trade[0])
                .append("\",\"product_id\":\"").append(product).append("\",\"price\":\"").append(trade[1])
                .append("\",\"size\":\"").append(trade[2]).append("\",\"side\":\"").append(trade[3])
                .append("\",\"time\":\"").append(trade[4]).append("\"}");
        }
        return text.append("]}").toString();
    }

    String tickerEvent(final String type, final String product)
    {
        final BigDecimal bid = bestOf(bids.get(product));
        final BigDecimal ask = bestOf(asks.get(product));
        return "{\"type\":\"" + type + "\",\"tickers\":[{\"type\":\"ticker\",\"product_id\":\"" + product +
            "\",\"price\":\"" + (bid == null ? "0" : bid.toPlainString()) + "\",\"volume_24_h\":\"1234.5\"," +
            "\"best_bid\":\"" + (bid == null ? "0" : bid.toPlainString()) + "\",\"best_bid_quantity\":\"" +
            (bid == null ? "0" : bids.get(product).get(bid).toPlainString()) + "\",\"best_ask\":\"" +
            (ask == null ? "0" : ask.toPlainString()) + "\",\"best_ask_quantity\":\"" +
            (ask == null ? "0" : asks.get(product).get(ask).toPlainString()) + "\"}]}";
    }

    private static void level(final StringBuilder updates, final String side, final String price,
        final String quantity, final String time)
    {
        if (updates.length() > 0)
        {
            updates.append(',');
        }
        updates.append("{\"side\":\"").append(side).append("\",\"event_time\":\"").append(time)
            .append("\",\"price_level\":\"").append(price).append("\",\"new_quantity\":\"").append(quantity)
            .append("\"}");
    }

    private static BigDecimal bestOf(final TreeMap<BigDecimal, BigDecimal> book)
    {
        return book.isEmpty() ? null : book.firstKey();
    }

    private BigDecimal size()
    {
        return BigDecimal.valueOf(1 + random.nextInt(5_000_000), 8);
    }
}
