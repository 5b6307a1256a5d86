package io.wsnova.adapters.binance;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.LevelArrays;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Side;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decodes Binance combined-stream messages ({@code {"stream":"...","data":{...}}}, keys in any order, unknown
 * fields skipped; raw-stream messages without the wrapper too) and the answers to requests
 * ({@code {"result":null,"id":N}}, {@code {"code":2,"msg":"...","id":N}}) in one pass into pooled events of the
 * market model, then hands them to the {@link MarketListener}. Event types: {@code trade}, {@code aggTrade},
 * {@code depthUpdate} (into a {@link BinanceBookSync} per symbol), {@code bookTicker} (with or without {@code e}),
 * {@code markPriceUpdate}, {@code forceOrder}, {@code serverShutdown}. Prices and quantities are JSON strings at
 * Binance: their text is read as an exact decimal (any JSON number spelling, {@code "0.00100000"} keeps its scale).
 * <p>
 * One instance per connection, used by its message thread only; allocation-free after warm-up (a new symbol
 * registers once, a cold path).
 */
final class BinanceMessageHandler implements MessageHandler
{
    static final int EVENT_NONE = 0;
    static final int EVENT_TRADE = 1;
    static final int EVENT_AGG_TRADE = 2;
    static final int EVENT_DEPTH = 3;
    static final int EVENT_BOOK_TICKER = 4;
    static final int EVENT_MARK_PRICE = 5;
    static final int EVENT_FORCE_ORDER = 6;
    static final int EVENT_SERVER_SHUTDOWN = 7;
    static final int EVENT_UNKNOWN = 8;

    private static final long NONE = Long.MIN_VALUE;
    private static final byte[] STREAM = ascii("stream");
    private static final byte[] DATA = ascii("data");
    private static final byte[] ID = ascii("id");
    private static final byte[] RESULT = ascii("result");
    private static final byte[] CODE = ascii("code");
    private static final byte[] MSG = ascii("msg");
    private static final byte[] PU = ascii("pu");
    private static final byte[] AP = ascii("ap");
    private static final byte[] TRADE = ascii("trade");
    private static final byte[] AGG_TRADE = ascii("aggTrade");
    private static final byte[] DEPTH_UPDATE = ascii("depthUpdate");
    private static final byte[] BOOK_TICKER = ascii("bookTicker");
    private static final byte[] MARK_PRICE_UPDATE = ascii("markPriceUpdate");
    private static final byte[] FORCE_ORDER = ascii("forceOrder");
    private static final byte[] SERVER_SHUTDOWN = ascii("serverShutdown");
    private static final byte[] SELL = ascii("SELL");
    private static final byte[] BUY = ascii("BUY");

    private final BinanceAdapter adapter;
    private final MarketListener listener;
    private final BinanceCounters counters;
    private final BinanceMarket market;
    private final BinanceLeg leg;
    private final JsonParser parser = new JsonParser();
    private final Trade trade = new Trade();
    private final TopOfBook top = new TopOfBook();
    private final DerivativesTicker ticker = new DerivativesTicker();
    private final Liquidation liquidation = new Liquidation();
    private final BookUpdate update = new BookUpdate();
    private final FeedStatus status = new FeedStatus();
    private final Decimal price = new Decimal();
    private final Decimal quantity = new Decimal();
    private final Decimal averagePrice = new Decimal();
    private final Decimal bidPrice = new Decimal();
    private final Decimal bidQuantity = new Decimal();
    private final Decimal askPrice = new Decimal();
    private final Decimal askQuantity = new Decimal();
    private final Decimal indexPrice = new Decimal();
    private final Decimal fundingRate = new Decimal();
    private final Decimal levelPrice = new Decimal();
    private final Decimal levelSize = new Decimal();
    private final InstrumentRegistry local = new InstrumentRegistry();
    private final int localVenue;
    private final Runnable reconnectOnShutdown = this::reconnectOnShutdown;

    private int[] globalIds = new int[16];
    private long[] lastTradeIds = filled(16);
    private long[] lastAggTradeIds = filled(16);
    private BinanceBookSync[] books = new BinanceBookSync[16];

    private final BinanceSession session;
    private Connection connection;
    private int seenEpoch;

    private int kind;
    private long id;
    private int event;
    private long eventTimeMs;
    private long timeMs;
    private long tradeId;
    private long aggTradeId;
    private long firstUpdateId;
    private long lastUpdateId;
    private long previousUpdateId;
    private boolean buyerMaker;
    private boolean hasBuyerMaker;
    private Side side;
    private int symbolOffset;
    private int symbolLength;
    private boolean hasBidLevels;
    private boolean hasAskLevels;

    /**
     * A handler with a session of its own (tests, benchmarks: no connection handler shares it).
     */
    BinanceMessageHandler(final BinanceAdapter adapter)
    {
        this(adapter, new BinanceSession(adapter, false));
    }

    /**
     * The message handler of one connection, sharing the connection's session with its connection handler.
     */
    BinanceMessageHandler(final BinanceAdapter adapter, final BinanceSession session)
    {
        this.adapter = adapter;
        this.session = session;
        this.listener = adapter.listener();
        this.counters = adapter.counters();
        this.market = adapter.market();
        this.leg = adapter.leg();
        this.localVenue = local.venue(market.venueName());
    }

    @Override
    public boolean decode(final InboundMessage message)
    {
        final JsonParser parser = this.parser;
        kind = KIND_IGNORE;
        id = NO_ID;
        event = EVENT_NONE;
        eventTimeMs = NONE;
        timeMs = NONE;
        tradeId = NONE;
        aggTradeId = NONE;
        firstUpdateId = NONE;
        lastUpdateId = NONE;
        previousUpdateId = NONE;
        hasBuyerMaker = false;
        side = Side.UNKNOWN;
        symbolOffset = -1;
        symbolLength = 0;
        hasBidLevels = false;
        hasAskLevels = false;
        price.setNull();
        quantity.setNull();
        averagePrice.setNull();
        bidPrice.setNull();
        bidQuantity.setNull();
        askPrice.setNull();
        askQuantity.setNull();
        indexPrice.setNull();
        fundingRate.setNull();
        update.reset(false);
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return malformed();
        }
        boolean response = false;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.stringLength() == 1)
            {
                if (!dataField())
                {
                    return malformed();
                }
            }
            else if (parser.nameEquals(DATA))
            {
                final int token = parser.nextToken();
                if (token == JsonParser.START_OBJECT)
                {
                    while (parser.nextToken() == JsonParser.FIELD_NAME)
                    {
                        if (!dataField())
                        {
                            return malformed();
                        }
                    }
                }
                else
                {
                    parser.skipValue();
                    event = EVENT_UNKNOWN;
                }
            }
            else if (parser.nameEquals(ID))
            {
                if (parser.nextToken() == JsonParser.NUMBER)
                {
                    id = parser.tryReadLong() == JsonParser.VALUE_EXACT ? parser.longValue() : NO_ID;
                }
                else
                {
                    parser.skipValue();
                }
            }
            else if (parser.nameEquals(RESULT) || parser.nameEquals(CODE) || parser.nameEquals(MSG))
            {
                response = true;
                parser.skipValue();
            }
            else if (parser.nameEquals(PU))
            {
                if (parser.nextToken() == JsonParser.NUMBER)
                {
                    previousUpdateId = parser.readLong();
                }
                else
                {
                    parser.skipValue();
                }
            }
            else
            {
                parser.skipValue(); // "stream" (routing is by the data's own fields) and unknown fields
            }
        }
        if (parser.hasError())
        {
            return malformed();
        }
        if (response && id != NO_ID)
        {
            kind = KIND_RESPONSE;
        }
        else
        {
            kind = KIND_DATA;
            if (event == EVENT_NONE)
            {
                event = !bidPrice.isNull() && !askPrice.isNull() ? EVENT_BOOK_TICKER : EVENT_UNKNOWN;
            }
        }
        return true;
    }

    @Override
    public int classify(final InboundMessage message)
    {
        return kind;
    }

    @Override
    public long responseId(final InboundMessage message)
    {
        return id;
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        if (connection == null)
        {
            connection = context.connection();
            seenEpoch = session.epoch.get();
        }
        final int epoch = session.epoch.get();
        if (session.syncingBooks.get() == 0 && epoch == seenEpoch)
        {
            dispatch(message, context); // every book live: the control thread calls no listener (BinanceBookSync)
            return;
        }
        final ReentrantLock lock = session.listenerLock;
        lock.lock();
        try
        {
            if (epoch != seenEpoch)
            {
                seenEpoch = epoch;
                onNewSocket(session.lastDisconnectReason);
            }
            dispatch(message, context);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void dispatch(final InboundMessage message, final MessageContext context)
    {
        if (eventTimeMs != NONE)
        {
            context.recordVenueTimestampMs(eventTimeMs);
        }
        final long receivedNs = message.receivedNs();
        switch (event)
        {
            case EVENT_TRADE -> onTrade(tradeId, lastTradeIds, receivedNs);
            case EVENT_AGG_TRADE -> onTrade(aggTradeId, lastAggTradeIds, receivedNs);
            case EVENT_DEPTH -> onDepth(receivedNs);
            case EVENT_BOOK_TICKER -> onBookTicker(receivedNs);
            case EVENT_MARK_PRICE -> onMarkPrice(receivedNs);
            case EVENT_FORCE_ORDER -> onForceOrder(receivedNs);
            case EVENT_SERVER_SHUTDOWN -> onServerShutdown(receivedNs);
            default -> counters.unknownEvents.incrementAndGet();
        }
    }

    @Override
    public void encodeRequest(final long id, final String method, final JsonPayload params, final JsonEncoder encoder)
    {
        encoder.startObject().name("method").string(method);
        if (params != null)
        {
            encoder.name("params");
            params.writeTo(encoder);
        }
        encoder.name("id").number(id).endObject();
    }

    /**
     * The book of a symbol on this connection (message thread, tests).
     */
    OrderBook book(final String symbol)
    {
        final byte[] bytes = symbol.getBytes(StandardCharsets.US_ASCII);
        final int localId = local.instrument(localVenue, bytes, 0, bytes.length);
        return localId == InstrumentRegistry.NOT_FOUND || books[localId] == null ? null : books[localId].book();
    }

    private void onTrade(final long id, final long[] lastIds, final long receivedNs)
    {
        final int localId = instrument();
        if (localId < 0 || id == NONE || price.isNull() || quantity.isNull())
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        final int instrumentId = globalIds[localId];
        final long last = lastIds[localId];
        if (last != NONE)
        {
            if (id <= last)
            {
                counters.duplicateTrades.incrementAndGet();
                return;
            }
            if (id != last + 1)
            {
                counters.tradeGaps.incrementAndGet();
                counters.missedTrades.addAndGet(id - last - 1);
                status.header(adapter.venueId(), instrumentId, MarketEvent.NO_TIMESTAMP, receivedNs);
                status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH).sequences(last + 1, id)
                    .counters(counters.tradeGaps.get(), 0);
                listener.onStatus(status);
            }
        }
        lastIds[localId] = id;
        final Trade trade = this.trade;
        trade.header(adapter.venueId(), instrumentId, timestampNs(timeMs != NONE ? timeMs : eventTimeMs), receivedNs);
        trade.price().set(price);
        trade.size().set(quantity);
        trade.tradeId().set(id);
        trade.aggressor(!hasBuyerMaker ? Side.UNKNOWN : buyerMaker ? Side.SELL : Side.BUY);
        if (leg != null)
        {
            leg.onTrade(trade, lastIds == lastAggTradeIds);
        }
        else
        {
            listener.onTrade(trade);
        }
    }

    private void onDepth(final long receivedNs)
    {
        final int localId = instrument();
        if (localId < 0 || firstUpdateId == NONE || lastUpdateId == NONE)
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        BinanceBookSync sync = books[localId];
        if (sync == null)
        {
            sync = newBook(localId);
        }
        final BookUpdate update = this.update;
        update.header(adapter.venueId(), globalIds[localId], timestampNs(eventTimeMs), receivedNs);
        update.sequences(firstUpdateId, lastUpdateId, previousUpdateId == NONE ? BookUpdate.NO_SEQUENCE :
            previousUpdateId);
        sync.onDelta(update, receivedNs);
    }

    private void onBookTicker(final long receivedNs)
    {
        final int localId = instrument();
        if (localId < 0)
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        final TopOfBook top = this.top.reset();
        top.header(adapter.venueId(), globalIds[localId], timestampNs(timeMs != NONE ? timeMs : eventTimeMs),
            receivedNs);
        top.bidPrice().set(bidPrice);
        top.bidSize().set(bidQuantity);
        top.askPrice().set(askPrice);
        top.askSize().set(askQuantity);
        top.sequence(lastUpdateId == NONE ? BookUpdate.NO_SEQUENCE : lastUpdateId);
        listener.onTopOfBook(top);
    }

    private void onMarkPrice(final long receivedNs)
    {
        final int localId = instrument();
        if (localId < 0)
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        final DerivativesTicker ticker = this.ticker.reset();
        ticker.header(adapter.venueId(), globalIds[localId], timestampNs(eventTimeMs), receivedNs);
        ticker.markPrice().set(price);
        ticker.indexPrice().set(indexPrice);
        ticker.fundingRate().set(fundingRate);
        ticker.nextFundingTimeNs(timeMs == NONE || timeMs == 0 ? MarketEvent.NO_TIMESTAMP : timestampNs(timeMs));
        listener.onTicker(ticker);
    }

    private void onForceOrder(final long receivedNs)
    {
        final int localId = instrument();
        final Decimal executed = !averagePrice.isNull() && averagePrice.mantissa() != 0L ? averagePrice : price;
        if (localId < 0 || executed.isNull() || quantity.isNull())
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        final Liquidation liquidation = this.liquidation;
        liquidation.header(adapter.venueId(), globalIds[localId], timestampNs(timeMs != NONE ? timeMs : eventTimeMs),
            receivedNs);
        liquidation.price().set(executed);
        liquidation.size().set(quantity);
        liquidation.side(side);
        listener.onLiquidation(liquidation);
    }

    private void onServerShutdown(final long receivedNs)
    {
        counters.serverShutdowns.incrementAndGet();
        session.shutdownPending = true;
        if (leg != null)
        {
            leg.onServerShutdown(); // a feed opens the replacement; its handover reports the notice
        }
        status.header(adapter.venueId(), MarketEvent.NO_INSTRUMENT, timestampNs(eventTimeMs), receivedNs);
        status.set(FeedState.STALE, FeedReason.SERVER_SHUTDOWN).counters(counters.serverShutdowns.get(), 0);
        listener.onStatus(status);
        if (leg == null)
        {
            BinanceSnapshotFetcher.schedule(reconnectOnShutdown, 0L);
        }
    }

    private void reconnectOnShutdown()
    {
        connection.reconnect("serverShutdown");
    }

    private void onNewSocket(final FeedReason reason)
    {
        for (final BinanceBookSync sync : books)
        {
            if (sync != null)
            {
                sync.onNewSocket(reason);
            }
        }
    }

    /**
     * Reads one field of a data object (the name is the current token).
     *
     * @return false when a known field holds a malformed value.
     */
    private boolean dataField()
    {
        final JsonParser parser = this.parser;
        if (parser.stringLength() != 1)
        {
            if (parser.nameEquals(PU))
            {
                previousUpdateId = readLong();
                return !parser.hasError();
            }
            parser.skipValue();
            return true;
        }
        final byte name = parser.buffer()[parser.tokenOffset()];
        switch (name)
        {
            case 'e' ->
            {
                if (parser.nextToken() == JsonParser.STRING)
                {
                    event = eventType();
                }
                else
                {
                    parser.skipValue();
                }
            }
            case 'E' -> eventTimeMs = readLong();
            case 'T' -> timeMs = readLong();
            case 's' -> readSymbol();
            case 't' -> tradeId = readLong();
            case 'U' -> firstUpdateId = readLong();
            case 'u' -> lastUpdateId = readLong();
            case 'p' -> readDecimal(price);
            case 'q' -> readDecimal(quantity);
            case 'i' -> readDecimal(indexPrice);
            case 'r' -> readDecimal(fundingRate);
            case 'B' -> readDecimal(bidQuantity);
            case 'A' -> readDecimal(askQuantity);
            case 'm' ->
            {
                final int token = parser.nextToken();
                hasBuyerMaker = token == JsonParser.TRUE || token == JsonParser.FALSE;
                buyerMaker = token == JsonParser.TRUE;
                if (!hasBuyerMaker)
                {
                    parser.skipValue();
                }
            }
            case 'b' ->
            {
                final int token = parser.nextToken();
                if (token == JsonParser.START_ARRAY)
                {
                    hasBidLevels = true;
                    return LevelArrays.read(parser, BookSide.BID, update, levelPrice, levelSize);
                }
                return readDecimalValue(bidPrice);
            }
            case 'a' ->
            {
                final int token = parser.nextToken();
                if (token == JsonParser.START_ARRAY)
                {
                    hasAskLevels = true;
                    return LevelArrays.read(parser, BookSide.ASK, update, levelPrice, levelSize);
                }
                if (token == JsonParser.NUMBER)
                {
                    // aggTrade id or (unquoted) book ticker ask price: the event type may come later, keep both
                    aggTradeId = parser.tryReadLong() == JsonParser.VALUE_EXACT ? parser.longValue() : NONE;
                }
                return readDecimalValue(askPrice);
            }
            case 'o' ->
            {
                if (parser.nextToken() == JsonParser.START_OBJECT)
                {
                    return order();
                }
                parser.skipValue();
            }
            default -> parser.skipValue();
        }
        return !parser.hasError();
    }

    /**
     * The {@code o} object of a {@code forceOrder}: symbol, side, quantity, price, average price, trade time.
     */
    private boolean order()
    {
        final JsonParser parser = this.parser;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.stringLength() == 1)
            {
                switch (parser.buffer()[parser.tokenOffset()])
                {
                    case 's' -> readSymbol();
                    case 'S' ->
                    {
                        if (parser.nextToken() == JsonParser.STRING)
                        {
                            side = parser.stringEquals(SELL) ? Side.SELL : parser.stringEquals(BUY) ? Side.BUY :
                                Side.UNKNOWN;
                        }
                        else
                        {
                            parser.skipValue();
                        }
                    }
                    case 'q' -> readDecimal(quantity);
                    case 'p' -> readDecimal(price);
                    case 'T' -> timeMs = readLong();
                    default -> parser.skipValue();
                }
            }
            else if (parser.nameEquals(AP))
            {
                readDecimal(averagePrice);
            }
            else
            {
                parser.skipValue();
            }
        }
        return !parser.hasError();
    }

    private int eventType()
    {
        final JsonParser parser = this.parser;
        if (parser.stringEquals(DEPTH_UPDATE))
        {
            return EVENT_DEPTH;
        }
        if (parser.stringEquals(TRADE))
        {
            return EVENT_TRADE;
        }
        if (parser.stringEquals(AGG_TRADE))
        {
            return EVENT_AGG_TRADE;
        }
        if (parser.stringEquals(BOOK_TICKER))
        {
            return EVENT_BOOK_TICKER;
        }
        if (parser.stringEquals(MARK_PRICE_UPDATE))
        {
            return EVENT_MARK_PRICE;
        }
        if (parser.stringEquals(FORCE_ORDER))
        {
            return EVENT_FORCE_ORDER;
        }
        return parser.stringEquals(SERVER_SHUTDOWN) ? EVENT_SERVER_SHUTDOWN : EVENT_UNKNOWN;
    }

    private long readLong()
    {
        final JsonParser parser = this.parser;
        final int token = parser.nextToken();
        if (token == JsonParser.NULL)
        {
            return NONE;
        }
        return parser.readLong();
    }

    private void readDecimal(final Decimal dst)
    {
        parser.nextToken();
        parser.readDecimal(dst);
    }

    private boolean readDecimalValue(final Decimal dst)
    {
        final JsonParser parser = this.parser;
        if (parser.token() != JsonParser.NULL)
        {
            parser.readDecimal(dst);
        }
        return !parser.hasError();
    }

    private void readSymbol()
    {
        final JsonParser parser = this.parser;
        if (parser.nextToken() == JsonParser.STRING)
        {
            symbolLength = parser.stringLength();
            symbolOffset = parser.tokenOffset();
        }
        else
        {
            parser.skipValue();
        }
    }

    /**
     * The local id of the message's symbol; registers a symbol seen for the first time (cold path).
     *
     * @return the local id, or -1 when the message has no symbol.
     */
    private int instrument()
    {
        if (symbolOffset < 0 || symbolLength <= 0)
        {
            return -1;
        }
        final byte[] bytes = parser.buffer();
        final int localId = local.instrument(localVenue, bytes, symbolOffset, symbolLength);
        return localId != InstrumentRegistry.NOT_FOUND ? localId : register(bytes);
    }

    private int register(final byte[] bytes)
    {
        final String symbol = new String(bytes, symbolOffset, symbolLength, StandardCharsets.UTF_8);
        final int globalId = adapter.instrument(symbol);
        final int localId = local.register(localVenue, symbol, adapter.spec(globalId));
        if (localId >= globalIds.length)
        {
            final int capacity = Math.max(localId + 1, globalIds.length * 2);
            globalIds = Arrays.copyOf(globalIds, capacity);
            lastTradeIds = grow(lastTradeIds, capacity);
            lastAggTradeIds = grow(lastAggTradeIds, capacity);
            books = Arrays.copyOf(books, capacity);
        }
        globalIds[localId] = globalId;
        return localId;
    }

    private BinanceBookSync newBook(final int localId)
    {
        final int globalId = globalIds[localId];
        final BinanceBookSync sync = new BinanceBookSync(new OrderBook(adapter.venueId(), globalId),
            local.symbol(localId), market, listener, new FeedStatus(), adapter.fetcher(), counters, session,
            adapter.snapshotBackoffMs(), adapter.snapshotMaxBackoffMs());
        books[localId] = sync;
        return sync;
    }

    private boolean malformed()
    {
        counters.malformedMessages.incrementAndGet();
        return false;
    }

    private static long timestampNs(final long epochMs)
    {
        return epochMs == NONE ? MarketEvent.NO_TIMESTAMP : MarketEvent.millisToNanos(epochMs);
    }

    private static long[] filled(final int capacity)
    {
        final long[] values = new long[capacity];
        Arrays.fill(values, NONE);
        return values;
    }

    private static long[] grow(final long[] old, final int capacity)
    {
        final long[] grown = Arrays.copyOf(old, capacity);
        Arrays.fill(grown, old.length, capacity, NONE);
        return grown;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The spec a symbol gets when the user did not register it: unknown tick and lot (Binance's exchangeInfo is
     * not fetched), quantities in the base asset (spot) or contracts (USD-M, 1 base unit each).
     */
    static InstrumentSpec defaultSpec(final BinanceMarket market)
    {
        return new InstrumentSpec(new Decimal(0L, 0), new Decimal(0L, 0), new Decimal(1L, 0),
            market == BinanceMarket.SPOT ? io.wsnova.market.QuantityUnit.BASE :
                io.wsnova.market.QuantityUnit.CONTRACTS);
    }
}
