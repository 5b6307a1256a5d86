package io.wsnova.adapters.bybit;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Bybit's subscribe and unsubscribe: {@code {"req_id":"N","op":"subscribe","args":["orderbook.50.BTCUSDT",...]}}
 * (the envelope is written by {@link BybitMessageHandler#encodeRequest}), answered
 * {@code {"success":true,"ret_msg":"","conn_id":"...","req_id":"N","op":"subscribe"}}; a refusal is
 * {@code "success":false} with the venue's words in {@code ret_msg}, kept as the subscription's failure. A channel is
 * a topic as Bybit spells it. The engine restores (and retries) up to {@link #maxChannelsPerRequest()} topics per
 * request, so N topics cost {@code ceil(N / argsPerRequest)} requests. A response that lists {@code failTopics}
 * (the shape of Bybit's option category) refuses exactly the topics it lists.
 */
final class BybitSubscriptionHandler implements SubscriptionHandler
{
    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAIL_TOPICS = "failTopics".getBytes(StandardCharsets.US_ASCII);

    private final int argsPerRequest;
    private final BybitCounters counters;

    BybitSubscriptionHandler(final int argsPerRequest, final BybitCounters counters)
    {
        this.argsPerRequest = argsPerRequest;
        this.counters = counters;
    }

    @Override
    public String subscribeMethod(final String channel)
    {
        return SUBSCRIBE;
    }

    @Override
    public String unsubscribeMethod(final String channel)
    {
        return UNSUBSCRIBE;
    }

    @Override
    public JsonPayload requestParams(final String channel, final Map<String, ?> params)
    {
        return encoder -> encoder.startArray().string(channel).endArray();
    }

    @Override
    public int maxChannelsPerRequest()
    {
        return argsPerRequest;
    }

    @Override
    public JsonPayload batchRequestParams(final List<String> channels)
    {
        return encoder ->
        {
            encoder.startArray();
            for (int i = 0; i < channels.size(); i++)
            {
                encoder.string(channels.get(i));
            }
            encoder.endArray();
        };
    }

    @Override
    public boolean isConfirmed(final String channel, final Response response)
    {
        final boolean confirmed = !SubscriptionHandler.isRefusal(response) && !listedAsFailed(channel, response);
        if (!confirmed)
        {
            counters.refusals.incrementAndGet();
        }
        return confirmed;
    }

    /**
     * Whether {@code data.failTopics} names the channel (control plane: allocates).
     */
    static boolean listedAsFailed(final String channel, final Response response)
    {
        final String json = response.json();
        if (json == null || !json.contains("failTopics"))
        {
            return false;
        }
        final byte[] expected = channel.getBytes(StandardCharsets.UTF_8);
        final JsonParser parser = new JsonParser();
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (parser.wrap(bytes, 0, bytes.length) != JsonParser.ERROR_NONE ||
            parser.nextToken() != JsonParser.START_OBJECT)
        {
            return false;
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(DATA) && parser.nextToken() == JsonParser.START_OBJECT)
            {
                while (parser.nextToken() == JsonParser.FIELD_NAME)
                {
                    if (parser.nameEquals(FAIL_TOPICS) && parser.nextToken() == JsonParser.START_ARRAY)
                    {
                        int token = parser.nextToken();
                        while (token == JsonParser.STRING)
                        {
                            if (parser.stringEquals(expected))
                            {
                                return true;
                            }
                            token = parser.nextToken();
                        }
                        return false;
                    }
                    parser.skipValue();
                }
                return false;
            }
            parser.skipValue();
        }
        return false;
    }
}
