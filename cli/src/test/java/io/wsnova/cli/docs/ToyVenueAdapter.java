package io.wsnova.cli.docs;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.EventCounter;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
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
import io.wsnova.market.SequenceVerdict;
import io.wsnova.market.Side;
import io.wsnova.market.Trade;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ToyVenue, a fictional venue, on the normalized market model. Requests are JSON-RPC (the engine's default
 * encoding and subscription handler: {"method":"subscribe","params":{"channels":["book:TOY-USD"]}}); data is
 * {"ch":"book","sym":"TOY-USD","seq":8,"prev":7,"snap":false,"ts":1700000000000,"bids":[["100.5","2"]],"asks":[]}
 * and {"ch":"trade","sym":"TOY-USD","id":"t-42","px":"100.5","qty":"0.25","side":"buy","ts":1700000000001}.
 * A book delta follows when its prev is the book's seq; after a gap the adapter asks for a new snapshot.
 */
public final class ToyVenueAdapter implements Adapter
{
    /** The venue's rule: a delta applies when its prev is the book's last seq; an older one is dropped. */
    static final SequenceRule TOY_RULE = (lastSequence, firstAfterSnapshot, update) ->
        update.lastSequence() <= lastSequence ? SequenceVerdict.DROP_STALE :
        update.previousSequence() == lastSequence ? SequenceVerdict.APPLY : SequenceVerdict.GAP;

    /** What the connections dropped and resynced: every bad message is counted, never silently lost. */
    public static final class ToyCounters
    {
        /** Messages that were not valid JSON or lacked a field. */
        public final EventCounter malformed = new EventCounter();
        /** Data for a symbol that is not in the registry. */
        public final EventCounter unknownSymbols = new EventCounter();
        /** Book gaps (each one a resync). */
        public final EventCounter gaps = new EventCounter();
    }

    private final MarketListener listener;
    private final InstrumentRegistry registry;
    private final int venueId;
    private final ToyCounters counters = new ToyCounters();

    /**
     * An adapter for the symbols registered in {@code registry} under the venue "toy" (registered before
     * connecting: lookups on the message thread never allocate).
     *
     * @param listener receives every event on the message thread.
     * @param registry the instruments; the events' ids refer to it.
     */
    public ToyVenueAdapter(final MarketListener listener, final InstrumentRegistry registry)
    {
        this.listener = listener;
        this.registry = registry;
        this.venueId = registry.venue("toy");
    }

    @Override
    public String name()
    {
        return "toy";
    }

    @Override
    public MessageHandler messageHandler()
    {
        return new ToyMessageHandler(); // one per connection: it owns its parser, books and pooled events
    }

    /**
     * The counters.
     *
     * @return the counters (any thread).
     */
    public ToyCounters counters()
    {
        return counters;
    }

    /** Decodes each message in one pass into the model's pooled flyweights. */
    final class ToyMessageHandler implements MessageHandler
    {
        private static final byte[] ID = ascii("id");
        private static final byte[] CH = ascii("ch");
        private static final byte[] SYM = ascii("sym");
        private static final byte[] SEQ = ascii("seq");
        private static final byte[] PREV = ascii("prev");
        private static final byte[] SNAP = ascii("snap");
        private static final byte[] TS = ascii("ts");
        private static final byte[] BIDS = ascii("bids");
        private static final byte[] ASKS = ascii("asks");
        private static final byte[] PX = ascii("px");
        private static final byte[] QTY = ascii("qty");
        private static final byte[] SIDE = ascii("side");
        private static final byte[] BOOK = ascii("book");
        private static final byte[] TRADE = ascii("trade");
        private static final byte[] BUY = ascii("buy");

        private final JsonParser parser = new JsonParser();
        private final BookUpdate update = new BookUpdate();
        private final BookUpdate snapshotUpdate = new BookUpdate();
        private final Trade trade = new Trade();
        private final FeedStatus status = new FeedStatus();
        private final Decimal price = new Decimal();
        private final Decimal size = new Decimal();
        private OrderBook[] books = new OrderBook[8];
        private long id;
        private boolean isBook;
        private boolean isTrade;
        private int instrumentId;
        private long sequence;
        private long previous;
        private boolean snapshot;
        private long tsMs;
        private final JsonPayload snapshotParams = encoder -> encoder.startObject()
            .name("sym").string(registry.symbol(instrumentId)).endObject();

        @Override
        public boolean decode(final InboundMessage message)
        {
            final JsonParser parser = this.parser;
            id = NO_ID;
            isBook = false;
            isTrade = false;
            instrumentId = MarketEvent.NO_INSTRUMENT;
            sequence = BookUpdate.NO_SEQUENCE;
            previous = BookUpdate.NO_SEQUENCE;
            snapshot = false;
            tsMs = 0;
            update.reset(false);
            trade.tradeId().clear();
            trade.aggressor(Side.UNKNOWN);
            if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
                parser.nextToken() != JsonParser.START_OBJECT)
            {
                counters.malformed.increment();
                return false;
            }
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(ID))                          // a response's number or a trade's id
                {
                    final int token = parser.nextToken();
                    if (token == JsonParser.NUMBER)
                    {
                        id = parser.readLong();
                    }
                    else if (token == JsonParser.STRING)
                    {
                        trade.tradeId().set(parser.buffer(), parser.tokenOffset(), parser.stringLength());
                    }
                    else
                    {
                        parser.skipValue();
                    }
                }
                else if (parser.nameEquals(CH) && parser.nextToken() == JsonParser.STRING)
                {
                    isBook = parser.stringEquals(BOOK);
                    isTrade = parser.stringEquals(TRADE);
                }
                else if (parser.nameEquals(SYM) && parser.nextToken() == JsonParser.STRING)
                {
                    instrumentId = registry.instrument(venueId, parser.buffer(), parser.tokenOffset(),
                        parser.stringLength());                     // interned id, no String
                }
                else if (parser.nameEquals(SEQ) && parser.nextToken() == JsonParser.NUMBER)
                {
                    sequence = parser.readLong();
                }
                else if (parser.nameEquals(PREV) && parser.nextToken() == JsonParser.NUMBER)
                {
                    previous = parser.readLong();
                }
                else if (parser.nameEquals(SNAP) && parser.nextToken() != JsonParser.END_OBJECT)
                {
                    snapshot = parser.readBoolean();                // may come after the levels: see handle
                }
                else if (parser.nameEquals(TS) && parser.nextToken() == JsonParser.NUMBER)
                {
                    tsMs = parser.readLong();
                }
                else if (parser.nameEquals(BIDS) && parser.nextToken() == JsonParser.START_ARRAY)
                {
                    levels(BookSide.BID);
                }
                else if (parser.nameEquals(ASKS) && parser.nextToken() == JsonParser.START_ARRAY)
                {
                    levels(BookSide.ASK);
                }
                else if (parser.nameEquals(PX) && parser.nextToken() == JsonParser.STRING)
                {
                    parser.readDecimal(trade.price());               // exact: mantissa and scale, as sent
                }
                else if (parser.nameEquals(QTY) && parser.nextToken() == JsonParser.STRING)
                {
                    parser.readDecimal(trade.size());
                }
                else if (parser.nameEquals(SIDE) && parser.nextToken() == JsonParser.STRING)
                {
                    trade.aggressor(parser.stringEquals(BUY) ? Side.BUY : Side.SELL);
                }
                else
                {
                    parser.skipValue();                             // unknown field: skipped, any key order
                }
            }
            if (parser.hasError())
            {
                counters.malformed.increment();
                return false;
            }
            return true;
        }

        private void levels(final BookSide side)
        {
            final JsonParser parser = this.parser;
            while (parser.nextToken() == JsonParser.START_ARRAY)
            {
                parser.nextToken();
                parser.readDecimal(price);
                parser.nextToken();
                parser.readDecimal(size);
                parser.nextToken();                                 // the level's END_ARRAY
                update.addLevel(side, price, size);                 // size 0 deletes the level
            }
        }

        @Override
        public int classify(final InboundMessage message)
        {
            return id != NO_ID ? KIND_RESPONSE : isBook || isTrade ? KIND_DATA : KIND_IGNORE;
        }

        @Override
        public long responseId(final InboundMessage message)
        {
            return id;
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            if (instrumentId == InstrumentRegistry.NOT_FOUND || instrumentId == MarketEvent.NO_INSTRUMENT)
            {
                counters.unknownSymbols.increment();
                return;
            }
            final long venueTsNs = MarketEvent.millisToNanos(tsMs);
            if (isTrade)
            {
                trade.header(venueId, instrumentId, venueTsNs, message.receivedNs());
                listener.onTrade(trade);
                return;
            }
            final OrderBook book = book(instrumentId);
            final BookUpdate update = snapshot ? asSnapshot(this.update) : this.update;
            update.header(venueId, instrumentId, venueTsNs, message.receivedNs());
            update.sequences(sequence, sequence, snapshot ? BookUpdate.NO_SEQUENCE : previous);
            final int outcome = book.apply(update, TOY_RULE);             // the generic book, the venue's rule
            if (outcome == OrderBook.APPLIED_SNAPSHOT || outcome == OrderBook.APPLIED_DELTA)
            {
                listener.onBook(update, book);
            }
            else if (outcome == OrderBook.GAP)
            {
                counters.gaps.increment();
                status.header(venueId, instrumentId, venueTsNs, message.receivedNs());
                listener.onStatus(status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH)
                    .sequences(book.lastSequence(), previous).counters(book.gapCount(), 0));
                context.request("snapshot", snapshotParams);     // the venue answers with a snapshot message
                listener.onStatus(status.set(FeedState.RESYNC_STARTED, FeedReason.SEQUENCE_MISMATCH)
                    .counters(book.gapCount(), 1));
            }
            if (outcome == OrderBook.APPLIED_SNAPSHOT && book.snapshotCount() > 1)
            {
                listener.onStatus(status.set(FeedState.RESYNC_DONE, FeedReason.SEQUENCE_MISMATCH)
                    .counters(book.snapshotCount() - 1, 1));
            }
        }

        /** The levels were decoded before the snapshot flag may have been: copy them into the pooled snapshot. */
        private BookUpdate asSnapshot(final BookUpdate levels)
        {
            snapshotUpdate.reset(true);
            for (int i = 0; i < levels.levelCount(); i++)
            {
                snapshotUpdate.addLevel(levels.side(i), levels.price(i), levels.size(i));
            }
            return snapshotUpdate;
        }

        private OrderBook book(final int instrumentId)
        {
            if (instrumentId >= books.length)
            {
                books = Arrays.copyOf(books, Math.max(instrumentId + 1, books.length * 2));
            }
            OrderBook book = books[instrumentId];
            if (book == null)
            {
                book = new OrderBook(venueId, instrumentId);          // once per instrument and connection
                books[instrumentId] = book;
            }
            return book;
        }
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
