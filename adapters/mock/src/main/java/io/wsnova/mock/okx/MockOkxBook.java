package io.wsnova.mock.okx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The mock's book of one instrument: levels keyed by price in ticks (prices written with one decimal, sizes with
 * up to four), the {@code seqId} sequence (irregular steps), the CRC32 checksum OKX defines, and the canonical text
 * of the whole book after every {@code seqId} (for the tests' comparisons). Not thread-safe: the exchange's lock
 * guards it.
 */
final class MockOkxBook
{
    static final int CHECKSUM_DEPTH = 25;

    final String instId;
    private final TreeMap<Long, String> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, String> asks = new TreeMap<>();
    private final Map<Long, String> history = new HashMap<>();
    private final SplittableRandom random;
    private final int depth;
    private final long midTicks;
    private long seqId;
    private long lastTradeId;

    MockOkxBook(final String instId, final long seed, final int depth, final long midTicks, final long firstSeqId,
        final long firstTradeId)
    {
        this.instId = instId;
        this.random = new SplittableRandom(seed);
        this.depth = depth;
        this.midTicks = midTicks;
        this.seqId = firstSeqId;
        this.lastTradeId = firstTradeId;
        for (int i = 1; i <= depth; i++)
        {
            bids.put(midTicks - i, size());
            asks.put(midTicks + i, size());
        }
        history.put(seqId, canonical());
    }

    long seqId()
    {
        return seqId;
    }

    long nextTradeId()
    {
        return ++lastTradeId;
    }

    long lastTradeId()
    {
        return lastTradeId;
    }

    SplittableRandom random()
    {
        return random;
    }

    /**
     * Changes a few levels and advances the sequence.
     *
     * @return the changed levels as {@code [bids, asks]}, each a list of {@code [price, size]} ("0" deletes).
     */
    List<List<String[]>> change(final long newSeqId)
    {
        final List<String[]> changedBids = new ArrayList<>();
        final List<String[]> changedAsks = new ArrayList<>();
        final int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++)
        {
            final boolean bid = random.nextBoolean();
            final TreeMap<Long, String> side = bid ? bids : asks;
            final long offset = 1 + random.nextInt(depth + 5);
            final long ticks = bid ? midTicks - offset : midTicks + offset;
            final String size;
            if (side.containsKey(ticks) && side.size() > 3 && random.nextInt(4) == 0)
            {
                side.remove(ticks);
                size = "0";
            }
            else
            {
                size = size();
                side.put(ticks, size);
            }
            (bid ? changedBids : changedAsks).add(new String[] {price(ticks), size});
        }
        seqId = newSeqId;
        history.put(seqId, canonical());
        return List.of(changedBids, changedAsks);
    }

    void keep(final long newSeqId)
    {
        seqId = newSeqId;
        history.put(seqId, canonical());
    }

    List<String[]> levels(final boolean bid, final int maxLevels)
    {
        final List<String[]> levels = new ArrayList<>();
        for (final Map.Entry<Long, String> level : (bid ? bids : asks).entrySet())
        {
            if (levels.size() == maxLevels)
            {
                break;
            }
            levels.add(new String[] {price(level.getKey()), level.getValue()});
        }
        return levels;
    }

    int checksum()
    {
        final List<String[]> topBids = levels(true, CHECKSUM_DEPTH);
        final List<String[]> topAsks = levels(false, CHECKSUM_DEPTH);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.max(topBids.size(), topAsks.size()); i++)
        {
            if (i < topBids.size())
            {
                text.append(text.isEmpty() ? "" : ":").append(topBids.get(i)[0]).append(':').append(topBids.get(i)[1]);
            }
            if (i < topAsks.size())
            {
                text.append(text.isEmpty() ? "" : ":").append(topAsks.get(i)[0]).append(':').append(topAsks.get(i)[1]);
            }
        }
        final CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        return (int)crc.getValue();
    }

    String bookAt(final long atSeqId)
    {
        return history.get(atSeqId);
    }

    String canonical()
    {
        return MockOkxExchange.canonicalBook(levels(true, Integer.MAX_VALUE), levels(false, Integer.MAX_VALUE));
    }

    String tradePrice()
    {
        return price(midTicks + random.nextInt(5) - 2);
    }

    String size()
    {
        final int units = 1 + random.nextInt(40_000);
        final String text = (units / 10_000) + "." + String.format("%04d", units % 10_000);
        return random.nextInt(3) == 0 ? Integer.toString(1 + random.nextInt(9)) : text;
    }

    private static String price(final long ticks)
    {
        return (ticks / 10) + "." + (ticks % 10);
    }
}
