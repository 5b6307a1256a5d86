package io.wsnova.mock.deribit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The synthetic market of one perpetual: an order book keyed by price in ticks, a change id, trade sequence and
 * ticker statistics. Prices are fixed-point: {@code ticks * tickMantissa * 10^-priceScale}.
 * <p>
 * Thread use: mutated by the generator thread, read by request threads (orders) and test threads (snapshots),
 * every access under {@link #lock}. Each kind of state has its own seeded random, so the book's evolution depends
 * only on the seed and on how many book events were generated.
 */
final class MockInstrument
{
    static final int NEW = 0;
    static final int CHANGE = 1;
    static final int DELETE = 2;
    static final int MAX_ACTIONS = 3;
    static final int MAX_TRADES = 3;
    static final int MAX_HISTORY = 1 << 18;

    final String name;
    final String currency;
    final int priceScale;
    final long tickMantissa;
    final long contractSize;
    final String tradeIdPrefix;
    final ReentrantLock lock = new ReentrantLock();

    final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<Long, Long> asks = new TreeMap<>();
    long changeId;
    long prevChangeId;
    boolean gapPending;
    private final long[] sentChangeIds;
    private final Map<Long, long[]> historyByChangeIdMap = new LinkedHashMap<>(1024, 0.75f, false)
    {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Long, long[]> eldest)
        {
            return size() > MAX_HISTORY;
        }
    };
    private long sentChangeIdCount;

    final int[] actionKind = new int[MAX_ACTIONS];
    final boolean[] actionBid = new boolean[MAX_ACTIONS];
    final long[] actionTicks = new long[MAX_ACTIONS];
    final long[] actionAmount = new long[MAX_ACTIONS];
    int actionCount;

    final boolean[] tradeBuy = new boolean[MAX_TRADES];
    final long[] tradeTicks = new long[MAX_TRADES];
    final long[] tradeAmount = new long[MAX_TRADES];
    final long[] tradeSeq = new long[MAX_TRADES];
    final long[] tradeId = new long[MAX_TRADES];
    final int[] tradeTickDirection = new int[MAX_TRADES];
    int tradeCount;

    long nextTradeSeq;
    long nextTradeId;
    long lastTradeTicks;
    int lastTickDirection;
    long highTicks;
    long lowTicks;
    final long openTicks;
    long volumeCoin8;
    long volumeUsd;
    long openInterest;
    long index2;
    long mark2;
    long funding8;
    long settlement2;

    private final int depth;
    private final int maxLots;
    private final long indexNoise2;
    private final SplittableRandom bookRandom;
    private final SplittableRandom tradeRandom;
    private final SplittableRandom tickerRandom;

    MockInstrument(
        final String name,
        final String currency,
        final int priceScale,
        final long tickMantissa,
        final long contractSize,
        final long startTicks,
        final String tradeIdPrefix,
        final long indexNoise2,
        final int depth,
        final long seed,
        final int changeIdHistory)
    {
        this.name = name;
        this.currency = currency;
        this.priceScale = priceScale;
        this.tickMantissa = tickMantissa;
        this.contractSize = contractSize;
        this.tradeIdPrefix = tradeIdPrefix;
        this.indexNoise2 = indexNoise2;
        this.depth = depth;
        this.maxLots = 500;
        this.sentChangeIds = new long[changeIdHistory];
        final long instrumentSeed = seed * 31 + name.hashCode();
        bookRandom = new SplittableRandom(instrumentSeed);
        tradeRandom = new SplittableRandom(instrumentSeed ^ 0x5DEECE66DL);
        tickerRandom = new SplittableRandom(instrumentSeed ^ 0xB5AD4ECEDA1CE2A9L);
        changeId = 1_000_000L + bookRandom.nextInt(1_000_000);
        nextTradeSeq = 30_000_000L + tradeRandom.nextInt(1_000_000);
        nextTradeId = 48_000_000L + tradeRandom.nextInt(1_000_000);
        fillSide(bids, startTicks - 1, -1);
        fillSide(asks, startTicks + 1, 1);
        lastTradeTicks = startTicks;
        highTicks = startTicks;
        lowTicks = startTicks;
        openTicks = startTicks;
        openInterest = 500_000_000L;
        index2 = toScale2(startTicks);
        mark2 = index2;
        settlement2 = index2;
        funding8 = 2_110L;
    }

    /**
     * BTC-PERPETUAL: tick 0.5, contract 10 USD.
     */
    static MockInstrument btcPerpetual(final int depth, final long seed, final int changeIdHistory)
    {
        return new MockInstrument("BTC-PERPETUAL", "BTC", 1, 5, 10, 72_000, "", 50, depth, seed, changeIdHistory);
    }

    /**
     * ETH-PERPETUAL: tick 0.05, contract 1 USD.
     */
    static MockInstrument ethPerpetual(final int depth, final long seed, final int changeIdHistory)
    {
        return new MockInstrument("ETH-PERPETUAL", "ETH", 2, 5, 1, 40_000, "ETH-", 5, depth, seed, changeIdHistory);
    }

    long priceMantissa(final long ticks)
    {
        return ticks * tickMantissa;
    }

    long toScale2(final long ticks)
    {
        long mantissa = priceMantissa(ticks);
        for (int i = priceScale; i < 2; i++)
        {
            mantissa *= 10;
        }
        return mantissa;
    }

    String priceText(final long ticks)
    {
        return MockJsonText.decimal(priceMantissa(ticks), priceScale);
    }

    long bestBidTicks()
    {
        return bids.isEmpty() ? 0 : bids.firstKey();
    }

    long bestAskTicks()
    {
        return asks.isEmpty() ? 0 : asks.firstKey();
    }

    /**
     * Applies one book change (two when a gap is pending: the first is never sent) and leaves it in the action
     * arrays with {@link #changeId} and {@link #prevChangeId}.
     */
    void stepBook()
    {
        if (gapPending)
        {
            gapPending = false;
            generateActions();
            changeId++;
        }
        prevChangeId = changeId;
        generateActions();
        changeId++;
    }

    private void generateActions()
    {
        actionCount = 0;
        final int wanted = 1 + bookRandom.nextInt(MAX_ACTIONS);
        for (int attempt = 0; actionCount < wanted && attempt < 10; attempt++)
        {
            final boolean bid = bookRandom.nextBoolean();
            final TreeMap<Long, Long> side = bid ? bids : asks;
            final int size = side.size();
            if (size < depth - 2)
            {
                addBehind(bid, side);
                continue;
            }
            if (size > depth + 2)
            {
                final Long worst = side.lastKey();
                delete(bid, side, worst);
                continue;
            }
            final int roll = bookRandom.nextInt(100);
            if (roll < 50)
            {
                change(bid, side, keyAt(side, bookRandom.nextInt(Math.min(size, 10))));
            }
            else if (roll < 62)
            {
                addBehind(bid, side);
            }
            else if (roll < 74)
            {
                delete(bid, side, keyAt(side, 1 + bookRandom.nextInt(size - 1)));
            }
            else if (roll < 87)
            {
                delete(bid, side, side.firstKey());
            }
            else
            {
                improve(bid, side);
            }
        }
    }

    private void addBehind(final boolean bid, final TreeMap<Long, Long> side)
    {
        final long best = side.isEmpty() ? (bid ? bestAskTicks() : bestBidTicks()) : side.firstKey();
        final long offset = (side.isEmpty() ? 1 : 0) + 1 + bookRandom.nextInt(depth + 5);
        final long ticks = bid ? best - offset : best + offset;
        if (ticks <= 0)
        {
            return;
        }
        final Long existing = side.get(ticks);
        if (existing != null)
        {
            change(bid, side, ticks);
            return;
        }
        if (!touched(bid, ticks))
        {
            final long amount = lots(bookRandom);
            side.put(ticks, amount);
            record(NEW, bid, ticks, amount);
        }
    }

    private void improve(final boolean bid, final TreeMap<Long, Long> side)
    {
        final long bestBid = bestBidTicks();
        final long bestAsk = bestAskTicks();
        if (bestAsk - bestBid < 2)
        {
            change(bid, side, side.firstKey());
            return;
        }
        final long ticks = bid ? bestBid + 1 : bestAsk - 1;
        if (!touched(bid, ticks))
        {
            final long amount = lots(bookRandom);
            side.put(ticks, amount);
            record(NEW, bid, ticks, amount);
        }
    }

    private void change(final boolean bid, final TreeMap<Long, Long> side, final long ticks)
    {
        if (touched(bid, ticks))
        {
            return;
        }
        final long old = side.get(ticks);
        long amount = lots(bookRandom);
        if (amount == old)
        {
            amount += contractSize;
        }
        side.put(ticks, amount);
        record(CHANGE, bid, ticks, amount);
    }

    private void delete(final boolean bid, final TreeMap<Long, Long> side, final long ticks)
    {
        if (side.size() <= 1 || touched(bid, ticks))
        {
            return;
        }
        side.remove(ticks);
        record(DELETE, bid, ticks, 0);
    }

    private boolean touched(final boolean bid, final long ticks)
    {
        for (int i = 0; i < actionCount; i++)
        {
            if (actionBid[i] == bid && actionTicks[i] == ticks)
            {
                return true;
            }
        }
        return false;
    }

    private void record(final int kind, final boolean bid, final long ticks, final long amount)
    {
        final int i = actionCount++;
        actionKind[i] = kind;
        actionBid[i] = bid;
        actionTicks[i] = ticks;
        actionAmount[i] = amount;
    }

    private static long keyAt(final TreeMap<Long, Long> side, final int index)
    {
        final Iterator<Long> keys = side.keySet().iterator();
        for (int i = 0; i < index; i++)
        {
            keys.next();
        }
        return keys.next();
    }

    private long lots(final SplittableRandom random)
    {
        return contractSize * (1 + random.nextInt(maxLots));
    }

    private void fillSide(final TreeMap<Long, Long> side, final long bestTicks, final long direction)
    {
        long ticks = bestTicks;
        while (side.size() < depth)
        {
            if (side.isEmpty() || bookRandom.nextInt(10) < 8)
            {
                side.put(ticks, lots(bookRandom));
            }
            ticks += direction;
        }
    }

    /**
     * Generates one to three trades at the touch (the book is not consumed) and updates the statistics.
     */
    void stepTrades()
    {
        tradeCount = tradeRandom.nextInt(4) == 0 ? 1 + tradeRandom.nextInt(MAX_TRADES) : 1;
        for (int i = 0; i < tradeCount; i++)
        {
            final boolean buy = tradeRandom.nextBoolean();
            final long ticks = buy ? bestAskTicks() : bestBidTicks();
            final long amount = contractSize * (1 + tradeRandom.nextInt(maxLots / 5));
            recordTrade(i, buy, ticks, amount);
        }
    }

    /**
     * Records one trade in slot {@code i} of the trade arrays and in the statistics.
     */
    void recordTrade(final int i, final boolean buy, final long ticks, final long amount)
    {
        final int direction;
        if (ticks > lastTradeTicks)
        {
            direction = 0;
        }
        else if (ticks < lastTradeTicks)
        {
            direction = 2;
        }
        else
        {
            direction = lastTickDirection == 0 || lastTickDirection == 1 ? 1 : 3;
        }
        tradeBuy[i] = buy;
        tradeTicks[i] = ticks;
        tradeAmount[i] = amount;
        tradeSeq[i] = nextTradeSeq++;
        tradeId[i] = nextTradeId++;
        tradeTickDirection[i] = direction;
        lastTradeTicks = ticks;
        lastTickDirection = direction;
        highTicks = Math.max(highTicks, ticks);
        lowTicks = Math.min(lowTicks, ticks);
        volumeUsd += amount;
        volumeCoin8 += coin8(amount, ticks);
    }

    /**
     * The coin value of a USD amount at a price, scale 8 (an inverse contract).
     */
    long coin8(final long amountUsd, final long ticks)
    {
        long numerator = amountUsd * 100_000_000L;
        for (int i = 0; i < priceScale; i++)
        {
            numerator *= 10;
        }
        return numerator / priceMantissa(ticks);
    }

    /**
     * Moves index, mark, funding and open interest a little (a ticker notification follows).
     */
    void stepTicker()
    {
        final long mid2 = (toScale2(bestBidTicks()) + toScale2(bestAskTicks())) / 2;
        index2 = mid2 + tickerRandom.nextLong(-indexNoise2, indexNoise2 + 1);
        mark2 = index2 + tickerRandom.nextLong(-indexNoise2 / 5, indexNoise2 / 5 + 1);
        funding8 = Math.max(-50_000L, Math.min(50_000L, funding8 + tickerRandom.nextInt(-100, 101)));
        openInterest = Math.max(0L, openInterest + contractSize * tickerRandom.nextInt(-100, 101));
    }

    /**
     * Records {@link #changeId} as sent in a change notification (generator thread, under the lock).
     */
    void recordSentChangeId()
    {
        sentChangeIds[(int)(sentChangeIdCount++ % sentChangeIds.length)] = changeId;
    }

    /**
     * The change ids of the change notifications sent, oldest first, at most the history capacity. Takes the lock.
     */
    long[] sentChangeIds()
    {
        lock.lock();
        try
        {
            final int length = (int)Math.min(sentChangeIdCount, sentChangeIds.length);
            final long[] copy = new long[length];
            final long first = sentChangeIdCount - length;
            for (int i = 0; i < length; i++)
            {
                copy[i] = sentChangeIds[(int)((first + i) % sentChangeIds.length)];
            }
            return copy;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Keeps the top {@code depth} levels a side of the book at {@link #changeId} (generator thread, under the lock;
     * 0: nothing). Layout: bid count, ask count, then (ticks, amount) per bid level, then per ask level.
     */
    void recordHistory(final int depth)
    {
        if (depth <= 0)
        {
            return;
        }
        final int bidCount = Math.min(depth, bids.size());
        final int askCount = Math.min(depth, asks.size());
        final long[] levels = new long[2 + 2 * (bidCount + askCount)];
        levels[0] = bidCount;
        levels[1] = askCount;
        int i = 2;
        for (final TreeMap<Long, Long> side : List.of(bids, asks))
        {
            int n = 0;
            for (final Map.Entry<Long, Long> level : side.entrySet())
            {
                if (n++ == depth)
                {
                    break;
                }
                levels[i++] = level.getKey();
                levels[i++] = level.getValue();
            }
        }
        historyByChangeIdMap.put(changeId, levels);
    }

    /**
     * The book as it was at a change id, from the history. Takes the lock.
     *
     * @return null if not kept.
     */
    MockBookSnapshot bookAt(final long atChangeId)
    {
        lock.lock();
        try
        {
            final long[] levels = historyByChangeIdMap.get(atChangeId);
            if (levels == null)
            {
                return null;
            }
            final int bidCount = (int)levels[0];
            final int askCount = (int)levels[1];
            final List<MockBookLevel> bidLevels = new ArrayList<>(bidCount);
            final List<MockBookLevel> askLevels = new ArrayList<>(askCount);
            for (int i = 0; i < bidCount + askCount; i++)
            {
                final MockBookLevel level = new MockBookLevel(priceText(levels[2 + 2 * i]), levels[3 + 2 * i]);
                (i < bidCount ? bidLevels : askLevels).add(level);
            }
            return new MockBookSnapshot(name, atChangeId, bidLevels, askLevels);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A copy of the book, at most {@code depth} levels a side. Takes the lock.
     */
    MockBookSnapshot snapshot(final int maxLevels)
    {
        lock.lock();
        try
        {
            return new MockBookSnapshot(name, changeId, levels(bids, maxLevels), levels(asks, maxLevels));
        }
        finally
        {
            lock.unlock();
        }
    }

    private List<MockBookLevel> levels(final TreeMap<Long, Long> side, final int maxLevels)
    {
        final List<MockBookLevel> levels = new ArrayList<>(Math.min(side.size(), maxLevels));
        for (final Map.Entry<Long, Long> level : side.entrySet())
        {
            if (levels.size() >= maxLevels)
            {
                break;
            }
            levels.add(new MockBookLevel(priceText(level.getKey()), level.getValue()));
        }
        return levels;
    }
}
