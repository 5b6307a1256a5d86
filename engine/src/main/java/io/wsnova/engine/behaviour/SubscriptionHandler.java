package io.wsnova.engine.behaviour;

import io.wsnova.engine.Response;

import java.util.Map;

/**
 * Subscription behaviour: which request subscribes to or unsubscribes from a channel, and what a response means.
 * The engine keeps the subscription registry (states, find by channel, active list) and sends the requests
 * built here through the request path, so they are matched to their responses by id.
 */
public interface SubscriptionHandler
{
    /**
     * The request method that subscribes.
     *
     * @param channel the channel.
     * @return the method, e.g. {@code "public/subscribe"}; the default is {@code "subscribe"}.
     */
    default String subscribeMethod(final String channel)
    {
        return "subscribe";
    }

    /**
     * The request method that unsubscribes.
     *
     * @param channel the channel.
     * @return the method; the default is {@code "unsubscribe"}.
     */
    default String unsubscribeMethod(final String channel)
    {
        return "unsubscribe";
    }

    /**
     * The params of a subscribe or unsubscribe request. The default is {@code {"channels":[channel], ...params}}.
     *
     * @param channel the channel.
     * @param params  extra params given by the caller (may be empty).
     * @return the params writer.
     */
    default JsonPayload requestParams(final String channel, final Map<String, ?> params)
    {
        return encoder ->
        {
            encoder.startObject().name("channels").startArray().string(channel).endArray();
            JsonValues.writeFields(encoder, params);
            encoder.endObject();
        };
    }

    /**
     * Whether a subscribe response confirms the channel. The default accepts any success response whose result
     * is absent or mentions the channel.
     *
     * @param channel  the channel.
     * @param response the response.
     * @return true if subscribed.
     */
    default boolean isConfirmed(final String channel, final Response response)
    {
        if (response.isError())
        {
            return false;
        }
        final String result = response.resultJson();
        return result == null || result.equals("true") || result.equals("\"ok\"") ||
            result.contains("\"" + channel + "\"");
    }
}
