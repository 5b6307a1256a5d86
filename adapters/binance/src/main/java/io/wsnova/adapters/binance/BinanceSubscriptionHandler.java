package io.wsnova.adapters.binance;

import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.List;
import java.util.Map;

/**
 * Binance's live subscribe and unsubscribe: {@code {"method":"SUBSCRIBE","params":["btcusdt@trade",...],"id":N}},
 * answered {@code {"result":null,"id":N}}; a refusal carries {@code code} and {@code msg}. A channel is a stream
 * name as Binance spells it ({@code btcusdt@depth@100ms}). The engine restores (and retries) up to
 * {@link #maxChannelsPerRequest()} streams per request.
 */
final class BinanceSubscriptionHandler implements SubscriptionHandler
{
    static final String SUBSCRIBE = "SUBSCRIBE";
    static final String UNSUBSCRIBE = "UNSUBSCRIBE";

    private final int maxStreamsPerRequest;

    BinanceSubscriptionHandler(final int maxStreamsPerRequest)
    {
        this.maxStreamsPerRequest = maxStreamsPerRequest;
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
        return maxStreamsPerRequest;
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
        if (SubscriptionHandler.isRefusal(response))
        {
            return false;
        }
        final String result = response.resultJson();
        return result == null || "null".equals(result);
    }
}
