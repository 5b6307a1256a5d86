package io.wsnova.adapters.okx;

import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.OrderBook;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes OKX v5 public messages: the envelope here ({@code arg}, {@code action}, {@code event}, {@code code},
 * {@code msg}, {@code data}; keys in any order, unknown fields skipped), the {@code data} items in
 * {@link OkxDataDecoder}. Events ({@code subscribe}, {@code unsubscribe}, {@code error}) are matched to requests by
 * {@link OkxRequests} and handed to the engine as responses; {@code notice} is counted. A data message is scanned
 * up to its {@code data} array in {@link #decode} and its items decoded and dispatched in {@link #handle} (when
 * {@code data} comes before {@code arg} or {@code action}, the message is read a second time). The text
 * {@code pong} (normally consumed by the heartbeat) is ignored.
 * <p>
 * One instance per connection, used by its message thread only (and {@link #encodeRequest} by the sending threads,
 * which touches only {@link OkxRequests}); allocation-free after warm-up on the data path.
 */
final class OkxMessageHandler implements MessageHandler
{
    private static final int EVENT_NONE = 0;
    private static final int EVENT_SUBSCRIBE = 1;
    private static final int EVENT_UNSUBSCRIBE = 2;
    private static final int EVENT_ERROR = 3;
    private static final int EVENT_NOTICE = 4;
    private static final int EVENT_OTHER = 5;
    private static final int DATA_NONE = 0;
    private static final int DATA_HERE = 1;
    private static final int DATA_SKIPPED = 2;

    private static final byte[] ARG = OkxChannels.ascii("arg");
    private static final byte[] CHANNEL = OkxChannels.ascii("channel");
    private static final byte[] INST_ID = OkxChannels.ascii("instId");
    private static final byte[] ACTION = OkxChannels.ascii("action");
    private static final byte[] EVENT = OkxChannels.ascii("event");
    private static final byte[] CODE = OkxChannels.ascii("code");
    private static final byte[] MSG = OkxChannels.ascii("msg");
    private static final byte[] DATA = OkxChannels.ascii("data");
    private static final byte[] SNAPSHOT = OkxChannels.ascii("snapshot");
    private static final byte[] UPDATE = OkxChannels.ascii("update");
    private static final byte[] SUBSCRIBE = OkxChannels.ascii("subscribe");
    private static final byte[] UNSUBSCRIBE = OkxChannels.ascii("unsubscribe");
    private static final byte[] ERROR = OkxChannels.ascii("error");
    private static final byte[] NOTICE = OkxChannels.ascii("notice");
    private static final byte[] PONG = OkxChannels.ascii("pong");

    private final OkxAdapter adapter;
    private final OkxCounters counters;
    private final OkxSession session;
    private final JsonParser parser = new JsonParser();
    private final OkxDataDecoder data;
    private final StringBuilder code = new StringBuilder(16);
    private final StringBuilder msg = new StringBuilder(128);
    private final boolean[] matched = new boolean[1];

    private final byte[] channel = new byte[64];
    private int channelLength;
    private final byte[] instrument = new byte[128];
    private int instrumentLength;

    private int kind;
    private int action;
    private int event;
    private int dataState;
    private int messageKind;
    private OkxRequests.Pending answered;
    private int seenEpoch;

    OkxMessageHandler(final OkxAdapter adapter, final OkxSession session)
    {
        this.adapter = adapter;
        this.counters = adapter.counters();
        this.session = session;
        this.data = new OkxDataDecoder(adapter, parser);
    }

    @Override
    public boolean decode(final InboundMessage message)
    {
        final JsonParser parser = this.parser;
        messageKind = KIND_IGNORE;
        kind = OkxChannels.UNKNOWN;
        action = OkxDataDecoder.ACTION_NONE;
        event = EVENT_NONE;
        dataState = DATA_NONE;
        channelLength = -1;
        instrumentLength = -1;
        answered = null;
        code.setLength(0);
        msg.setLength(0);
        checkEpoch(message.receivedNs());
        if (isPong(message))
        {
            return true;
        }
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return malformed();
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(DATA))
            {
                if (parser.nextToken() == JsonParser.START_ARRAY && channelLength >= 0 && event == EVENT_NONE &&
                    (action != OkxDataDecoder.ACTION_NONE || !OkxChannels.isIncremental(kind)))
                {
                    dataState = DATA_HERE;
                    break;
                }
                parser.skipValue();
                dataState = DATA_SKIPPED;
            }
            else if (!envelopeField())
            {
                return malformed();
            }
        }
        if (parser.hasError())
        {
            return malformed();
        }
        if (event != EVENT_NONE)
        {
            return onEvent();
        }
        if (dataState == DATA_NONE || channelLength < 0 || kind == OkxChannels.UNKNOWN)
        {
            counters.unknownMessages.incrementAndGet();
            return true;
        }
        if (OkxChannels.isIncremental(kind) && action == OkxDataDecoder.ACTION_NONE)
        {
            return malformed();
        }
        messageKind = KIND_DATA;
        return true;
    }

    @Override
    public int classify(final InboundMessage message)
    {
        return messageKind;
    }

    @Override
    public long responseId(final InboundMessage message)
    {
        return answered == null ? NO_ID : answered.id;
    }

    @Override
    public Response toResponse(final long id, final InboundMessage message)
    {
        return OkxRequests.response(answered);
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        final JsonParser parser = this.parser;
        if (messageKind != KIND_DATA)
        {
            return;
        }
        if (dataState == DATA_SKIPPED && !seekData(message))
        {
            malformed();
            return;
        }
        if (!data.decodeData(kind, action, instrument, instrumentLength, channel, channelLength,
            message.receivedNs()) || parser.hasError())
        {
            malformed();
        }
        data.sendResyncs(context, message.receivedNs());
    }

    @Override
    public void encodeRequest(final long id, final String method, final JsonPayload params, final JsonEncoder encoder)
    {
        encoder.startObject().name("op").string(method).name("args");
        if (params == null)
        {
            encoder.startArray().endArray();
        }
        else
        {
            params.writeTo(encoder);
        }
        encoder.endObject();
        final boolean subscribe = OkxSubscriptionHandler.SUBSCRIBE.equals(method);
        if (params instanceof OkxArgs args)
        {
            session.requests.record(id, subscribe, args.internal(), args.channels());
        }
        else
        {
            session.requests.record(id, subscribe, false, List.of());
        }
    }

    /**
     * The book of a channel on this connection (message thread, tests).
     */
    OrderBook book(final String channel)
    {
        return data.book(channel);
    }

    private boolean envelopeField()
    {
        final JsonParser parser = this.parser;
        if (parser.nameEquals(ARG))
        {
            if (parser.nextToken() != JsonParser.START_OBJECT)
            {
                return parser.skipValue() != JsonParser.ERROR;
            }
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(CHANNEL))
                {
                    parser.nextToken();
                    channelLength = copyString(channel);
                    kind = channelLength < 0 ? OkxChannels.UNKNOWN : OkxChannels.kind(channel, channelLength);
                }
                else if (parser.nameEquals(INST_ID))
                {
                    parser.nextToken();
                    instrumentLength = copyString(instrument);
                }
                else
                {
                    parser.nextToken();
                    parser.skipValue();
                }
            }
            return !parser.hasError();
        }
        if (parser.nameEquals(ACTION))
        {
            parser.nextToken();
            action = parser.stringEquals(SNAPSHOT) ? OkxDataDecoder.ACTION_SNAPSHOT :
                parser.stringEquals(UPDATE) ? OkxDataDecoder.ACTION_UPDATE : OkxDataDecoder.ACTION_NONE;
            return true;
        }
        if (parser.nameEquals(EVENT))
        {
            parser.nextToken();
            event = parser.stringEquals(SUBSCRIBE) ? EVENT_SUBSCRIBE : parser.stringEquals(UNSUBSCRIBE) ?
                EVENT_UNSUBSCRIBE : parser.stringEquals(ERROR) ? EVENT_ERROR : parser.stringEquals(NOTICE) ?
                EVENT_NOTICE : EVENT_OTHER;
            return true;
        }
        if (parser.nameEquals(CODE))
        {
            parser.nextToken();
            appendScalar(code);
            return true;
        }
        if (parser.nameEquals(MSG))
        {
            parser.nextToken();
            appendScalar(msg);
            return true;
        }
        parser.nextToken();
        return parser.skipValue() != JsonParser.ERROR;
    }

    private boolean onEvent()
    {
        final OkxRequests requests = session.requests;
        if (event == EVENT_SUBSCRIBE || event == EVENT_UNSUBSCRIBE)
        {
            final String key = channelKey();
            final OkxRequests.Pending done = key == null ? null :
                requests.onAck(event == EVENT_SUBSCRIBE, key, matched);
            if (key == null || !matched[0])
            {
                counters.unmatchedEvents.incrementAndGet();
                return true;
            }
            if (done != null)
            {
                answered = done;
                messageKind = KIND_RESPONSE;
            }
            return true;
        }
        if (event == EVENT_ERROR)
        {
            counters.refusals.incrementAndGet();
            final OkxRequests.Pending done = requests.onError(code.toString(), msg.toString());
            if (done == null)
            {
                counters.unmatchedEvents.incrementAndGet();
                return true;
            }
            if (done.internal && done.subscribe)
            {
                data.onResyncRefused(done.channels, code, System.nanoTime());
            }
            answered = done;
            messageKind = KIND_RESPONSE;
            return true;
        }
        if (event == EVENT_NOTICE)
        {
            counters.notices.incrementAndGet();
            return true;
        }
        counters.unknownMessages.incrementAndGet();
        return true;
    }

    private boolean seekData(final InboundMessage message)
    {
        final JsonParser parser = this.parser;
        if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return false;
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(DATA))
            {
                return parser.nextToken() == JsonParser.START_ARRAY;
            }
            parser.nextToken();
            parser.skipValue();
        }
        return false;
    }

    private void checkEpoch(final long receivedNs)
    {
        final int epoch = session.epoch.get();
        if (epoch != seenEpoch)
        {
            seenEpoch = epoch;
            data.onNewSocket(session.lastDisconnectReason, receivedNs);
        }
    }

    private String channelKey()
    {
        if (channelLength < 0)
        {
            return null;
        }
        final String name = new String(channel, 0, channelLength, StandardCharsets.UTF_8);
        return instrumentLength < 0 ? name : name + ':' +
            new String(instrument, 0, instrumentLength, StandardCharsets.UTF_8);
    }

    private int copyString(final byte[] dst)
    {
        final JsonParser parser = this.parser;
        if (parser.token() != JsonParser.STRING)
        {
            parser.skipValue();
            return -1;
        }
        final int length = parser.stringLength();
        if (length < 0 || length > dst.length)
        {
            return -1;
        }
        System.arraycopy(parser.buffer(), parser.tokenOffset(), dst, 0, length);
        return length;
    }

    private void appendScalar(final StringBuilder dst)
    {
        final JsonParser parser = this.parser;
        final int token = parser.token();
        if (token == JsonParser.STRING)
        {
            parser.readString(dst);
        }
        else if (token == JsonParser.NUMBER)
        {
            final byte[] bytes = parser.buffer();
            for (int i = parser.tokenOffset(), end = i + parser.tokenLength(); i < end; i++)
            {
                dst.append((char)bytes[i]);
            }
        }
        else
        {
            parser.skipValue();
        }
    }

    private static boolean isPong(final InboundMessage message)
    {
        if (message.length() != PONG.length)
        {
            return false;
        }
        for (int i = 0; i < PONG.length; i++)
        {
            if (message.buffer().getByte(message.offset() + i) != PONG[i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean malformed()
    {
        counters.malformedMessages.incrementAndGet();
        messageKind = KIND_IGNORE;
        return false;
    }
}
