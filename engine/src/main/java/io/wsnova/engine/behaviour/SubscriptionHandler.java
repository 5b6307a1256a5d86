package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.JsonPayload;

import io.wsnova.engine.api.Response;

import java.util.List;
import java.util.Map;

/**
 * The venue's subscription protocol: which request subscribes to or unsubscribes from a channel (method, params,
 * batching), and what a response means (confirmed, refused for good, refused for now). It neither sends nor keeps
 * state; the engine does both.
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
     * How many channels one subscribe request may carry. Above 1, the engine restores (and retries) the
     * subscriptions that share a {@link #subscribeMethod} and have no extra params with
     * {@link #batchRequestParams} requests of up to this many channels, so restoring N channels costs
     * {@code ceil(N / limit)} requests per method instead of N; each channel of a batch is then judged on its own
     * by {@link #isConfirmed} against the batch's response. The default is 1: one request per channel.
     *
     * @return the limit, {@code >= 1}.
     */
    default int maxChannelsPerRequest()
    {
        return 1;
    }

    /**
     * The params of a subscribe request for several channels; called only when {@link #maxChannelsPerRequest()}
     * is above 1, with channels of the same {@link #subscribeMethod}. The default is {@code {"channels":[...]}}.
     *
     * @param channels the channels, at most {@link #maxChannelsPerRequest()}.
     * @return the params writer.
     */
    default JsonPayload batchRequestParams(final List<String> channels)
    {
        return encoder ->
        {
            encoder.startObject().name("channels").startArray();
            for (int i = 0; i < channels.size(); i++)
            {
                encoder.string(channels.get(i));
            }
            encoder.endArray().endObject();
        };
    }

    /**
     * Whether a subscribe response confirms the channel. The default refuses a response that reports a failure in
     * any of the usual shapes ({@link #isRefusal}), then accepts one whose {@code result} is absent, {@code true},
     * {@code "ok"}, or mentions the channel in quotes.
     *
     * @param channel  the channel.
     * @param response the response.
     * @return true if subscribed.
     */
    default boolean isConfirmed(final String channel, final Response response)
    {
        if (isRefusal(response))
        {
            return false;
        }
        final String result = response.resultJson();
        return result == null || result.equals("true") || result.equals("\"ok\"") ||
            result.contains("\"" + channel + "\"");
    }

    /**
     * Whether a response reports a failure, in any of the shapes venues use. True for:
     * <ul>
     *   <li>a JSON-RPC {@code error} member ({@link Response#isError()});</li>
     *   <li>a top-level {@code "success": false};</li>
     *   <li>a top-level {@code "error"} that is not {@code null}, {@code false} or {@code ""};</li>
     *   <li>a top-level {@code "code"}, {@code "retCode"} or {@code "ret_code"} that is not {@code 0} or
     *   {@code "0"};</li>
     *   <li>a top-level {@code "event": "error"} or {@code "status": "error"}.</li>
     * </ul>
     * A handler that confirms with its own rules should refuse these too.
     *
     * @param response the response.
     * @return true when the venue said no.
     */
    static boolean isRefusal(final Response response)
    {
        return response.isError() || ResponseShape.of(response).refused;
    }

    /**
     * The venue's own words for a refusal, kept in the subscription's failure: the JSON-RPC
     * {@code error.message}, else the first top-level {@code ret_msg}, {@code retMsg}, {@code msg},
     * {@code message}, {@code errorMessage}, a string {@code error}, or an {@code error} object's {@code message}
     * or {@code msg}.
     *
     * @param response the response.
     * @return the message, or null when the response has none.
     */
    static String refusalMessage(final Response response)
    {
        if (response.isError() && response.errorMessage() != null)
        {
            return response.errorMessage();
        }
        return ResponseShape.of(response).message;
    }

    /**
     * Whether a refusal is temporary (the venue's rate limit, maintenance, an overloaded matching engine): the
     * engine then keeps the subscription pending and asks again with backoff instead of failing it. The default
     * is false: every refusal is final.
     *
     * @param channel  the channel.
     * @param response the refusing response.
     * @return true to retry.
     */
    default boolean isTemporaryRefusal(final String channel, final Response response)
    {
        return false;
    }
}
