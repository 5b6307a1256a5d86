package io.wsnova.adapters.okx;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.market.BookSide;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Side;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes the {@code data} items of one OKX message (the parser positioned on the array) into the pooled events of
 * the market model and dispatches them: book items through the book's sequence rule and checksum
 * ({@link OkxBookSync}), trades deduplicated by numeric trade id, tickers as {@link TopOfBook} (and, for
 * derivatives, a {@link DerivativesTicker}), {@code mark-price}, {@code open-interest} and {@code funding-rate}
 * merged per instrument into one {@link DerivativesTicker}. Message thread only; allocation-free after warm-up (a
 * new instrument or book registers once).
 */
final class OkxDataDecoder
{
    static final int ACTION_NONE = 0;
    static final int ACTION_SNAPSHOT = 1;
    static final int ACTION_UPDATE = 2;
    static final long NONE = Long.MIN_VALUE;

    private static final byte[] ASKS = OkxChannels.ascii("asks");
    private static final byte[] BIDS = OkxChannels.ascii("bids");
    private static final byte[] TS = OkxChannels.ascii("ts");
    private static final byte[] CHECKSUM = OkxChannels.ascii("checksum");
    private static final byte[] SEQ_ID = OkxChannels.ascii("seqId");
    private static final byte[] PREV_SEQ_ID = OkxChannels.ascii("prevSeqId");
    private static final byte[] TRADE_ID = OkxChannels.ascii("tradeId");
    private static final byte[] PX = OkxChannels.ascii("px");
    private static final byte[] SZ = OkxChannels.ascii("sz");
    private static final byte[] SIDE = OkxChannels.ascii("side");
    private static final byte[] BUY = OkxChannels.ascii("buy");
    private static final byte[] SELL = OkxChannels.ascii("sell");
    private static final byte[] INST_TYPE = OkxChannels.ascii("instType");
    private static final byte[] SPOT = OkxChannels.ascii("SPOT");
    private static final byte[] MARGIN = OkxChannels.ascii("MARGIN");
    private static final byte[] LAST = OkxChannels.ascii("last");
    private static final byte[] BID_PX = OkxChannels.ascii("bidPx");
    private static final byte[] BID_SZ = OkxChannels.ascii("bidSz");
    private static final byte[] ASK_PX = OkxChannels.ascii("askPx");
    private static final byte[] ASK_SZ = OkxChannels.ascii("askSz");
    private static final byte[] MARK_PX = OkxChannels.ascii("markPx");
    private static final byte[] OI = OkxChannels.ascii("oi");
    private static final byte[] FUNDING_RATE = OkxChannels.ascii("fundingRate");
    private static final byte[] FUNDING_TIME = OkxChannels.ascii("fundingTime");

    private static final byte[][] BOOK_FIELDS = {ASKS, BIDS, TS, CHECKSUM, SEQ_ID, PREV_SEQ_ID};
    private static final byte[][] TRADE_FIELDS = {TRADE_ID, PX, SZ, SIDE, TS};
    private static final byte[][] TICKER_FIELDS = {
        TS, INST_TYPE, LAST, MARK_PX, OI, FUNDING_RATE, FUNDING_TIME, BID_PX, BID_SZ, ASK_PX, ASK_SZ,
    };

    private final OkxAdapter adapter;
    private final JsonParser parser;
    private final OkxCounters counters;
    private final MarketListener listener;
    private final OkxBookSync books;
    private final Trade trade = new Trade();
    private final TopOfBook top = new TopOfBook();
    private final DerivativesTicker ticker = new DerivativesTicker();
    private final FeedStatus status = new FeedStatus();
    private final BookUpdate update = new BookUpdate();
    private final Decimal price = new Decimal();
    private final Decimal size = new Decimal();
    private final Decimal bidPrice = new Decimal();
    private final Decimal bidSize = new Decimal();
    private final Decimal askPrice = new Decimal();
    private final Decimal askSize = new Decimal();
    private final InstrumentRegistry local = new InstrumentRegistry();
    private final int localVenue = local.venue("okx");

    private int[] globalIds = new int[16];
    private OkxInstrument[] instruments = new OkxInstrument[16];

    private long timestampMs;
    private int instType;
    private int tradeIdLength;
    private Side side;

    /**
     * The per-instrument state of one connection.
     */
    static final class OkxInstrument
    {
        final int instrumentId;
        final String instId;
        final boolean derivative;
        final OkxBook[] books = new OkxBook[OkxChannels.BOOK_KINDS];
        final Decimal last = new Decimal().setNull();
        final Decimal mark = new Decimal().setNull();
        final Decimal openInterest = new Decimal().setNull();
        final Decimal fundingRate = new Decimal().setNull();
        long nextFundingTimeNs = MarketEvent.NO_TIMESTAMP;
        long lastTradeId = NONE;

        OkxInstrument(final int instrumentId, final String instId)
        {
            this.instrumentId = instrumentId;
            this.instId = instId;
            this.derivative = instId.indexOf('-') != instId.lastIndexOf('-');
        }
    }

    OkxDataDecoder(final OkxAdapter adapter, final JsonParser parser)
    {
        this.adapter = adapter;
        this.parser = parser;
        this.counters = adapter.counters();
        this.listener = adapter.listener();
        this.books = new OkxBookSync(adapter, status);
    }

    /**
     * Decodes and dispatches the items of the {@code data} array the parser is on.
     *
     * @return false when an item was malformed (the items before it were delivered).
     */
    boolean decodeData(final int kind, final int action, final byte[] instId, final int instIdLength,
        final byte[] channel, final int channelLength, final long receivedNs)
    {
        final JsonParser parser = this.parser;
        final OkxInstrument instrument = instrument(instId, instIdLength);
        if (instrument == null)
        {
            return false;
        }
        int token;
        while ((token = parser.nextToken()) == JsonParser.START_OBJECT)
        {
            final boolean ok;
            if (kind < OkxChannels.BOOK_KINDS)
            {
                ok = bookItem(book(instrument, kind, channel, channelLength), kind, action, receivedNs);
            }
            else if (kind == OkxChannels.TRADES)
            {
                ok = tradeItem(instrument, receivedNs);
            }
            else
            {
                ok = tickerItem(instrument, kind, receivedNs);
            }
            if (!ok)
            {
                return false;
            }
        }
        return token == JsonParser.END_ARRAY;
    }

    void sendResyncs(final MessageContext context, final long nowNs)
    {
        books.sendResyncs(context, nowNs);
    }

    void onResyncRefused(final List<String> channels, final CharSequence code, final long nowNs)
    {
        books.onResyncRefused(channels, code, nowNs);
    }

    void onNewSocket(final FeedReason reason, final long nowNs)
    {
        books.onNewSocket(reason, nowNs);
    }

    OrderBook book(final String channel)
    {
        return books.book(channel);
    }

    private boolean bookItem(final OkxBook book, final int kind, final int action, final long receivedNs)
    {
        final JsonParser parser = this.parser;
        final BookUpdate update = this.update;
        update.reset(action == ACTION_SNAPSHOT || !OkxChannels.isIncremental(kind));
        long seqId = BookUpdate.NO_SEQUENCE;
        long prevSeqId = BookUpdate.NO_SEQUENCE;
        long checksum = 0;
        timestampMs = NONE;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            final int field = field(BOOK_FIELDS);
            parser.nextToken();
            switch (field)
            {
                case 0, 1 ->
                {
                    if (!levels(field == 0 ? BookSide.ASK : BookSide.BID))
                    {
                        return false;
                    }
                }
                case 2 -> timestampMs = readLong();
                case 3 -> checksum = readLong();
                case 4 -> seqId = readLong();
                case 5 -> prevSeqId = readLong();
                default -> parser.skipValue();
            }
            if (parser.hasError())
            {
                return false;
            }
        }
        if (parser.hasError())
        {
            return false;
        }
        update.sequences(seqId, seqId, prevSeqId);
        update.header(adapter.venueId(), book.book.instrumentId(), timestampNs(timestampMs), receivedNs);
        books.apply(book, update, (int)checksum, checksum != 0 && checksum == (int)checksum, receivedNs);
        return true;
    }

    private boolean levels(final BookSide bookSide)
    {
        final JsonParser parser = this.parser;
        if (parser.token() != JsonParser.START_ARRAY)
        {
            return parser.token() == JsonParser.NULL;
        }
        int token;
        while ((token = parser.nextToken()) == JsonParser.START_ARRAY)
        {
            parser.nextToken();
            if (!parser.readDecimal(price))
            {
                return false;
            }
            parser.nextToken();
            if (!parser.readDecimal(size))
            {
                return false;
            }
            while ((token = parser.nextToken()) != JsonParser.END_ARRAY)
            {
                if (token == JsonParser.ERROR || token == JsonParser.START_OBJECT || token == JsonParser.START_ARRAY &&
                    parser.skipValue() == JsonParser.ERROR)
                {
                    return false;
                }
            }
            update.addLevel(bookSide, price, size);
        }
        return token == JsonParser.END_ARRAY;
    }

    private boolean tradeItem(final OkxInstrument instrument, final long receivedNs)
    {
        final JsonParser parser = this.parser;
        timestampMs = NONE;
        tradeIdLength = -1;
        side = Side.UNKNOWN;
        price.setNull();
        size.setNull();
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            final int field = field(TRADE_FIELDS);
            parser.nextToken();
            switch (field)
            {
                case 0 ->
                {
                    if (parser.token() != JsonParser.STRING && parser.token() != JsonParser.NUMBER)
                    {
                        return false;
                    }
                    tradeIdLength = parser.stringLength();
                    if (tradeIdLength <= 0)
                    {
                        return false;
                    }
                    trade.tradeId().set(parser.buffer(), parser.tokenOffset(), tradeIdLength);
                }
                case 1 -> parser.readDecimal(price);
                case 2 -> parser.readDecimal(size);
                case 3 -> side = parser.stringEquals(BUY) ? Side.BUY : parser.stringEquals(SELL) ? Side.SELL :
                    Side.UNKNOWN;
                case 4 -> timestampMs = readLong();
                default -> parser.skipValue();
            }
            if (parser.hasError())
            {
                return false;
            }
        }
        if (parser.hasError() || tradeIdLength <= 0 || price.isNull() || size.isNull())
        {
            return false;
        }
        final long id = trade.tradeId().numeric();
        final long last = instrument.lastTradeId;
        if (id != io.wsnova.market.TradeId.NOT_NUMERIC && last != NONE)
        {
            if (id <= last)
            {
                counters.duplicateTrades.incrementAndGet();
                return true;
            }
            if (id != last + 1)
            {
                counters.tradeGaps.incrementAndGet();
                counters.missedTrades.addAndGet(id - last - 1);
                status.header(adapter.venueId(), instrument.instrumentId, MarketEvent.NO_TIMESTAMP, receivedNs);
                status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH).sequences(last + 1, id)
                    .counters(counters.tradeGaps.get(), 0);
                listener.onStatus(status);
            }
        }
        if (id != io.wsnova.market.TradeId.NOT_NUMERIC)
        {
            instrument.lastTradeId = id;
        }
        final Trade trade = this.trade;
        trade.header(adapter.venueId(), instrument.instrumentId, timestampNs(timestampMs), receivedNs);
        trade.price().set(price);
        trade.size().set(size);
        trade.aggressor(side);
        listener.onTrade(trade);
        return true;
    }

    private boolean tickerItem(final OkxInstrument instrument, final int kind, final long receivedNs)
    {
        final JsonParser parser = this.parser;
        timestampMs = NONE;
        instType = 0;
        price.setNull();
        bidPrice.setNull();
        bidSize.setNull();
        askPrice.setNull();
        askSize.setNull();
        long fundingTimeMs = NONE;
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            final int field = field(TICKER_FIELDS);
            parser.nextToken();
            switch (field)
            {
                case 0 -> timestampMs = readLong();
                case 1 -> instType = parser.stringEquals(SPOT) || parser.stringEquals(MARGIN) ? 1 : 2;
                case 2, 3, 4, 5 ->
                {
                    if (field == valueField(kind))
                    {
                        parser.readDecimal(price);
                    }
                    else
                    {
                        parser.skipValue();
                    }
                }
                case 6 -> fundingTimeMs = readLong();
                case 7 -> parser.readDecimal(bidPrice);
                case 8 -> parser.readDecimal(bidSize);
                case 9 -> parser.readDecimal(askPrice);
                case 10 -> parser.readDecimal(askSize);
                default -> parser.skipValue();
            }
            if (parser.hasError())
            {
                return false;
            }
        }
        if (parser.hasError())
        {
            return false;
        }
        final long exchangeNs = timestampNs(timestampMs);
        if (kind == OkxChannels.TICKERS)
        {
            final TopOfBook top = this.top.reset();
            top.header(adapter.venueId(), instrument.instrumentId, exchangeNs, receivedNs);
            top.bidPrice().set(bidPrice);
            top.bidSize().set(bidSize);
            top.askPrice().set(askPrice);
            top.askSize().set(askSize);
            listener.onTopOfBook(top);
            if (instType == 1 || instType == 0 && !instrument.derivative)
            {
                return true;
            }
            instrument.last.set(price);
        }
        else if (kind == OkxChannels.MARK_PRICE)
        {
            instrument.mark.set(price);
        }
        else if (kind == OkxChannels.OPEN_INTEREST)
        {
            instrument.openInterest.set(price);
        }
        else
        {
            instrument.fundingRate.set(price);
            if (fundingTimeMs != NONE)
            {
                instrument.nextFundingTimeNs = MarketEvent.millisToNanos(fundingTimeMs);
            }
        }
        final DerivativesTicker ticker = this.ticker.reset();
        ticker.header(adapter.venueId(), instrument.instrumentId, exchangeNs, receivedNs);
        ticker.lastPrice().set(instrument.last);
        ticker.markPrice().set(instrument.mark);
        ticker.openInterest().set(instrument.openInterest);
        ticker.fundingRate().set(instrument.fundingRate);
        ticker.nextFundingTimeNs(instrument.nextFundingTimeNs);
        listener.onTicker(ticker);
        return true;
    }

    private static int valueField(final int kind)
    {
        return switch (kind)
        {
            case OkxChannels.TICKERS -> 2;
            case OkxChannels.MARK_PRICE -> 3;
            case OkxChannels.OPEN_INTEREST -> 4;
            default -> 5;
        };
    }

    private int field(final byte[][] names)
    {
        final JsonParser parser = this.parser;
        for (int i = 0; i < names.length; i++)
        {
            if (parser.nameEquals(names[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private long readLong()
    {
        final JsonParser parser = this.parser;
        if (parser.token() == JsonParser.NULL)
        {
            return NONE;
        }
        return parser.readLong();
    }

    private OkxInstrument instrument(final byte[] instId, final int length)
    {
        if (length <= 0)
        {
            return null;
        }
        final int localId = local.instrument(localVenue, instId, 0, length);
        if (localId != InstrumentRegistry.NOT_FOUND)
        {
            return instruments[localId];
        }
        final String symbol = new String(instId, 0, length, StandardCharsets.UTF_8);
        final int globalId = adapter.instrument(symbol);
        final int newId = local.register(localVenue, symbol, adapter.spec(globalId));
        if (newId >= globalIds.length)
        {
            final int capacity = Math.max(newId + 1, globalIds.length * 2);
            globalIds = Arrays.copyOf(globalIds, capacity);
            instruments = Arrays.copyOf(instruments, capacity);
        }
        globalIds[newId] = globalId;
        instruments[newId] = new OkxInstrument(globalId, symbol);
        return instruments[newId];
    }

    private OkxBook book(final OkxInstrument instrument, final int kind, final byte[] channel, final int length)
    {
        final OkxBook existing = instrument.books[kind];
        if (existing != null)
        {
            return existing;
        }
        final String key = new String(channel, 0, length, StandardCharsets.UTF_8) + ':' + instrument.instId;
        final OkxBook book = new OkxBook(adapter.venueId(), instrument.instrumentId, kind, key);
        instrument.books[kind] = book;
        books.add(book);
        return book;
    }

    private static long timestampNs(final long ms)
    {
        return ms == NONE ? MarketEvent.NO_TIMESTAMP : MarketEvent.millisToNanos(ms);
    }
}
