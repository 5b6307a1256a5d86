package io.wsnova.mock.bybit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One symbol of the mock: a deterministic book in ticks and lots around a fixed mid, its update id {@code u} (reset
 * to 1 by a restart, which starts a new generation), the cross sequence, and the canonical book after every update
 * id of every generation (what the tests compare a client's book with). Guarded by the exchange's lock.
 */
final class MockBybitBook
{
    static final int PRICE_SCALE = 2;
    static final int SIZE_SCALE = 3;
    static final int BAND = 30;

    final String symbol;
    final long midTicks;
    final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
    final TreeMap<Long, Long> asks = new TreeMap<>();
    final List<String> tradeIds = new ArrayList<>();
    final Map<String, Integer> tradeSends = new HashMap<>();
    private final Map<String, String> history = new HashMap<>();
    private final SplittableRandom random;
    int generation;
    long u;
    long seq;

    MockBybitBook(final String symbol, final long midTicks, final long seed)
    {
        this.symbol = symbol;
        this.midTicks = midTicks;
        this.random = new SplittableRandom(seed);
        for (int k = 1; k <= 20; k++)
        {
            bids.put(midTicks - k, 1L + random.nextInt(5_000));
            asks.put(midTicks + k, 1L + random.nextInt(5_000));
        }
        u = 1;
        seq = 1_000_000L + random.nextInt(1000);
        record();
    }

    /**
     * Changes one to three levels; returns them as {@code [isBid, priceTicks, sizeLots]} (size 0: deleted).
     */
    List<long[]> change()
    {
        final List<long[]> changes = new ArrayList<>();
        final int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++)
        {
            final boolean bid = random.nextBoolean();
            final long price = bid ? midTicks - 1 - random.nextInt(BAND) : midTicks + 1 + random.nextInt(BAND);
            final TreeMap<Long, Long> side = bid ? bids : asks;
            final long size = side.containsKey(price) && random.nextInt(3) == 0 || side.size() > 25 ? 0L :
                1L + random.nextInt(5_000);
            if (size == 0L && !side.containsKey(price))
            {
                continue;
            }
            if (size == 0L)
            {
                side.remove(price);
            }
            else
            {
                side.put(price, size);
            }
            changes.add(new long[] {bid ? 1 : 0, price, size});
        }
        u++;
        seq += 1 + random.nextInt(5);
        record();
        return changes;
    }

    /** The venue restarted: {@code u} starts again at 1 in a new generation. */
    void restart()
    {
        generation++;
        u = 1;
        seq += 1_000;
        record();
    }

    /** A trade: {@code [priceTicks, sizeLots, buy ? 1 : 0]} with a deterministic UUID-form id. */
    String nextTradeId()
    {
        final String id = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
        tradeIds.add(id);
        return id;
    }

    long[] nextTrade()
    {
        final boolean buy = random.nextBoolean();
        return new long[] {buy ? midTicks + 1 + random.nextInt(3) : midTicks - 1 - random.nextInt(3),
            1L + random.nextInt(2_000), buy ? 1 : 0};
    }

    SplittableRandom random()
    {
        return random;
    }

    String bookAt(final int generation, final long updateId)
    {
        return history.get(generation + ":" + updateId);
    }

    private void record()
    {
        history.put(generation + ":" + u, canonical(levels(bids, Integer.MAX_VALUE), levels(asks, Integer.MAX_VALUE)));
    }

    static List<String[]> levels(final TreeMap<Long, Long> side, final int depth)
    {
        final List<String[]> levels = new ArrayList<>();
        for (final Map.Entry<Long, Long> level : side.entrySet())
        {
            if (levels.size() == depth)
            {
                break;
            }
            levels.add(new String[] {text(level.getKey(), PRICE_SCALE), text(level.getValue(), SIZE_SCALE)});
        }
        return levels;
    }

    static String text(final long unscaled, final int scale)
    {
        return BigDecimal.valueOf(unscaled, scale).toPlainString();
    }

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
            text.append(i > 0 ? "," : "").append(new BigDecimal(levels.get(i)[0]).stripTrailingZeros().toPlainString())
                .append(':').append(new BigDecimal(levels.get(i)[1]).stripTrailingZeros().toPlainString());
        }
    }
}
