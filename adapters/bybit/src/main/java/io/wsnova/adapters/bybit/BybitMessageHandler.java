package io.wsnova.adapters.bybit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.RequestIds;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.QuantityUnit;
import io.wsnova.market.Trade;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes Bybit v5 public messages ({@code {"topic":...,"type":"snapshot"|"delta","ts":...,"data":...}}, keys in
 * any order, unknown fields skipped) and the answers to requests ({@code {"success":...,"ret_msg":...,
 * "conn_id":...,"req_id":"N","op":"subscribe"}}) into pooled events of the market model, then hands them to the
 * {@link MarketListener}. Topics: {@code orderbook.{depth}.{symbol}} (into a {@link BybitBookSync} per topic),
 * {@code publicTrade.{symbol}} (every element of the data array is a {@link Trade}), {@code tickers.{symbol}}
 * (merged into a {@link BybitTicker}, delivered as a {@link DerivativesTicker}). The data is decoded where it lies
 * when the topic (and, for a book, the type) came before it, as Bybit sends; otherwise its bytes are decoded after
 * the envelope by a second parser. Prices and sizes are JSON strings at Bybit, read as exact decimals.
 * <p>
 * One instance per connection, used by its message thread only; allocation-free after warm-up (a new topic
 * registers once, pools grow to the largest message: cold paths).
 */
final class BybitMessageHandler extends BybitDataDecoder implements MessageHandler
{
    private static final byte[] TOPIC = ascii("topic");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] TS = ascii("ts");
    private static final byte[] DATA = ascii("data");
    private static final byte[] SUCCESS = ascii("success");
    private static final byte[] OP = ascii("op");
    private static final byte[] REQ_ID = ascii("req_id");
    private static final byte[] RET_MSG = ascii("ret_msg");
    private static final byte[] SNAPSHOT = ascii("snapshot");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] PING = ascii("ping");
    private static final byte[] PONG = ascii("pong");
    private static final byte[] ORDERBOOK = ascii("orderbook");
    private static final byte[] PUBLIC_TRADE = ascii("publicTrade");
    private static final byte[] TICKERS = ascii("tickers");

    private final BybitAdapter adapter;
    private final MarketListener listener;
    private final BybitCounters counters;
    private final JsonParser parser = new JsonParser();
    private final JsonParser dataParser = new JsonParser();
    private final Trade trade = new Trade();
    private final DerivativesTicker ticker = new DerivativesTicker();
    private final InstrumentRegistry topics = new InstrumentRegistry();
    private final int topicVenue;
    private static final InstrumentSpec TOPIC_SPEC = defaultSpec();
    private final StringBuilder idText = new StringBuilder(RequestIds.MAX_DIGITS);

    private int[] topicKinds = new int[16];
    private int[] instrumentIds = new int[16];
    private BybitBookSync[] books = new BybitBookSync[16];
    private BybitTicker[] tickers = new BybitTicker[16];

    private final BybitSession session;
    private Connection connection;
    private int seenEpoch;

    private int kind;
    private long id;
    private int topicId;
    private boolean pong;

    /**
     * A handler with a session of its own (tests, benchmarks: no connection handler shares it).
     */
    BybitMessageHandler(final BybitAdapter adapter)
    {
        this(adapter, new BybitSession(adapter, false));
    }

    /**
     * The message handler of one connection, sharing the connection's session with its connection handler.
     */
    BybitMessageHandler(final BybitAdapter adapter, final BybitSession session)
    {
        super(adapter.counters());
        this.adapter = adapter;
        this.session = session;
        this.listener = adapter.listener();
        this.counters = adapter.counters();
        this.topicVenue = topics.venue("topics");
    }

    @Override
    public boolean decode(final InboundMessage message)
    {
        final JsonParser parser = this.parser;
        kind = KIND_IGNORE;
        id = NO_ID;
        topicId = -1;
        pong = false;
        type = TYPE_NONE;
        tsMs = NONE;
        boolean dataDone = false;
        int dataStart = -1;
        int dataEnd = -1;
        boolean response = false;
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return malformed();
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(DATA))
            {
                final int topicKind = topicId < 0 ? TOPIC_NONE : topicKinds[topicId];
                if (topicKind != TOPIC_NONE && (topicKind != TOPIC_BOOK || type != TYPE_NONE))
                {
                    if (!decodeData(parser, topicKind))
                    {
                        return malformed();
                    }
                    dataDone = true;
                }
                else
                {
                    final int token = parser.nextToken();
                    dataStart = parser.tokenOffset();
                    if (token == JsonParser.START_OBJECT || token == JsonParser.START_ARRAY)
                    {
                        parser.skipValue();
                    }
                    dataEnd = parser.tokenOffset() + parser.tokenLength();
                }
            }
            else if (parser.nameEquals(TOPIC))
            {
                if (parser.nextToken() == JsonParser.STRING)
                {
                    topicId = topic(parser);
                }
                else
                {
                    parser.skipValue();
                }
            }
            else if (parser.nameEquals(TYPE))
            {
                if (parser.nextToken() == JsonParser.STRING)
                {
                    type = parser.stringEquals(SNAPSHOT) ? TYPE_SNAPSHOT : parser.stringEquals(DELTA) ? TYPE_DELTA :
                        TYPE_OTHER;
                }
                else
                {
                    parser.skipValue();
                }
            }
            else if (parser.nameEquals(TS))
            {
                tsMs = parser.nextToken() == JsonParser.NULL ? NONE : parser.readLong();
            }
            else if (parser.nameEquals(OP))
            {
                response = true;
                if (parser.nextToken() == JsonParser.STRING)
                {
                    pong |= parser.stringEquals(PING) || parser.stringEquals(PONG);
                }
                else
                {
                    parser.skipValue();
                }
            }
            else if (parser.nameEquals(RET_MSG))
            {
                if (parser.nextToken() == JsonParser.STRING)
                {
                    pong |= parser.stringEquals(PONG);
                }
                else
                {
                    parser.skipValue();
                }
            }
            else if (parser.nameEquals(REQ_ID))
            {
                response = true;
                final long read = RequestIds.read(parser);
                id = read == RequestIds.NOT_AN_ID ? NO_ID : read;
            }
            else if (parser.nameEquals(SUCCESS))
            {
                response = true;
                parser.skipValue();
            }
            else
            {
                parser.skipValue();
            }
        }
        if (parser.hasError())
        {
            return malformed();
        }
        if (topicId >= 0)
        {
            if (!dataDone)
            {
                if (dataStart < 0 || dataEnd <= dataStart ||
                    dataParser.wrap(parser.buffer(), dataStart, dataEnd - dataStart) != JsonParser.ERROR_NONE ||
                    !decodeData(dataParser, topicKinds[topicId]))
                {
                    return malformed();
                }
            }
            kind = KIND_DATA;
        }
        else if (pong)
        {
            kind = KIND_HEARTBEAT;
        }
        else if (response)
        {
            kind = KIND_RESPONSE;
        }
        else
        {
            counters.unexpectedMessages.incrementAndGet();
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
        final long receivedNs = message.receivedNs();
        if (epoch != seenEpoch)
        {
            seenEpoch = epoch;
            onNewSocket(receivedNs);
        }
        if (kind == KIND_HEARTBEAT)
        {
            counters.pongsHandled.incrementAndGet();
            return;
        }
        if (tsMs != NONE)
        {
            context.recordVenueTimestampMs(tsMs);
        }
        switch (topicKinds[topicId])
        {
            case TOPIC_BOOK -> onBook(receivedNs);
            case TOPIC_TRADE -> onTrades(receivedNs);
            case TOPIC_TICKER -> onTicker(receivedNs);
            default -> counters.unknownTopics.incrementAndGet();
        }
    }

    @Override
    public void encodeRequest(final long id, final String method, final JsonPayload params, final JsonEncoder encoder)
    {
        final StringBuilder idText = this.idText;
        idText.setLength(0);
        encoder.startObject().name("req_id").string(idText.append(id)).name("op").string(method);
        if (params != null)
        {
            encoder.name("args");
            params.writeTo(encoder);
        }
        encoder.endObject();
    }

    /**
     * The book of a topic on this connection (message thread, tests).
     */
    OrderBook book(final String topic)
    {
        final byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        final int localId = topics.instrument(topicVenue, bytes, 0, bytes.length);
        return localId == InstrumentRegistry.NOT_FOUND || books[localId] == null ? null : books[localId].book();
    }

    private void onBook(final long receivedNs)
    {
        final int topicId = this.topicId;
        if (u == NONE || (type != TYPE_SNAPSHOT && type != TYPE_DELTA))
        {
            counters.malformedMessages.incrementAndGet();
            return;
        }
        BybitBookSync sync = books[topicId];
        if (sync == null)
        {
            sync = new BybitBookSync(new OrderBook(adapter.venueId(), instrumentIds[topicId]), topics.symbol(topicId),
                listener, new FeedStatus(), counters);
            books[topicId] = sync;
        }
        final BookUpdate update = this.update;
        update.header(adapter.venueId(), instrumentIds[topicId], timestampNs(tsMs), receivedNs);
        update.sequences(u, u, BookUpdate.NO_SEQUENCE);
        sync.onUpdate(update, connection, receivedNs);
    }

    private void onTrades(final long receivedNs)
    {
        final int instrumentId = instrumentIds[topicId];
        final Trade trade = this.trade;
        for (int i = 0; i < tradeCount; i++)
        {
            trade.header(adapter.venueId(), instrumentId, timestampNs(tradeTimesMs[i] != NONE ? tradeTimesMs[i] : tsMs),
                receivedNs);
            trade.price().set(tradePrices[i]);
            trade.size().set(tradeSizes[i]);
            trade.tradeId().set(tradeIdBytes, tradeIdOffsets[i], tradeIdLengths[i]);
            trade.aggressor(tradeSides[i]);
            counters.trades.incrementAndGet();
            listener.onTrade(trade);
        }
    }

    private void onTicker(final long receivedNs)
    {
        BybitTicker state = tickers[topicId];
        if (state == null)
        {
            state = new BybitTicker();
            tickers[topicId] = state;
        }
        if (type == TYPE_SNAPSHOT)
        {
            state.clear();
            state.snapshotSeen = true;
        }
        else if (!state.snapshotSeen)
        {
            counters.staleTickerFields.incrementAndGet();
        }
        BybitTicker.merge(state.lastPrice, lastPrice);
        BybitTicker.merge(state.markPrice, markPrice);
        BybitTicker.merge(state.indexPrice, indexPrice);
        BybitTicker.merge(state.openInterest, openInterest);
        BybitTicker.merge(state.fundingRate, fundingRate);
        if (nextFundingTimeMs != NONE)
        {
            state.nextFundingTimeMs = nextFundingTimeMs;
        }
        final DerivativesTicker ticker = this.ticker.reset();
        ticker.header(adapter.venueId(), instrumentIds[topicId], timestampNs(tsMs), receivedNs);
        ticker.lastPrice().set(state.lastPrice);
        ticker.markPrice().set(state.markPrice);
        ticker.indexPrice().set(state.indexPrice);
        ticker.openInterest().set(state.openInterest);
        ticker.fundingRate().set(state.fundingRate);
        ticker.nextFundingTimeNs(state.nextFundingTimeMs == NONE || state.nextFundingTimeMs == 0 ?
            MarketEvent.NO_TIMESTAMP : MarketEvent.millisToNanos(state.nextFundingTimeMs));
        listener.onTicker(ticker);
    }

    private void onNewSocket(final long nowNs)
    {
        final io.wsnova.market.FeedReason reason = session.lastDisconnectReason;
        for (final BybitBookSync sync : books)
        {
            if (sync != null)
            {
                sync.onNewSocket(connection, reason, nowNs);
            }
        }
    }

    /**
     * The local id of the topic the parser is on (a {@link JsonParser#STRING}); registers it the first time.
     */
    private int topic(final JsonParser parser)
    {
        final int length = parser.stringLength();
        if (length <= 0)
        {
            return -1;
        }
        final byte[] bytes = parser.buffer();
        final int offset = parser.tokenOffset();
        final int localId = topics.instrument(topicVenue, bytes, offset, length);
        return localId != InstrumentRegistry.NOT_FOUND ? localId : register(bytes, offset, length);
    }

    private int register(final byte[] bytes, final int offset, final int length)
    {
        final String topic = new String(bytes, offset, length, StandardCharsets.UTF_8);
        final int firstDot = topic.indexOf('.');
        final int lastDot = topic.lastIndexOf('.');
        final String prefix = firstDot < 0 ? topic : topic.substring(0, firstDot);
        final String symbol = lastDot < 0 ? topic : topic.substring(lastDot + 1);
        final int topicKind;
        if (prefix.equals(new String(ORDERBOOK, StandardCharsets.US_ASCII)) && firstDot != lastDot)
        {
            topicKind = TOPIC_BOOK;
        }
        else if (prefix.equals(new String(PUBLIC_TRADE, StandardCharsets.US_ASCII)) && firstDot == lastDot)
        {
            topicKind = TOPIC_TRADE;
        }
        else if (prefix.equals(new String(TICKERS, StandardCharsets.US_ASCII)) && firstDot == lastDot)
        {
            topicKind = TOPIC_TICKER;
        }
        else
        {
            topicKind = TOPIC_UNKNOWN;
        }
        final int localId = topics.register(topicVenue, topic, TOPIC_SPEC);
        if (localId >= topicKinds.length)
        {
            final int capacity = Math.max(localId + 1, topicKinds.length * 2);
            topicKinds = Arrays.copyOf(topicKinds, capacity);
            instrumentIds = Arrays.copyOf(instrumentIds, capacity);
            books = Arrays.copyOf(books, capacity);
            tickers = Arrays.copyOf(tickers, capacity);
        }
        topicKinds[localId] = topicKind;
        instrumentIds[localId] = adapter.instrument(symbol);
        return localId;
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

    /**
     * The spec a symbol gets when the user did not register it: unknown tick and lot (the instruments endpoint is
     * not fetched), quantities in the base asset (spot, and linear, whose sizes Bybit gives in the base coin).
     */
    static InstrumentSpec defaultSpec()
    {
        return new InstrumentSpec(new Decimal(0L, 0), new Decimal(0L, 0), new Decimal(1L, 0), QuantityUnit.BASE);
    }
}
