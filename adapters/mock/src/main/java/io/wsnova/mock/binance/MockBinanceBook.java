package io.wsnova.mock.binance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One symbol's market in the Binance mock: a price-level book in integer ticks and lots (price = ticks / 100,
 * quantity = lots / 1000, written with 8 decimals as Binance does), its update id, the trade id, and the history
 * the tests compare against: the whole book after every update id. Deterministic from the seed. Not thread-safe:
 * {@link MockBinanceExchange} guards it with its lock.
 */
final class MockBinanceBook
{
    static final int PRICE_SCALE = 2;
    static final int QUANTITY_SCALE = 3;
    static final int HISTORY_LIMIT = 200_000;

    /** One diff-depth event: first and last update id, previous event's last id, the levels it sets. */
    record Depth(long firstUpdateId, long lastUpdateId, long previousUpdateId, long eventTimeMs,
        List<long[]> bids, List<long[]> asks)
    {
    }

    /** One trade. */
    record TradeEvent(long tradeId, long priceTicks, long quantityLots, boolean buyerMaker, long timeMs)
    {
    }

    final String symbol;
    private final SplittableRandom random;
    private final int depth;
    private final NavigableMap<Long, Long> bids = new TreeMap<>();
    private final NavigableMap<Long, Long> asks = new TreeMap<>();
    private final Map<Long, String> bookByUpdateId = new HashMap<>();
    private final ArrayDeque<Long> historyOrder = new ArrayDeque<>();
    private long lastUpdateId;
    private long lastTradeId;
    private long mid;

    MockBinanceBook(final String symbol, final long seed, final int depth, final long firstUpdateId,
        final long firstTradeId)
    {
        this.symbol = symbol;
        this.random = new SplittableRandom(seed ^ symbol.hashCode());
        this.depth = depth;
        this.lastUpdateId = firstUpdateId;
        this.lastTradeId = firstTradeId;
        this.mid = 2_000_000L + random.nextLong(1_000_000L);
        for (int i = 1; i <= depth; i++)
        {
            bids.put(mid - i, lots());
            asks.put(mid + i, lots());
        }
        record();
    }

    /**
     * Changes 1 to 4 levels: a new event with {@code U = last + 1} and {@code u = last + changes}.
     */
    Depth nextDepth(final long timeMs)
    {
        final int changes = 1 + random.nextInt(4);
        final List<long[]> bidLevels = new ArrayList<>();
        final List<long[]> askLevels = new ArrayList<>();
        for (int i = 0; i < changes; i++)
        {
            final boolean bid = random.nextBoolean();
            final NavigableMap<Long, Long> side = bid ? bids : asks;
            final long price;
            final long quantity;
            if (side.size() > 2 && random.nextInt(4) == 0)
            {
                price = pick(side);
                quantity = 0L;
                side.remove(price);
            }
            else
            {
                final long offset = 1 + random.nextInt(depth + 5);
                price = bid ? Math.min(mid - offset, bestAskOr(mid + 1) - 1) : Math.max(mid + offset,
                    bestBidOr(mid - 1) + 1);
                quantity = lots();
                side.put(price, quantity);
            }
            (bid ? bidLevels : askLevels).add(new long[] {price, quantity});
        }
        final long previous = lastUpdateId;
        final long first = lastUpdateId + 1;
        lastUpdateId += changes;
        record();
        return new Depth(first, lastUpdateId, previous, timeMs, bidLevels, askLevels);
    }

    TradeEvent nextTrade(final long timeMs)
    {
        final boolean buyerMaker = random.nextBoolean();
        final long price = buyerMaker ? bestBidOr(mid - 1) : bestAskOr(mid + 1);
        mid += random.nextInt(3) - 1;
        return new TradeEvent(++lastTradeId, price, lots(), buyerMaker, timeMs);
    }

    long lastUpdateId()
    {
        return lastUpdateId;
    }

    long lastTradeId()
    {
        return lastTradeId;
    }

    long bestBidOr(final long otherwise)
    {
        return bids.isEmpty() ? otherwise : bids.lastKey();
    }

    long bestAskOr(final long otherwise)
    {
        return asks.isEmpty() ? otherwise : asks.firstKey();
    }

    long quantityAt(final boolean bid, final long price)
    {
        final Long quantity = (bid ? bids : asks).get(price);
        return quantity == null ? 0L : quantity;
    }

    /**
     * The top {@code limit} levels per side, best first, as {@code [ticks, lots]}.
     */
    List<long[]> levels(final boolean bid, final int limit)
    {
        final List<long[]> levels = new ArrayList<>();
        for (final Map.Entry<Long, Long> level : (bid ? bids.descendingMap() : asks).entrySet())
        {
            if (levels.size() == limit)
            {
                break;
            }
            levels.add(new long[] {level.getKey(), level.getValue()});
        }
        return levels;
    }

    /**
     * The whole book after update id {@code updateId} in the canonical form of {@link #canonical}, or null when
     * that id is not in the history (not an event boundary, or too old).
     */
    String bookAt(final long updateId)
    {
        return bookByUpdateId.get(updateId);
    }

    /**
     * Canonical text of a book: {@code bids=[p:q,...] asks=[p:q,...]} best first, numbers in plain notation
     * without trailing zeros. Tests build the same text from the client's book.
     */
    static String canonical(final List<String[]> bids, final List<String[]> asks)
    {
        final StringBuilder text = new StringBuilder("bids=[");
        append(text, bids);
        text.append("] asks=[");
        append(text, asks);
        return text.append(']').toString();
    }

    private static void append(final StringBuilder text, final List<String[]> levels)
    {
        for (int i = 0; i < levels.size(); i++)
        {
            if (i > 0)
            {
                text.append(',');
            }
            text.append(levels.get(i)[0]).append(':').append(levels.get(i)[1]);
        }
    }

    private void record()
    {
        final List<String[]> bidText = new ArrayList<>();
        final List<String[]> askText = new ArrayList<>();
        for (final long[] level : levels(true, Integer.MAX_VALUE))
        {
            bidText.add(new String[] {plain(level[0], PRICE_SCALE), plain(level[1], QUANTITY_SCALE)});
        }
        for (final long[] level : levels(false, Integer.MAX_VALUE))
        {
            askText.add(new String[] {plain(level[0], PRICE_SCALE), plain(level[1], QUANTITY_SCALE)});
        }
        bookByUpdateId.put(lastUpdateId, canonical(bidText, askText));
        historyOrder.add(lastUpdateId);
        if (historyOrder.size() > HISTORY_LIMIT)
        {
            bookByUpdateId.remove(historyOrder.removeFirst());
        }
    }

    /**
     * Plain decimal text of {@code units / 10^scale} without trailing zeros ({@code 2000000, 2} is
     * {@code 20000}).
     */
    static String plain(final long units, final int scale)
    {
        return java.math.BigDecimal.valueOf(units, scale).stripTrailingZeros().toPlainString();
    }

    private long pick(final NavigableMap<Long, Long> side)
    {
        final int index = random.nextInt(side.size());
        int i = 0;
        for (final Long price : side.keySet())
        {
            if (i++ == index)
            {
                return price;
            }
        }
        return side.firstKey();
    }

    private long lots()
    {
        return 1 + random.nextLong(5_000L);
    }
}
