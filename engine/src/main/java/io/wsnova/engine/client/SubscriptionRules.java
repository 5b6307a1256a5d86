package io.wsnova.engine.client;

import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure rules of the subscription manager: how channels are batched into requests, and which failures are
 * temporary (retried) or final.
 */
final class SubscriptionRules
{
    private SubscriptionRules()
    {
    }

    /**
     * The subscribe requests for these channels, in the order they go out: batched per method where the handler
     * allows it ({@link SubscriptionHandler#maxChannelsPerRequest()} above 1) and the channel has no extra params,
     * else one per channel. A batch goes out as soon as it is full; the partial ones after every channel.
     */
    static List<List<SubscriptionState>> batches(
        final List<SubscriptionState> subscriptions, final SubscriptionHandler handler)
    {
        final List<List<SubscriptionState>> ordered = new ArrayList<>();
        final int limit = Math.max(1, handler.maxChannelsPerRequest());
        final Map<String, List<SubscriptionState>> open = new LinkedHashMap<>();
        for (final SubscriptionState subscription : subscriptions)
        {
            if (limit > 1 && subscription.params().isEmpty())
            {
                final String method = handler.subscribeMethod(subscription.channel());
                final List<SubscriptionState> batch = open.computeIfAbsent(method, m -> new ArrayList<>());
                batch.add(subscription);
                if (batch.size() == limit)
                {
                    ordered.add(open.remove(method));
                }
            }
            else
            {
                ordered.add(List.of(subscription));
            }
        }
        ordered.addAll(open.values());
        return ordered;
    }

    /**
     * Whether a failed subscribe request is retried (the channel stays pending).
     */
    static boolean isTemporary(final Throwable error)
    {
        if (!(error instanceof RequestException failure))
        {
            return false;
        }
        return switch (failure.kind())
        {
            case TIMEOUT, DISCONNECTED, NOT_CONNECTED, RATE_LIMITED, SEND_FAILED -> true;
            default -> false;
        };
    }

    /**
     * Whether an unsubscribe failed only because the socket is gone (then nothing is subscribed anyway).
     */
    static boolean isGone(final RequestException.Kind kind)
    {
        return kind == RequestException.Kind.DISCONNECTED || kind == RequestException.Kind.NOT_CONNECTED;
    }

    /**
     * The failure a final refusal completes the user's future with.
     */
    static RequestException refused(final String channel, final Response response, final Throwable error)
    {
        if (response == null)
        {
            return new RequestException(RequestException.Kind.SEND_FAILED, 0,
                "subscription to " + channel + " failed: " + (error == null ? "no response" : error.toString()));
        }
        final String venueMessage = SubscriptionHandler.refusalMessage(response);
        return new RequestException(RequestException.Kind.REMOTE_ERROR, response.errorCode(),
            "subscription to " + channel + " refused" + (venueMessage == null ? "" : ": " + venueMessage));
    }
}
