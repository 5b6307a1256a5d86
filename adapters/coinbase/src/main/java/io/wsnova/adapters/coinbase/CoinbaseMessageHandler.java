package io.wsnova.adapters.coinbase;

import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.CoinbaseSequenceRule;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import io.wsnova.market.SequenceVerdict;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the envelope of every Coinbase Advanced Trade message ({@code channel}, {@code timestamp},
 * {@code sequence_num}, {@code events[]}, or {@code {"type":"error","message":...}}), in any key order with unknown
 * fields skipped, checks the connection's {@code sequence_num} and hands each event to {@link CoinbaseEvents}.
 * <p>
 * Envelope first: the top-level fields are read in one pass that only notes where each event object starts and
 * ends, so an event is decoded knowing its channel whatever the key order.
 * <p>
 * Sequence: {@link CoinbaseSequenceRule} on every message that carries {@code sequence_num} (heartbeats and
 * subscription acks included); a message that repeats the last number is applied and counted, not a gap. A gap
 * is reported ({@code SEQUENCE_GAP}, connection-wide, expected/received) and every {@code level2} and
 * {@code market_trades} channel of the connection is resubscribed (unless already in flight): each book goes stale
 * ({@code RESYNC_STARTED}) until its fresh snapshot ({@code RESYNC_DONE}), and the trade snapshot refills the
 * trades lost in the gap (deduplicated by trade id). A snapshot overdue by {@link CoinbaseAdapter#SNAPSHOT_WAIT_MS}
 * is asked for again ({@link CoinbaseSnapshotWait}, checked at every message). A new socket (the session's epoch
 * moved) restarts the sequence and resyncs every book the same way, the engine's restore bringing the snapshots.
 * <p>
 * Answers: Coinbase's requests carry no id, so a {@code subscriptions} message or an {@code error} answers the
 * oldest request still unanswered ({@link CoinbaseSession#pendingRequestIds}).
 * <p>
 * One instance per connection, used by its message thread only; allocation-free after warm-up on data messages (a
 * new product, a gap and an answer to a request allocate: cold paths).
 */
final class CoinbaseMessageHandler implements MessageHandler
{
    static final int CHANNEL_NONE = 0;
    static final int CHANNEL_L2 = 1;
    static final int CHANNEL_MARKET_TRADES = 2;
    static final int CHANNEL_TICKER = 3;
    static final int CHANNEL_HEARTBEATS = 4;
    static final int CHANNEL_SUBSCRIPTIONS = 5;
    static final int CHANNEL_OTHER = 6;

    private static final byte[] CHANNEL = ascii("channel");
    private static final byte[] SEQUENCE_NUM = ascii("sequence_num");
    private static final byte[] TIMESTAMP = ascii("timestamp");
    private static final byte[] EVENTS = ascii("events");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] L2_DATA = ascii("l2_data");
    private static final byte[] LEVEL2 = ascii("level2");
    private static final byte[] MARKET_TRADES = ascii("market_trades");
    private static final byte[] TICKER = ascii("ticker");
    private static final byte[] TICKER_BATCH = ascii("ticker_batch");
    private static final byte[] HEARTBEATS = ascii("heartbeats");
    private static final byte[] SUBSCRIPTIONS = ascii("subscriptions");
    private static final String LEVEL2_PREFIX = "level2:";
    private static final String MARKET_TRADES_PREFIX = "market_trades:";
    private static final int INITIAL_EVENTS = 8;

    private final CoinbaseAdapter adapter;
    private final CoinbaseSession session;
    private final CoinbaseCounters counters;
    private final CoinbaseEvents events;
    private final JsonParser parser = new JsonParser();
    private final BookUpdate sequenceProbe = new BookUpdate();
    private final FeedStatus status = new FeedStatus();

    private int seenEpoch;
    private long lastSequence = BookUpdate.NO_SEQUENCE;
    private long gapCount;

    private int kind;
    private int channel;
    private long sequence;
    private long timestampNs;
    private int eventCount;
    private int[] eventStarts = new int[INITIAL_EVENTS];
    private int[] eventEnds = new int[INITIAL_EVENTS];

    CoinbaseMessageHandler(final CoinbaseAdapter adapter, final CoinbaseSession session)
    {
        this.adapter = adapter;
        this.session = session;
        this.counters = adapter.counters();
        this.events = new CoinbaseEvents(adapter, session);
        this.seenEpoch = session.epoch.get();
    }

    @Override
    public boolean decode(final InboundMessage message)
    {
        final int epoch = session.epoch.get();
        if (epoch != seenEpoch)
        {
            seenEpoch = epoch;
            lastSequence = BookUpdate.NO_SEQUENCE;
            events.restartSnapshotWaits();
            events.resyncAll(session.lastDisconnectReason, message.receivedNs());
        }
        events.checkSnapshotWaits(message.receivedNs());
        kind = KIND_IGNORE;
        channel = CHANNEL_NONE;
        sequence = BookUpdate.NO_SEQUENCE;
        timestampNs = MarketEvent.NO_TIMESTAMP;
        eventCount = 0;
        boolean error = false;
        final JsonParser parser = this.parser;
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return malformed();
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(CHANNEL))
            {
                if (parser.nextToken() != JsonParser.STRING)
                {
                    return malformed();
                }
                channel = channelOf(parser);
            }
            else if (parser.nameEquals(SEQUENCE_NUM))
            {
                parser.nextToken();
                if (parser.tryReadLong() != JsonParser.VALUE_EXACT)
                {
                    return malformed();
                }
                sequence = parser.longValue();
            }
            else if (parser.nameEquals(TIMESTAMP))
            {
                if (parser.nextToken() == JsonParser.STRING)
                {
                    final int length = parser.stringLength();
                    timestampNs = CoinbaseTime.parseNanos(parser.buffer(), parser.tokenOffset(), length);
                    if (timestampNs == CoinbaseTime.INVALID)
                    {
                        timestampNs = MarketEvent.NO_TIMESTAMP;
                    }
                }
                else
                {
                    parser.skipValue();
                }
            }
            else if (parser.nameEquals(TYPE))
            {
                error = parser.nextToken() == JsonParser.STRING && parser.stringEquals(ERROR);
                parser.skipValue();
            }
            else if (parser.nameEquals(EVENTS))
            {
                if (!noteEvents(parser))
                {
                    return malformed();
                }
            }
            else
            {
                parser.skipValue(); // client_id, message and unknown fields
            }
        }
        if (parser.hasError())
        {
            return malformed();
        }
        if (sequence != BookUpdate.NO_SEQUENCE)
        {
            checkSequence(message.receivedNs());
        }
        if (error)
        {
            counters.venueErrors.incrementAndGet();
            kind = KIND_RESPONSE;
        }
        else if (channel == CHANNEL_SUBSCRIPTIONS)
        {
            kind = KIND_RESPONSE;
        }
        else
        {
            kind = KIND_DATA;
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
        final Long id = session.pendingRequestIds.poll();
        return id != null ? id : NO_ID;
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        if (timestampNs != MarketEvent.NO_TIMESTAMP)
        {
            context.recordVenueTimestampUs(timestampNs / 1_000L);
        }
        final long receivedNs = message.receivedNs();
        switch (channel)
        {
            case CHANNEL_L2, CHANNEL_MARKET_TRADES, CHANNEL_TICKER ->
            {
                for (int i = 0; i < eventCount; i++)
                {
                    events.onEvent(channel, message, eventStarts[i], eventEnds[i] - eventStarts[i], sequence,
                        timestampNs, receivedNs);
                }
            }
            case CHANNEL_HEARTBEATS -> counters.heartbeats.incrementAndGet();
            default -> counters.unknownMessages.incrementAndGet();
        }
    }

    /**
     * Writes Coinbase's request: {@code {"type":"subscribe","channel":"level2","product_ids":[...]}} from the
     * method {@code subscribe:level2} and the params of {@link CoinbaseSubscriptionHandler}, and remembers the id:
     * the venue's answer carries none and is matched by order.
     */
    @Override
    public void encodeRequest(final long id, final String method, final JsonPayload params, final JsonEncoder encoder)
    {
        final int separator = method.indexOf(CoinbaseSubscriptionHandler.METHOD_SEPARATOR);
        encoder.startObject().name("type").string(separator < 0 ? method : method.substring(0, separator));
        if (params != null)
        {
            params.writeTo(encoder);
        }
        if (separator >= 0)
        {
            encoder.name("channel").string(method.substring(separator + 1));
        }
        encoder.endObject();
        session.pendingRequestIds.add(id);
    }

    /**
     * The events of this connection (message thread, tests).
     */
    CoinbaseEvents events()
    {
        return events;
    }

    private void checkSequence(final long receivedNs)
    {
        final long last = lastSequence;
        if (sequence == last)
        {
            // a repeat, not a gap: nothing was missed, and applying it again changes nothing (level2 sizes are
            // absolute, trades are deduplicated by id, tickers are whole)
            counters.repeatedSequences.incrementAndGet();
            return;
        }
        sequenceProbe.sequences(sequence, sequence, BookUpdate.NO_SEQUENCE);
        lastSequence = sequence;
        if (CoinbaseSequenceRule.INSTANCE.check(last, false, sequenceProbe) == SequenceVerdict.APPLY)
        {
            return;
        }
        gapCount++;
        counters.sequenceGaps.incrementAndGet();
        status.header(adapter.venueId(), MarketEvent.NO_INSTRUMENT, timestampNs, receivedNs);
        status.set(FeedState.SEQUENCE_GAP, FeedReason.SEQUENCE_MISMATCH).sequences(last + 1, sequence)
            .counters(gapCount, 0);
        adapter.listener().onStatus(status);
        resubscribeAfterGap(receivedNs);
    }

    /**
     * Resyncs every book and resubscribes every level2 and market_trades channel, except one whose resubscribe is
     * still in flight: a level2 book still waiting for its snapshot (that snapshot has not arrived, so it comes
     * after this gap and covers it), a market_trades channel whose request is still unanswered. Without this, gaps
     * faster than snapshots would queue two requests per channel per gap without bound.
     */
    private void resubscribeAfterGap(final long receivedNs)
    {
        final Connection connection = session.connection;
        final List<String> channels = new ArrayList<>();
        if (connection != null)
        {
            for (final Subscription subscription : connection.subscriptions())
            {
                final String name = subscription.channel();
                final boolean inFlight = subscription.state() == Subscription.State.PENDING;
                final boolean level2 = name.startsWith(LEVEL2_PREFIX);
                if (!level2 && !name.startsWith(MARKET_TRADES_PREFIX))
                {
                    continue;
                }
                if (level2 ? events.isResyncing(name.substring(LEVEL2_PREFIX.length())) : inFlight)
                {
                    counters.coalescedResubscribes.incrementAndGet();
                }
                else
                {
                    channels.add(name);
                }
            }
        }
        events.resyncAll(FeedReason.SEQUENCE_MISMATCH, receivedNs);
        for (final String channel : channels)
        {
            connection.resubscribe(channel);
        }
    }

    private boolean noteEvents(final JsonParser parser)
    {
        if (parser.nextToken() != JsonParser.START_ARRAY)
        {
            parser.skipValue();
            return false;
        }
        int token;
        while ((token = parser.nextToken()) != JsonParser.END_ARRAY)
        {
            if (token != JsonParser.START_OBJECT)
            {
                parser.skipValue();
                return false;
            }
            final int start = parser.tokenOffset();
            if (parser.skipValue() != JsonParser.END_OBJECT)
            {
                return false;
            }
            if (eventCount == eventStarts.length)
            {
                eventStarts = java.util.Arrays.copyOf(eventStarts, eventCount * 2);
                eventEnds = java.util.Arrays.copyOf(eventEnds, eventCount * 2);
            }
            eventStarts[eventCount] = start;
            eventEnds[eventCount] = parser.tokenOffset() + 1;
            eventCount++;
        }
        return true;
    }

    private static int channelOf(final JsonParser parser)
    {
        if (parser.stringEquals(L2_DATA) || parser.stringEquals(LEVEL2))
        {
            return CHANNEL_L2;
        }
        if (parser.stringEquals(MARKET_TRADES))
        {
            return CHANNEL_MARKET_TRADES;
        }
        if (parser.stringEquals(TICKER) || parser.stringEquals(TICKER_BATCH))
        {
            return CHANNEL_TICKER;
        }
        if (parser.stringEquals(HEARTBEATS))
        {
            return CHANNEL_HEARTBEATS;
        }
        if (parser.stringEquals(SUBSCRIPTIONS))
        {
            return CHANNEL_SUBSCRIPTIONS;
        }
        return CHANNEL_OTHER;
    }

    private boolean malformed()
    {
        counters.malformedMessages.incrementAndGet();
        kind = KIND_IGNORE;
        return false;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
