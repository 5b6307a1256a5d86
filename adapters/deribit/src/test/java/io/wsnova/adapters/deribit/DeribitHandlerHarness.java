package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.PriceLevels;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Drives a {@link DeribitMessageHandler} the way the engine's message path does (decode, classify, handle) with
 * messages in off-heap buffers at an offset, and records what reaches the listener.
 */
final class DeribitHandlerHarness
{
    static final int OFFSET = 11;

    static final String BOOK_CHANNEL = "book.BTC-PERPETUAL.100ms";
    static final String REFERENCE_SNAPSHOT = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
        "\"channel\":\"book.BTC-PERPETUAL.100ms\",\"data\":{" +
        "\"type\":\"snapshot\",\"timestamp\":1554373962454,\"instrument_name\":\"BTC-PERPETUAL\"," +
        "\"change_id\":297217," +
        "\"bids\":[[\"new\",5042.34,30],[\"new\",5041.94,20]]," +
        "\"asks\":[[\"new\",5042.64,40],[\"new\",5043.3,40]]}}}";
    static final String REFERENCE_CHANGE = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
        "\"channel\":\"book.BTC-PERPETUAL.100ms\",\"data\":{" +
        "\"type\":\"change\",\"timestamp\":1554373911330,\"prev_change_id\":297217," +
        "\"instrument_name\":\"BTC-PERPETUAL\",\"change_id\":297218," +
        "\"bids\":[[\"delete\",5041.94,0],[\"delete\",5042.34,0]],\"asks\":[]}}}";
    static final String REFERENCE_TRADES = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
        "\"channel\":\"trades.BTC-PERPETUAL.100ms\",\"data\":[" +
        "{\"trade_seq\":30289442,\"trade_id\":\"48079269\",\"timestamp\":1590484512188,\"tick_direction\":2," +
        "\"price\":8950,\"mark_price\":8948.9,\"instrument_name\":\"BTC-PERPETUAL\",\"index_price\":8955.88," +
        "\"direction\":\"sell\",\"amount\":10}]}}";
    static final String QUOTE = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
        "\"channel\":\"quote.BTC-PERPETUAL\",\"data\":{\"timestamp\":1550658624149," +
        "\"instrument_name\":\"BTC-PERPETUAL\",\"best_bid_price\":3914.97,\"best_bid_amount\":40," +
        "\"best_ask_price\":3996.61,\"best_ask_amount\":50.0}}}";

    final Recorder listener = new Recorder();
    final Context context = new Context();
    final ManualBookTimer timer = new ManualBookTimer();
    final DeribitMessageHandler handler = new DeribitMessageHandler(listener, new DeribitNumberCounters(),
        new AtomicLongArray(DeribitBookStatus.count()), timer,
        DeribitAdapter.DEFAULT_BOOK_RESYNC_TIMEOUT_MS, DeribitAdapter.DEFAULT_BOOK_RESYNC_BACKOFF_MS,
        DeribitAdapter.DEFAULT_BOOK_RESYNC_MAX_TRIES);
    private final InboundMessage message = new InboundMessage();

    static String book(final String channel, final String data)
    {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"" + channel +
            "\",\"data\":" + data + "}}";
    }

    static String snapshot(final long changeId, final String bids, final String asks)
    {
        return book(BOOK_CHANNEL, "{\"type\":\"snapshot\",\"timestamp\":1,\"instrument_name\":\"BTC-PERPETUAL\"," +
            "\"change_id\":" + changeId + ",\"bids\":[" + bids + "],\"asks\":[" + asks + "]}");
    }

    static String change(final long prevChangeId, final long changeId, final String bids, final String asks)
    {
        return book(BOOK_CHANNEL, "{\"type\":\"change\",\"timestamp\":2,\"prev_change_id\":" + prevChangeId +
            ",\"instrument_name\":\"BTC-PERPETUAL\",\"change_id\":" + changeId + ",\"bids\":[" + bids +
            "],\"asks\":[" + asks + "]}");
    }

    static UnsafeBuffer offHeap(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + bytes.length));
        buffer.putBytes(OFFSET, bytes);
        return buffer;
    }

    static int length(final String json)
    {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    int receive(final String json)
    {
        return receive(offHeap(json), length(json));
    }

    /**
     * Decodes and handles one message; a malformed message throws (use {@link #decodes} to test rejection).
     */
    int receive(final DirectBuffer buffer, final int length)
    {
        message.wrap(InboundMessage.TEXT, buffer, OFFSET, length, 0L);
        if (!handler.decode(message))
        {
            throw new AssertionError("malformed: " + message.asString());
        }
        final int kind = handler.classify(message);
        if (kind != MessageHandler.KIND_RESPONSE)
        {
            handler.handle(message, context);
        }
        return kind;
    }

    boolean decodes(final String json)
    {
        message.wrap(InboundMessage.TEXT, offHeap(json), OFFSET, length(json), 0L);
        return handler.decode(message);
    }

    DeribitOrderBook book()
    {
        return handler.book(BOOK_CHANNEL);
    }

    /**
     * The best {@code levels} of a side as {@code [["price","amount"],...]}.
     */
    static String levels(final PriceLevels side, final int levels)
    {
        return side.appendLevels(levels, new StringBuilder()).toString();
    }

    static final class Recorder implements DeribitMarketListener
    {
        final List<String> trades = new ArrayList<>();
        final List<String> quotes = new ArrayList<>();
        final List<String> resyncs = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> raw = new ArrayList<>();
        boolean recordText = true;
        long books;
        long tradeCount;
        long quoteCount;
        long checksum;

        @Override
        public void onBook(final DeribitOrderBook book)
        {
            books++;
            checksum += book.changeId();
        }

        @Override
        public void onResync(final DeribitOrderBook book, final DeribitBookResync reason)
        {
            resyncs.add(book.channel() + " " + reason);
        }

        @Override
        public void onBookStatus(final DeribitOrderBook book, final DeribitBookStatus status)
        {
            statuses.add(status + (book.isStale() ? " stale" : " live"));
        }

        @Override
        public void onTrade(final DeribitTrade trade)
        {
            tradeCount++;
            checksum += trade.tradeSeq() + trade.price().mantissa();
            if (recordText)
            {
                trades.add(trade.toString());
            }
        }

        @Override
        public void onQuote(final DeribitQuote quote)
        {
            quoteCount++;
            checksum += quote.timestampMs() + quote.bestBidPrice().mantissa();
            if (recordText)
            {
                quotes.add(quote.toString());
            }
        }

        @Override
        public void onRaw(final InboundMessage message)
        {
            raw.add(message.asString());
        }
    }

    static final class Context implements MessageContext
    {
        Connection connection;
        final List<String> requests = new ArrayList<>();

        @Override
        public Connection connection()
        {
            return connection;
        }

        @Override
        public int reply(final CharSequence text)
        {
            return 0;
        }

        @Override
        public int reply(final DirectBuffer buffer, final int offset, final int length)
        {
            return 0;
        }

        @Override
        public int replyJson(final JsonPayload payload)
        {
            return 0;
        }

        @Override
        public long request(final String method, final JsonPayload params)
        {
            requests.add(method);
            return requests.size();
        }

        @Override
        public void close(final int code, final String reason)
        {
        }
    }
}
