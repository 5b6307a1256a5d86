package io.wsnova.engine.docs;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An adapter for AcmeExchange, a fictional venue speaking plain JSON:
 * requests  {"id":1,"op":"subscribe","args":{"channel":"ticker.BTC-USD"}},
 * responses {"id":1,"result":"subscribed"} or {"id":1,"error":{"code":404,"message":"unknown channel"}},
 * tickers   {"type":"ticker","symbol":"BTC-USD","bid":100.5,"ask":101,"ts":1700000000000},
 * heartbeat {"type":"ping","ts":1700000000000}, answered with {"type":"pong","ts":1700000000000}.
 */
public final class AcmeAdapterExample implements Adapter
{
    /** Receives tickers on the message thread; the ticker is reused by the next message. */
    public interface AcmeListener
    {
        void onTicker(AcmeTicker ticker);
    }

    /** A pooled ticker: prices are exact decimals, nothing is a String. */
    public static final class AcmeTicker
    {
        public final StringBuilder symbol = new StringBuilder(16);
        public final Decimal bid = new Decimal();
        public final Decimal ask = new Decimal();
        public long timestampMs;
    }

    private final AcmeListener listener;

    public AcmeAdapterExample(final AcmeListener listener)
    {
        this.listener = listener;
    }

    @Override
    public NovaOptions defaultOptions()
    {
        return NovaOptions.builder()
            .host("stream.acme.example")
            .path("/v1/ws")
            .keepalive(0, 0)                       // Acme pings in JSON, not with WebSocket pings,
            .set(Option.IDLE_TIMEOUT_MS, 30_000L)  // and a connection silent for 30 s is dead
            .build();
    }

    @Override
    public SubscriptionHandler subscriptionHandler()
    {
        // The methods "subscribe" and "unsubscribe" are the defaults; Acme wants one channel per request.
        return new SubscriptionHandler()
        {
            @Override
            public JsonPayload requestParams(final String channel, final Map<String, ?> params)
            {
                return encoder -> encoder.startObject().name("channel").string(channel).endObject();
            }

            @Override
            public boolean isConfirmed(final String channel, final Response response)
            {
                // Refuse every failure shape (a JSON-RPC error, "success":false, a non-zero "code", ...), then
                // require Acme's own success answer; the engine keeps the venue's message of a refusal.
                return !SubscriptionHandler.isRefusal(response) && "\"subscribed\"".equals(response.resultJson());
            }
        };
    }

    @Override
    public MessageHandler messageHandler()
    {
        return new AcmeMessageHandler(listener); // one per connection: it owns its parser and ticker
    }

    /** Decodes each message in one pass into reused objects: nothing is allocated per message. */
    static final class AcmeMessageHandler implements MessageHandler
    {
        private static final byte[] ID = ascii("id");
        private static final byte[] TYPE = ascii("type");
        private static final byte[] SYMBOL = ascii("symbol");
        private static final byte[] BID = ascii("bid");
        private static final byte[] ASK = ascii("ask");
        private static final byte[] TS = ascii("ts");
        private static final byte[] TICKER = ascii("ticker");
        private static final byte[] PING = ascii("ping");

        private final JsonParser parser = new JsonParser();
        private final AcmeTicker ticker = new AcmeTicker();
        private final AcmeListener listener;
        private final JsonPayload pong = encoder -> encoder.startObject()
            .name("type").string("pong").name("ts").number(ticker.timestampMs).endObject();
        private long id;
        private int kind;

        AcmeMessageHandler(final AcmeListener listener)
        {
            this.listener = listener;
        }

        @Override
        public boolean decode(final InboundMessage message)
        {
            final JsonParser parser = this.parser;
            id = NO_ID;
            kind = KIND_IGNORE;
            if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
                parser.nextToken() != JsonParser.START_OBJECT)
            {
                return false;
            }
            ticker.symbol.setLength(0);
            ticker.bid.setNull();
            ticker.ask.setNull();
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(ID) && parser.nextToken() == JsonParser.NUMBER)
                {
                    id = parser.readLong();
                    kind = KIND_RESPONSE;
                }
                else if (parser.nameEquals(TYPE) && parser.nextToken() == JsonParser.STRING)
                {
                    kind = parser.stringEquals(TICKER) ? KIND_DATA : parser.stringEquals(PING) ? KIND_HEARTBEAT : kind;
                }
                else if (parser.nameEquals(SYMBOL) && parser.nextToken() == JsonParser.STRING)
                {
                    parser.readString(ticker.symbol);
                }
                else if (parser.nameEquals(BID) && parser.nextToken() == JsonParser.NUMBER)
                {
                    parser.readDecimal(ticker.bid);
                }
                else if (parser.nameEquals(ASK) && parser.nextToken() == JsonParser.NUMBER)
                {
                    parser.readDecimal(ticker.ask);
                }
                else if (parser.nameEquals(TS) && parser.nextToken() == JsonParser.NUMBER)
                {
                    ticker.timestampMs = parser.readLong();
                }
                else
                {
                    parser.skipValue(); // unknown field, or a known one with an unexpected type
                }
            }
            return !parser.hasError();
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
            if (kind == KIND_HEARTBEAT)
            {
                context.replyJson(pong); // echoes the ping's ts, encoded straight into the send buffer
            }
            else
            {
                listener.onTicker(ticker);
            }
        }

        @Override
        public void encodeRequest(
            final long id, final String method, final JsonPayload params, final JsonEncoder encoder)
        {
            encoder.startObject().name("id").number(id).name("op").string(method).name("args");
            if (params == null)
            {
                encoder.startObject().endObject();
            }
            else
            {
                params.writeTo(encoder);
            }
            encoder.endObject();
        }

        private static byte[] ascii(final String text)
        {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
