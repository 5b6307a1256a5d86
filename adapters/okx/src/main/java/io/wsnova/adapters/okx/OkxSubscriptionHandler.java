package io.wsnova.adapters.okx;

import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.List;
import java.util.Map;

/**
 * OKX's subscribe and unsubscribe: {@code {"op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"}]}}.
 * The venue answers each arg with {@code {"event":"subscribe","arg":{...},"connId":"..."}} and a refusal with
 * {@code {"event":"error","code":"60018","msg":"...","connId":"..."}} (no id, no arg): the message handler
 * ({@link OkxRequests}) gathers the answers of one request into one response listing the confirmed channels under
 * {@code "acked"}, which {@link #isConfirmed} reads. A batch restore carries up to {@link #maxChannelsPerRequest()}
 * args.
 */
final class OkxSubscriptionHandler implements SubscriptionHandler
{
    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";

    private final int maxArgsPerRequest;

    OkxSubscriptionHandler(final int maxArgsPerRequest)
    {
        this.maxArgsPerRequest = maxArgsPerRequest;
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
        return new OkxArgs(List.of(channel));
    }

    @Override
    public int maxChannelsPerRequest()
    {
        return maxArgsPerRequest;
    }

    @Override
    public JsonPayload batchRequestParams(final List<String> channels)
    {
        return new OkxArgs(channels);
    }

    @Override
    public boolean isConfirmed(final String channel, final Response response)
    {
        return OkxRequests.acked(response.json(), channel);
    }

    /**
     * OKX's "requests too frequent" (60014), "system busy" (50011, 50013) and "internal error" (63999) are
     * answered again later; every other refusal (an unknown channel or instrument, 60018) is final.
     */
    @Override
    public boolean isTemporaryRefusal(final String channel, final Response response)
    {
        final String json = response.json();
        return json.contains("\"60014\"") || json.contains("\"50011\"") || json.contains("\"50013\"") ||
            json.contains("\"63999\"");
    }
}
