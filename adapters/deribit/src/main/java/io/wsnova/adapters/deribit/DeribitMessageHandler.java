package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.jsonrpc.ChannelHandler;
import io.wsnova.engine.jsonrpc.JsonRpcMessageHandler;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The Deribit message behaviour of one connection: JSON-RPC responses matched by id (inherited); notifications
 * decoded into pooled objects and handed to the {@link DeribitMarketListener}: {@code ticker.*} into a
 * {@link DeribitTicker}, {@code book.*} applied to the channel's {@link DeribitOrderBook} (with gap detection and
 * resync, see {@link DeribitBookChannel}), each element of a {@code trades.*} array into a {@link DeribitTrade},
 * {@code quote.*} into a {@link DeribitQuote}; {@code heartbeat} notifications of type {@code test_request}
 * answered with {@code public/test} (every time: the server closes a connection that does not answer); every other
 * notification delivered raw.
 * <p>
 * Message thread only; allocation-free after warm-up for market data and heartbeats (the {@code public/test}
 * request and a book resync are control-plane requests). New channel kinds are added as further
 * {@link #route} calls. The handler learns its connection from the first message it handles (a notification or a
 * heartbeat); from then on its {@link DeribitBookLifecycle} can request resyncs and marks every book stale when the
 * connection drops.
 */
final class DeribitMessageHandler extends JsonRpcMessageHandler
{
    static final String TEST_METHOD = "public/test";

    private static final byte[] PARAMS = ascii("params");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] TEST_REQUEST = ascii("test_request");

    private final DeribitMarketListener listener;
    private final DeribitMarketBridge bridge;
    private final DeribitNumberCounters numberCounters;
    private final DeribitResubscriber resubscriber = new DeribitResubscriber();
    private final DeribitBookLifecycle bookLifecycle;
    private final DeribitBookChannel bookChannel;
    private boolean connectionKnown;
    private final JsonParser heartbeatParser = new JsonParser(256, 1 << 16, JsonParser.DEFAULT_MAX_DEPTH);
    private long heartbeats;
    private long testRequestsAnswered;

    DeribitMessageHandler(final DeribitMarketListener listener)
    {
        this(listener, new DeribitNumberCounters(), new AtomicLongArray(DeribitBookStatus.count()),
            DeribitBookTimer.shared(), DeribitAdapter.DEFAULT_BOOK_RESYNC_TIMEOUT_MS,
            DeribitAdapter.DEFAULT_BOOK_RESYNC_BACKOFF_MS, DeribitAdapter.DEFAULT_BOOK_RESYNC_MAX_TRIES);
    }

    DeribitMessageHandler(
        final DeribitMarketListener listener,
        final DeribitNumberCounters numberCounters,
        final AtomicLongArray bookStatusCounts,
        final DeribitBookTimer bookTimer,
        final long resyncTimeoutMs,
        final long resyncBackoffMs,
        final int resyncMaxTries)
    {
        this(listener, null, numberCounters, bookStatusCounts, bookTimer, resyncTimeoutMs, resyncBackoffMs,
            resyncMaxTries);
    }

    DeribitMessageHandler(
        final DeribitMarketListener deribitListener,
        final DeribitMarketBridge bridge,
        final DeribitNumberCounters numberCounters,
        final AtomicLongArray bookStatusCounts,
        final DeribitBookTimer bookTimer,
        final long resyncTimeoutMs,
        final long resyncBackoffMs,
        final int resyncMaxTries)
    {
        final DeribitMarketListener listener = bridge != null ? bridge : deribitListener;
        this.bridge = bridge;
        this.listener = listener;
        this.numberCounters = numberCounters;
        this.bookLifecycle = new DeribitBookLifecycle(listener, bookStatusCounts, bookTimer, resubscriber,
            resyncTimeoutMs, resyncBackoffMs, resyncMaxTries);
        this.bookChannel = new DeribitBookChannel(listener, bookLifecycle, bridge);
        route("ticker.", new CountingChannel(new TickerChannel(listener), numberCounters));
        route("book.", new CountingChannel(bookChannel, numberCounters));
        route("trades.", new CountingChannel(new TradesChannel(listener, numberCounters), numberCounters));
        route("quote.", new CountingChannel(new QuoteChannel(listener), numberCounters));
    }

    /**
     * Inexact numbers delivered and malformed trades skipped (shared by every connection of the adapter).
     *
     * @return the counters.
     */
    DeribitNumberCounters numberCounters()
    {
        return numberCounters;
    }

    /**
     * The book of a {@code book.*} channel (message thread, or tests).
     *
     * @return the book, or null before the channel's first notification.
     */
    DeribitOrderBook book(final String channel)
    {
        return bookChannel.book(channel);
    }

    /**
     * Book resubscriptions started after a resync.
     *
     * @return the count.
     */
    long resubscriptions()
    {
        return resubscriber.requested();
    }

    /**
     * Book resubscriptions that failed.
     *
     * @return the count.
     */
    long failedResubscriptions()
    {
        return resubscriber.failed();
    }

    /**
     * The book lifecycle of this connection (tests).
     */
    DeribitBookLifecycle bookLifecycle()
    {
        return bookLifecycle;
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        if (!connectionKnown)
        {
            final Connection connection = context.connection();
            if (connection != null)
            {
                connectionKnown = true;
                bookLifecycle.connection(connection);
            }
        }
        if (bridge != null)
        {
            bridge.onMessage(message);
        }
        super.handle(message, context);
    }

    @Override
    protected void onHeartbeat(final InboundMessage message, final MessageContext context)
    {
        heartbeats++;
        if (isTestRequest(message))
        {
            context.request(TEST_METHOD, null);
            testRequestsAnswered++;
        }
    }

    @Override
    protected void onUnknownChannel(final InboundMessage message, final MessageContext context)
    {
        listener.onRaw(message);
    }

    /**
     * Heartbeat notifications received (written by the message thread).
     *
     * @return the count.
     */
    long heartbeats()
    {
        return heartbeats;
    }

    /**
     * {@code test_request} heartbeats answered with {@code public/test} (written by the message thread).
     *
     * @return the count.
     */
    long testRequestsAnswered()
    {
        return testRequestsAnswered;
    }

    /**
     * Whether a heartbeat notification's {@code params.type} is {@code test_request}; re-parses the (short)
     * message, since the JSON-RPC base skips heartbeat params.
     */
    private boolean isTestRequest(final InboundMessage message)
    {
        final JsonParser parser = heartbeatParser;
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return false;
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (!parser.nameEquals(PARAMS))
            {
                parser.skipValue();
                continue;
            }
            if (parser.nextToken() != JsonParser.START_OBJECT)
            {
                return false;
            }
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(TYPE))
                {
                    return parser.nextToken() == JsonParser.STRING && parser.stringEquals(TEST_REQUEST);
                }
                parser.skipValue();
            }
            return false;
        }
        return false;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@code ticker.{instrument}.{interval}}: decodes {@code data} into the pooled ticker.
     */
    private static final class TickerChannel implements ChannelHandler
    {
        private final DeribitTicker ticker = new DeribitTicker();
        private final DeribitMarketListener listener;
        private boolean decoded;

        TickerChannel(final DeribitMarketListener listener)
        {
            this.listener = listener;
        }

        @Override
        public boolean decode(
            final JsonParser parser, final byte[] channel, final int channelOffset, final int channelLength)
        {
            return decoded = DeribitTickerDecoder.decode(parser, ticker);
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            if (!decoded)
            {
                return; // handled without a decode of its own: never deliver the previous ticker again
            }
            decoded = false;
            context.recordVenueTimestampMs(ticker.timestampMs());
            listener.onTicker(ticker);
        }
    }

    /**
     * Counts the inexact numbers of every decoded notification ({@link JsonParser#inexactNumberCount()} before and
     * after the channel's decode), whichever parser the engine decodes the data with.
     */
    private static final class CountingChannel implements ChannelHandler
    {
        private final ChannelHandler channel;
        private final DeribitNumberCounters counters;

        CountingChannel(final ChannelHandler channel, final DeribitNumberCounters counters)
        {
            this.channel = channel;
            this.counters = counters;
        }

        @Override
        public boolean decode(
            final JsonParser parser, final byte[] channel, final int channelOffset, final int channelLength)
        {
            final long before = parser.inexactNumberCount();
            final boolean decoded = this.channel.decode(parser, channel, channelOffset, channelLength);
            final long inexact = parser.inexactNumberCount() - before;
            if (decoded && inexact != 0L)
            {
                counters.addInexactValues(inexact);
            }
            return decoded;
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            channel.handle(message, context);
        }
    }

    /**
     * {@code trades.*}: decodes the {@code data} array, then delivers each valid trade in order (a malformed one is
     * skipped alone and counted).
     */
    private static final class TradesChannel implements ChannelHandler
    {
        private final DeribitTradesDecoder decoder = new DeribitTradesDecoder();
        private final DeribitMarketListener listener;
        private final DeribitNumberCounters counters;
        private boolean decoded;

        TradesChannel(final DeribitMarketListener listener, final DeribitNumberCounters counters)
        {
            this.listener = listener;
            this.counters = counters;
        }

        @Override
        public boolean decode(
            final JsonParser parser, final byte[] channel, final int channelOffset, final int channelLength)
        {
            decoded = decoder.decode(parser);
            if (decoded && decoder.skippedInMessage() > 0)
            {
                counters.addSkippedTrades(decoder.skippedInMessage());
            }
            return decoded;
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            if (!decoded)
            {
                return; // handled without a decode of its own: never deliver the previous trades again
            }
            decoded = false;
            final DeribitTradesDecoder decoder = this.decoder;
            if (decoder.count() > 0)
            {
                context.recordVenueTimestampMs(decoder.trade(0).timestampMs());
            }
            for (int i = 0, n = decoder.count(); i < n; i++)
            {
                listener.onTrade(decoder.trade(i));
            }
        }
    }

    /**
     * {@code quote.{instrument}}: decodes {@code data} into the pooled quote.
     */
    private static final class QuoteChannel implements ChannelHandler
    {
        private final DeribitQuote quote = new DeribitQuote();
        private final DeribitMarketListener listener;
        private boolean decoded;

        QuoteChannel(final DeribitMarketListener listener)
        {
            this.listener = listener;
        }

        @Override
        public boolean decode(
            final JsonParser parser, final byte[] channel, final int channelOffset, final int channelLength)
        {
            return decoded = quote.decode(parser);
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            if (!decoded)
            {
                return; // handled without a decode of its own: never deliver the previous quote again
            }
            decoded = false;
            context.recordVenueTimestampMs(quote.timestampMs());
            listener.onQuote(quote);
        }
    }
}
