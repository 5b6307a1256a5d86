package io.wsnova.adapters.coinbase;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.Side;
import io.wsnova.market.Trade;
import io.wsnova.market.TradeId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code market_trades} events of a connection: {@code trades[{trade_id, product_id, price, size, side,
 * time}]}, {@code type} {@code snapshot} (the venue's recent trades, sent on every subscribe) or {@code update}.
 * <p>
 * {@code side} is the taker's side (the Advanced Trade API's trade schema: "Taker side of the trade"; Coinbase
 * Exchange's older feed wrote the maker's), so it maps to {@link Trade#aggressor()} as is.
 * <p>
 * No trade twice, none lost silently: the trades of an event are delivered in ascending trade id (a snapshot lists
 * newest first). Each product keeps its highest delivered numeric id and a window of the {@link #WINDOW} ids below
 * it: a trade already delivered (a snapshot after a resubscribe or a reconnect repeats recent trades), or older
 * than the window, is dropped and counted ({@code duplicateTrades}); a trade inside the window that was never
 * delivered (lost in a gap, then replayed by the snapshot) is delivered, late. After a gap or a reconnect the first
 * snapshot of a product is checked: ids between the last one delivered before the gap and the snapshot's oldest
 * that were never delivered are trades the venue no longer replays, reported as {@code SEQUENCE_GAP} for the
 * instrument (expected = the first missing id, received = the snapshot's oldest) and counted in
 * {@code missedTrades}. A jump in ids inside live updates is counted ({@code tradeIdJumps}) but not reported: the
 * connection's {@code sequence_num} is the loss detector. Non-numeric ids are delivered as received, unchecked.
 * <p>
 * Message thread only; allocation-free after warm-up.
 */
final class CoinbaseTrades
{
    /** How many ids below the highest delivered one are remembered per product. */
    static final int WINDOW = 1024;
    private static final int WINDOW_MASK = WINDOW - 1;
    private static final int WINDOW_WORDS = WINDOW / 64;

    private static final byte[] TRADES = ascii("trades");
    private static final byte[] TRADE_ID = ascii("trade_id");
    private static final byte[] PRODUCT_ID = ascii("product_id");
    private static final byte[] PRICE = ascii("price");
    private static final byte[] SIZE = ascii("size");
    private static final byte[] SIDE = ascii("side");
    private static final byte[] TIME = ascii("time");
    private static final byte[] BUY = ascii("BUY");
    private static final byte[] SELL = ascii("SELL");
    private static final byte[] BUY_LOWER = ascii("buy");
    private static final byte[] SELL_LOWER = ascii("sell");

    private final CoinbaseEvents events;
    private final CoinbaseAdapter adapter;
    private final CoinbaseCounters counters;
    private final MarketListener listener;
    private final Trade trade = new Trade();
    private final FeedStatus status = new FeedStatus();

    private long[] lastTradeIds = filled(16);
    private long[] lastBeforeResync = filled(16);
    private long[][] windows = new long[16][];
    private boolean[] checkBoundary = new boolean[16];
    private long[] gapCounts = new long[16];

    private int count;
    private int[] order = new int[16];
    private int[] localIds = new int[16];
    private long[] ids = new long[16];
    private int[] idOffsets = new int[16];
    private int[] idLengths = new int[16];
    private long[] timesNs = new long[16];
    private Side[] sides = new Side[16];
    private Decimal[] prices = decimals(new Decimal[0], 16);
    private Decimal[] sizes = decimals(new Decimal[0], 16);

    CoinbaseTrades(final CoinbaseEvents events, final CoinbaseAdapter adapter)
    {
        this.events = events;
        this.adapter = adapter;
        this.counters = adapter.counters();
        this.listener = adapter.listener();
    }

    void grow(final int capacity)
    {
        final int old = lastTradeIds.length;
        lastTradeIds = Arrays.copyOf(lastTradeIds, capacity);
        Arrays.fill(lastTradeIds, old, capacity, CoinbaseEvents.NONE);
        lastBeforeResync = Arrays.copyOf(lastBeforeResync, capacity);
        Arrays.fill(lastBeforeResync, old, capacity, CoinbaseEvents.NONE);
        windows = Arrays.copyOf(windows, capacity);
        checkBoundary = Arrays.copyOf(checkBoundary, capacity);
        gapCounts = Arrays.copyOf(gapCounts, capacity);
    }

    /** After a gap or on a new socket: the next snapshot of every product is checked against the last id. */
    void afterResubscribe()
    {
        for (int i = 0; i < lastTradeIds.length; i++)
        {
            if (lastTradeIds[i] != CoinbaseEvents.NONE)
            {
                checkBoundary[i] = true;
                lastBeforeResync[i] = lastTradeIds[i];
            }
        }
    }

    /**
     * Decodes and delivers the trades of one event; the parser is wrapped on the event, before its first token.
     */
    void onTrades(final JsonParser parser, final boolean snapshot, final long timestampNs, final long receivedNs)
    {
        count = 0;
        parser.nextToken();
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (!parser.nameEquals(TRADES) || parser.nextToken() != JsonParser.START_ARRAY)
            {
                parser.skipValue();
                continue;
            }
            int token;
            while ((token = parser.nextToken()) == JsonParser.START_OBJECT)
            {
                if (!readTrade(parser, timestampNs))
                {
                    counters.malformedMessages.incrementAndGet();
                    return;
                }
            }
            if (token != JsonParser.END_ARRAY)
            {
                counters.malformedMessages.incrementAndGet();
                return;
            }
        }
        if (parser.hasError())
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        sortById();
        for (int i = 0; i < count; i++)
        {
            deliver(parser, order[i], snapshot, receivedNs);
        }
    }

    private void deliver(final JsonParser parser, final int index, final boolean snapshot, final long receivedNs)
    {
        final int localId = localIds[index];
        final int instrumentId = events.globalId(localId);
        final long id = ids[index];
        if (id != TradeId.NOT_NUMERIC)
        {
            if (snapshot && checkBoundary[localId])
            {
                checkBoundary[localId] = false;
                checkSnapshotBoundary(localId, instrumentId, id, timesNs[index], receivedNs);
            }
            if (!markDelivered(localId, id, snapshot))
            {
                counters.duplicateTrades.incrementAndGet();
                return;
            }
        }
        final Trade trade = this.trade;
        trade.header(adapter.venueId(), instrumentId, timesNs[index], receivedNs);
        trade.price().set(prices[index]);
        trade.size().set(sizes[index]);
        trade.tradeId().set(parser.buffer(), idOffsets[index], idLengths[index]);
        trade.aggressor(sides[index]);
        listener.onTrade(trade);
    }

    /**
     * Marks a trade id delivered; false if it was already (or is older than the window).
     */
    private boolean markDelivered(final int localId, final long id, final boolean snapshot)
    {
        long[] window = windows[localId];
        if (window == null)
        {
            window = new long[WINDOW_WORDS];
            windows[localId] = window;
        }
        final long last = lastTradeIds[localId];
        if (last == CoinbaseEvents.NONE || id > last)
        {
            if (last != CoinbaseEvents.NONE)
            {
                if (!snapshot && id > last + 1)
                {
                    counters.tradeIdJumps.incrementAndGet();
                }
                if (id - last >= WINDOW)
                {
                    Arrays.fill(window, 0L);
                }
                else
                {
                    for (long cleared = last + 1; cleared < id; cleared++)
                    {
                        clearBit(window, cleared);
                    }
                }
            }
            setBit(window, id);
            lastTradeIds[localId] = id;
            return true;
        }
        if (last - id >= WINDOW || isSet(window, id))
        {
            return false;
        }
        setBit(window, id);
        return true;
    }

    private void checkSnapshotBoundary(final int localId, final int instrumentId, final long oldestId,
        final long timeNs, final long receivedNs)
    {
        final long before = lastBeforeResync[localId];
        if (before == CoinbaseEvents.NONE || oldestId <= before + 1)
        {
            return;
        }
        final long last = lastTradeIds[localId];
        final long[] window = windows[localId];
        long missed = 0;
        long firstMissing = CoinbaseEvents.NONE;
        // Ids up to the window's floor are taken as delivered; inside the window the bits decide; above the last
        // delivered id every id is missing.
        final long checkedFrom = Math.max(before + 1, last - WINDOW + 1);
        final long checkedTo = Math.min(oldestId - 1, last);
        for (long id = checkedFrom; id <= checkedTo; id++)
        {
            if (window == null || !isSet(window, id))
            {
                missed++;
                if (firstMissing == CoinbaseEvents.NONE)
                {
                    firstMissing = id;
                }
            }
        }
        if (oldestId - 1 > last)
        {
            final long from = Math.max(before + 1, last + 1);
            missed += oldestId - from;
            if (firstMissing == CoinbaseEvents.NONE)
            {
                firstMissing = from;
            }
        }
        if (missed == 0)
        {
            return;
        }
        counters.missedTrades.addAndGet(missed);
        gapCounts[localId]++;
        status.header(adapter.venueId(), instrumentId, timeNs, receivedNs);
        status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH).sequences(firstMissing, oldestId)
            .counters(gapCounts[localId], 0);
        listener.onStatus(status);
    }

    private static void setBit(final long[] window, final long id)
    {
        final int bit = (int)(id & WINDOW_MASK);
        window[bit >>> 6] |= 1L << (bit & 63);
    }

    private static void clearBit(final long[] window, final long id)
    {
        final int bit = (int)(id & WINDOW_MASK);
        window[bit >>> 6] &= ~(1L << (bit & 63));
    }

    private static boolean isSet(final long[] window, final long id)
    {
        final int bit = (int)(id & WINDOW_MASK);
        return (window[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private boolean readTrade(final JsonParser parser, final long timestampNs)
    {
        ensureCapacity();
        final int index = count;
        final Decimal price = prices[index].setNull();
        final Decimal size = sizes[index].setNull();
        int idOffset = -1;
        int idLength = 0;
        int productOffset = -1;
        int productLength = 0;
        long timeNs = timestampNs;
        Side side = Side.UNKNOWN;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(TRADE_ID))
            {
                final int token = parser.nextToken();
                if (token != JsonParser.STRING && token != JsonParser.NUMBER)
                {
                    return false;
                }
                idLength = token == JsonParser.STRING ? parser.stringLength() : parser.tokenLength();
                idOffset = parser.tokenOffset();
            }
            else if (parser.nameEquals(PRODUCT_ID))
            {
                if (parser.nextToken() != JsonParser.STRING)
                {
                    return false;
                }
                productLength = parser.stringLength();
                productOffset = parser.tokenOffset();
            }
            else if (parser.nameEquals(PRICE))
            {
                parser.nextToken();
                if (!CoinbaseEvents.readNumber(parser, price))
                {
                    return false;
                }
            }
            else if (parser.nameEquals(SIZE))
            {
                parser.nextToken();
                if (!CoinbaseEvents.readNumber(parser, size))
                {
                    return false;
                }
            }
            else if (parser.nameEquals(SIDE))
            {
                if (parser.nextToken() != JsonParser.STRING)
                {
                    return false;
                }
                side = parser.stringEquals(BUY) || parser.stringEquals(BUY_LOWER) ? Side.BUY :
                    parser.stringEquals(SELL) || parser.stringEquals(SELL_LOWER) ? Side.SELL : Side.UNKNOWN;
            }
            else if (parser.nameEquals(TIME))
            {
                if (parser.nextToken() == JsonParser.STRING)
                {
                    final long parsed = CoinbaseTime.parseNanos(parser.buffer(), parser.tokenOffset(),
                        parser.stringLength());
                    if (parsed != CoinbaseTime.INVALID)
                    {
                        timeNs = parsed;
                    }
                }
                else
                {
                    parser.skipValue();
                }
            }
            else
            {
                parser.skipValue();
            }
        }
        if (idOffset < 0 || idLength <= 0 || productOffset < 0 || productLength < 0 || price.isNull() ||
            size.isNull() ||
            parser.hasError())
        {
            return false;
        }
        localIds[index] = events.localInstrument(parser.buffer(), productOffset, productLength);
        ids[index] = numericId(parser.buffer(), idOffset, idLength);
        idOffsets[index] = idOffset;
        idLengths[index] = idLength;
        timesNs[index] = timeNs;
        sides[index] = side;
        order[index] = index;
        count++;
        return true;
    }

    /** Insertion sort of {@link #order} by numeric id (stable; non-numeric ids keep their place among equals). */
    private void sortById()
    {
        for (int i = 1; i < count; i++)
        {
            final int current = order[i];
            final long id = ids[current];
            int j = i - 1;
            while (j >= 0 && ids[order[j]] > id && id != TradeId.NOT_NUMERIC && ids[order[j]] != TradeId.NOT_NUMERIC)
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = current;
        }
    }

    private static long numericId(final byte[] bytes, final int offset, final int length)
    {
        if (length > 18)
        {
            return TradeId.NOT_NUMERIC;
        }
        long value = 0L;
        for (int i = 0; i < length; i++)
        {
            final int digit = bytes[offset + i] - '0';
            if (digit < 0 || digit > 9)
            {
                return TradeId.NOT_NUMERIC;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private void ensureCapacity()
    {
        if (count < order.length)
        {
            return;
        }
        final int capacity = order.length * 2;
        order = Arrays.copyOf(order, capacity);
        localIds = Arrays.copyOf(localIds, capacity);
        ids = Arrays.copyOf(ids, capacity);
        idOffsets = Arrays.copyOf(idOffsets, capacity);
        idLengths = Arrays.copyOf(idLengths, capacity);
        timesNs = Arrays.copyOf(timesNs, capacity);
        sides = Arrays.copyOf(sides, capacity);
        prices = decimals(prices, capacity);
        sizes = decimals(sizes, capacity);
    }

    private static Decimal[] decimals(final Decimal[] existing, final int capacity)
    {
        final Decimal[] grown = Arrays.copyOf(existing, capacity);
        for (int i = existing.length; i < capacity; i++)
        {
            grown[i] = new Decimal();
        }
        return grown;
    }

    private static long[] filled(final int capacity)
    {
        final long[] values = new long[capacity];
        Arrays.fill(values, CoinbaseEvents.NONE);
        return values;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
