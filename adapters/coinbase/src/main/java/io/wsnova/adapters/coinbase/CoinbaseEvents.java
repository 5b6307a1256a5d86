package io.wsnova.adapters.coinbase;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.SequenceRule;
import io.wsnova.market.TopOfBook;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes one event object of a {@code l2_data}, {@code market_trades} or {@code ticker} message and keeps the
 * per-product state of a connection: the book, whether it waits for a resync snapshot, and the last delivered
 * trade id. Each event is read in two passes over its own bytes (its scalars first, then its arrays), so keys may
 * come in any order.
 * <ul>
 *   <li>level2: {@code type} {@code snapshot} replaces the book, {@code update} applies {@code updates[]}
 *   ({@code side} {@code bid}/{@code offer}, {@code price_level}, {@code new_quantity} absolute, {@code "0"}
 *   deletes). The sequence was checked on the envelope, so the book applies with {@link SequenceRule#UNCHECKED}.
 *   An update for a book without its snapshot is dropped and counted; a malformed update (or one without a
 *   {@code type}) resyncs the book; an event of another type is ignored and counted (Coinbase may add types).</li>
 *   <li>market_trades: via {@link CoinbaseTrades}.</li>
 *   <li>ticker: each of {@code tickers[]} as a {@link TopOfBook} ({@code best_bid}, {@code best_bid_quantity},
 *   {@code best_ask}, {@code best_ask_quantity}).</li>
 * </ul>
 * Message thread only; allocation-free after warm-up (a new product grows the tables).
 */
final class CoinbaseEvents
{
    static final long NONE = Long.MIN_VALUE;
    static final String LEVEL2_PREFIX = "level2:";

    private static final byte[] TYPE = ascii("type");
    private static final byte[] PRODUCT_ID = ascii("product_id");
    private static final byte[] UPDATES = ascii("updates");
    private static final byte[] TICKERS = ascii("tickers");
    private static final byte[] SNAPSHOT = ascii("snapshot");
    private static final byte[] UPDATE = ascii("update");
    private static final byte[] SIDE = ascii("side");
    private static final byte[] PRICE_LEVEL = ascii("price_level");
    private static final byte[] NEW_QUANTITY = ascii("new_quantity");
    private static final byte[] BID = ascii("bid");
    private static final byte[] OFFER = ascii("offer");
    private static final byte[] ASK = ascii("ask");
    private static final byte[] BEST_BID = ascii("best_bid");
    private static final byte[] BEST_BID_QUANTITY = ascii("best_bid_quantity");
    private static final byte[] BEST_ASK = ascii("best_ask");
    private static final byte[] BEST_ASK_QUANTITY = ascii("best_ask_quantity");

    private final CoinbaseAdapter adapter;
    private final CoinbaseSession session;
    private final CoinbaseCounters counters;
    private final MarketListener listener;
    private final CoinbaseTrades trades;
    private final CoinbaseSnapshotWait snapshotWait;
    private final JsonParser parser = new JsonParser();
    private final BookUpdate update = new BookUpdate();
    private final TopOfBook top = new TopOfBook();
    private final FeedStatus status = new FeedStatus();
    private final Decimal price = new Decimal();
    private final Decimal size = new Decimal();
    private final InstrumentRegistry local = new InstrumentRegistry();
    private final int localVenue = local.venue(CoinbaseAdapter.VENUE);

    private int[] globalIds = new int[16];
    private OrderBook[] books = new OrderBook[16];
    private boolean[] resyncing = new boolean[16];
    private FeedReason[] resyncReasons = new FeedReason[16];
    private int[] resyncAttempts = new int[16];

    private byte[] product = new byte[32];
    private boolean snapshot;
    /** Whether the event's {@code type} is {@code snapshot} or {@code update} (false: absent or of another kind). */
    private boolean knownType;
    private boolean typed;
    private int productOffset;
    private int productLength;

    CoinbaseEvents(final CoinbaseAdapter adapter, final CoinbaseSession session)
    {
        this.adapter = adapter;
        this.session = session;
        this.counters = adapter.counters();
        this.listener = adapter.listener();
        this.trades = new CoinbaseTrades(this, adapter);
        this.snapshotWait = new CoinbaseSnapshotWait(session, counters);
    }

    void onEvent(final int channel, final InboundMessage message, final int start, final int length,
        final long sequence, final long timestampNs, final long receivedNs)
    {
        final JsonParser parser = this.parser;
        if (!readScalars(message, start, length))
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        parser.wrap(message.buffer(), message.offset() + start, length);
        switch (channel)
        {
            case CoinbaseMessageHandler.CHANNEL_L2 -> onLevel2(sequence, timestampNs, receivedNs);
            case CoinbaseMessageHandler.CHANNEL_MARKET_TRADES -> trades.onTrades(parser, snapshot, timestampNs,
                receivedNs);
            default -> onTickers(timestampNs, receivedNs);
        }
    }

    /**
     * Marks every book of the connection stale until its next snapshot and reports {@code RESYNC_STARTED} for
     * each (a gap or a new socket); the caller (or the engine's restore) brings the snapshots.
     */
    void resyncAll(final FeedReason reason, final long receivedNs)
    {
        final Connection connection = session.connection;
        for (int i = 0; i < books.length; i++)
        {
            if (books[i] == null)
            {
                continue;
            }
            if (connection == null || isWanted(connection.subscription(LEVEL2_PREFIX + local.symbol(i))))
            {
                startResync(i, reason, receivedNs);
            }
            else
            {
                books[i].clear(); // unsubscribed by the user: no snapshot will come, so no resync is announced
                resyncing[i] = false;
                snapshotWait.disarm(i);
            }
        }
        trades.afterResubscribe();
    }

    /**
     * Resubscribes the books whose resync snapshot is overdue ({@link CoinbaseSnapshotWait}); one compare when
     * nothing is due (message thread, every message).
     */
    void checkSnapshotWaits(final long nowNs)
    {
        snapshotWait.check(nowNs, this);
    }

    /**
     * A new socket: the restore subscribes every channel afresh, so every snapshot wait starts again.
     */
    void restartSnapshotWaits()
    {
        snapshotWait.disarmAll();
    }

    boolean isResyncing(final int localId)
    {
        return books[localId] != null && resyncing[localId];
    }

    String level2Channel(final int localId)
    {
        return LEVEL2_PREFIX + local.symbol(localId);
    }

    /**
     * The book of a product on this connection (message thread, tests).
     */
    OrderBook book(final String product)
    {
        final byte[] bytes = product.getBytes(StandardCharsets.UTF_8);
        final int localId = local.instrument(localVenue, bytes, 0, bytes.length);
        return localId == InstrumentRegistry.NOT_FOUND ? null : books[localId];
    }

    /**
     * Whether the book of a product waits for a snapshot (message thread, cold path: allocates).
     */
    boolean isResyncing(final String product)
    {
        final byte[] bytes = product.getBytes(StandardCharsets.UTF_8);
        final int localId = local.instrument(localVenue, bytes, 0, bytes.length);
        return localId != InstrumentRegistry.NOT_FOUND && books[localId] != null && resyncing[localId];
    }

    int localInstrument(final byte[] bytes, final int offset, final int length)
    {
        final int existing = local.instrument(localVenue, bytes, offset, length);
        if (existing != InstrumentRegistry.NOT_FOUND)
        {
            return existing;
        }
        final int globalId = adapter.instrument(bytes, offset, length);
        final int localId = local.register(localVenue, new String(bytes, offset, length, StandardCharsets.UTF_8),
            adapter.spec(globalId));
        if (localId >= globalIds.length)
        {
            final int capacity = Math.max(localId + 1, globalIds.length * 2);
            globalIds = Arrays.copyOf(globalIds, capacity);
            books = Arrays.copyOf(books, capacity);
            resyncing = Arrays.copyOf(resyncing, capacity);
            resyncReasons = Arrays.copyOf(resyncReasons, capacity);
            resyncAttempts = Arrays.copyOf(resyncAttempts, capacity);
            trades.grow(capacity);
            snapshotWait.grow(capacity);
        }
        globalIds[localId] = globalId;
        return localId;
    }

    int globalId(final int localId)
    {
        return globalIds[localId];
    }

    private void onLevel2(final long sequence, final long timestampNs, final long receivedNs)
    {
        if (productOffset < 0)
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        final int localId = localInstrument(product, productOffset, productLength);
        final int instrumentId = globalIds[localId];
        OrderBook book = books[localId];
        if (book == null)
        {
            book = new OrderBook(adapter.venueId(), instrumentId);
            books[localId] = book;
        }
        if (typed && !knownType)
        {
            counters.unknownMessages.incrementAndGet(); // a new event type: ignored, as Coinbase asks of clients
            return;
        }
        final BookUpdate update = this.update;
        update.reset(snapshot);
        update.sequences(sequence, sequence, BookUpdate.NO_SEQUENCE);
        update.header(adapter.venueId(), instrumentId, timestampNs, receivedNs);
        if (!typed || !readLevels())
        {
            counters.malformedMessages.incrementAndGet();
            if (book.isLive())
            {
                startResync(localId, FeedReason.UNDECODABLE, receivedNs);
                resubscribe(LEVEL2_PREFIX + local.symbol(localId));
            }
            return;
        }
        final int result = book.apply(update, SequenceRule.UNCHECKED);
        if (result == OrderBook.DROPPED_NOT_LIVE)
        {
            counters.droppedBookUpdates.incrementAndGet();
            return;
        }
        listener.onBook(update, book);
        if (result == OrderBook.APPLIED_SNAPSHOT && resyncing[localId])
        {
            resyncing[localId] = false;
            snapshotWait.disarm(localId);
            counters.resyncsDone.incrementAndGet();
            status.header(adapter.venueId(), instrumentId, timestampNs, receivedNs);
            status.set(FeedState.RESYNC_DONE, resyncReasons[localId]).counters(counters.resyncsDone.get(),
                resyncAttempts[localId]);
            listener.onStatus(status);
            resyncAttempts[localId] = 0;
        }
    }

    private boolean readLevels()
    {
        final JsonParser parser = this.parser;
        parser.nextToken();
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (!parser.nameEquals(UPDATES))
            {
                parser.skipValue();
                continue;
            }
            if (parser.nextToken() != JsonParser.START_ARRAY)
            {
                return false;
            }
            int token;
            while ((token = parser.nextToken()) == JsonParser.START_OBJECT)
            {
                if (!readLevel())
                {
                    return false;
                }
            }
            if (token != JsonParser.END_ARRAY)
            {
                return false;
            }
        }
        return !parser.hasError();
    }

    private boolean readLevel()
    {
        final JsonParser parser = this.parser;
        BookSide side = null;
        price.setNull();
        size.setNull();
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(SIDE))
            {
                if (parser.nextToken() != JsonParser.STRING)
                {
                    return false;
                }
                side = parser.stringEquals(BID) ? BookSide.BID :
                    parser.stringEquals(OFFER) || parser.stringEquals(ASK) ? BookSide.ASK : null;
            }
            else if (parser.nameEquals(PRICE_LEVEL))
            {
                parser.nextToken();
                if (!readNumber(parser, price))
                {
                    return false;
                }
            }
            else if (parser.nameEquals(NEW_QUANTITY))
            {
                parser.nextToken();
                if (!readNumber(parser, size))
                {
                    return false;
                }
            }
            else
            {
                parser.skipValue(); // event_time and unknown fields
            }
        }
        if (side == null || price.isNull() || size.isNull() || size.mantissa() < 0 || parser.hasError())
        {
            return false;
        }
        update.addLevel(side, price, size);
        return true;
    }

    private void onTickers(final long timestampNs, final long receivedNs)
    {
        final JsonParser parser = this.parser;
        parser.nextToken();
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (!parser.nameEquals(TICKERS) || parser.nextToken() != JsonParser.START_ARRAY)
            {
                parser.skipValue();
                continue;
            }
            while (parser.nextToken() == JsonParser.START_OBJECT)
            {
                if (!readTicker(timestampNs, receivedNs))
                {
                    counters.malformedMessages.incrementAndGet();
                    return;
                }
            }
        }
    }

    private boolean readTicker(final long timestampNs, final long receivedNs)
    {
        final JsonParser parser = this.parser;
        final TopOfBook top = this.top.reset();
        int offset = -1;
        int length = 0;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(PRODUCT_ID))
            {
                if (parser.nextToken() != JsonParser.STRING)
                {
                    return false;
                }
                length = parser.stringLength();
                offset = parser.tokenOffset();
            }
            else if (parser.nameEquals(BEST_BID))
            {
                parser.nextToken();
                if (!readNumber(parser, top.bidPrice()))
                {
                    return false;
                }
            }
            else if (parser.nameEquals(BEST_BID_QUANTITY))
            {
                parser.nextToken();
                if (!readNumber(parser, top.bidSize()))
                {
                    return false;
                }
            }
            else if (parser.nameEquals(BEST_ASK))
            {
                parser.nextToken();
                if (!readNumber(parser, top.askPrice()))
                {
                    return false;
                }
            }
            else if (parser.nameEquals(BEST_ASK_QUANTITY))
            {
                parser.nextToken();
                if (!readNumber(parser, top.askSize()))
                {
                    return false;
                }
            }
            else
            {
                parser.skipValue();
            }
        }
        if (offset < 0 || length < 0 || parser.hasError())
        {
            return false;
        }
        final int localId = localInstrument(parser.buffer(), offset, length);
        top.header(adapter.venueId(), globalIds[localId], timestampNs, receivedNs);
        listener.onTopOfBook(top);
        return true;
    }

    /** Reads {@code type} and {@code product_id} of the event; false if the event is not well-formed JSON. */
    private boolean readScalars(final InboundMessage message, final int start, final int length)
    {
        final JsonParser parser = this.parser;
        snapshot = false;
        knownType = false;
        typed = false;
        productOffset = -1;
        productLength = 0;
        if (parser.wrap(message.buffer(), message.offset() + start, length) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return false;
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(TYPE))
            {
                typed = true;
                snapshot = parser.nextToken() == JsonParser.STRING && parser.stringEquals(SNAPSHOT);
                knownType = snapshot || parser.token() == JsonParser.STRING && parser.stringEquals(UPDATE);
                parser.skipValue();
            }
            else if (parser.nameEquals(PRODUCT_ID))
            {
                if (parser.nextToken() == JsonParser.STRING)
                {
                    // Copied: the second pass re-wraps the parser, and the escapes decoded here are not in it.
                    productLength = parser.stringLength();
                    if (productLength < 0)
                    {
                        return false;
                    }
                    if (productLength > product.length)
                    {
                        product = new byte[Math.max(productLength, product.length * 2)];
                    }
                    System.arraycopy(parser.buffer(), parser.tokenOffset(), product, 0, productLength);
                    productOffset = 0;
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
        return !parser.hasError();
    }

    static boolean readNumber(final JsonParser parser, final Decimal dst)
    {
        final int result = parser.tryReadDecimal(dst);
        return result == JsonParser.VALUE_EXACT || result == JsonParser.VALUE_INEXACT;
    }

    void startResync(final int localId, final FeedReason reason, final long receivedNs)
    {
        final OrderBook book = books[localId];
        book.clear();
        resyncing[localId] = true;
        resyncReasons[localId] = reason;
        resyncAttempts[localId]++;
        snapshotWait.arm(localId, receivedNs);
        counters.resyncsStarted.incrementAndGet();
        status.header(adapter.venueId(), globalIds[localId], MarketEvent.NO_TIMESTAMP, receivedNs);
        status.set(FeedState.RESYNC_STARTED, reason).counters(counters.resyncsStarted.get(), resyncAttempts[localId]);
        listener.onStatus(status);
    }

    private static boolean isWanted(final Subscription subscription)
    {
        return subscription != null && (subscription.state() == Subscription.State.PENDING ||
            subscription.state() == Subscription.State.CONFIRMED);
    }

    void resubscribe(final String channel)
    {
        final Connection connection = session.connection;
        if (connection != null && connection.subscription(channel) != null)
        {
            connection.resubscribe(channel);
        }
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
