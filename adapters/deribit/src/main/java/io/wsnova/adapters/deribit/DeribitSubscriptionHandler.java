package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.nio.charset.StandardCharsets;

/**
 * Deribit subscriptions: {@code public/subscribe} and {@code public/unsubscribe} with
 * {@code {"channels":[channel]}} (plus any extra params, e.g. {@code label}), and {@code private/*} for the
 * {@code user.*} channels, which need an authenticated connection. A subscription is confirmed only when the
 * response's {@code result} list names the channel: Deribit answers with the channels it actually subscribed.
 * <p>
 * Batching: both methods take a channel list, so the engine restores (and retries) up to
 * {@link #MAX_CHANNELS_PER_REQUEST} channels per request, one request per method (public, private): restoring
 * N channels costs O(1) requests and credits instead of N. A refusal with a rate-limit, retry or maintenance code
 * ({@link DeribitError.Kind}) is temporary: the engine keeps the channel pending and asks again with backoff.
 * Stateless; control plane.
 */
final class DeribitSubscriptionHandler implements SubscriptionHandler
{
    static final DeribitSubscriptionHandler INSTANCE = new DeribitSubscriptionHandler();

    /** Channels per subscribe request when restoring or retrying. */
    static final int MAX_CHANNELS_PER_REQUEST = 500;

    private static final String PRIVATE_PREFIX = "user.";
    private static final byte[] RESULT = "result".getBytes(StandardCharsets.US_ASCII);

    private DeribitSubscriptionHandler()
    {
    }

    @Override
    public String subscribeMethod(final String channel)
    {
        return isPrivate(channel) ? "private/subscribe" : "public/subscribe";
    }

    @Override
    public String unsubscribeMethod(final String channel)
    {
        return isPrivate(channel) ? "private/unsubscribe" : "public/unsubscribe";
    }

    @Override
    public int maxChannelsPerRequest()
    {
        return MAX_CHANNELS_PER_REQUEST;
    }

    @Override
    public boolean isTemporaryRefusal(final String channel, final Response response)
    {
        if (!response.isError())
        {
            return false;
        }
        final DeribitError.Kind kind = DeribitError.of(response.errorCode()).kind();
        return kind == DeribitError.Kind.RATE_LIMIT || kind == DeribitError.Kind.RETRY ||
            kind == DeribitError.Kind.MAINTENANCE;
    }

    @Override
    public boolean isConfirmed(final String channel, final Response response)
    {
        if (response.isError())
        {
            return false;
        }
        final JsonParser parser = response.parse(new JsonParser());
        if (parser.nextToken() != JsonParser.START_OBJECT)
        {
            return false;
        }
        final byte[] expected = channel.getBytes(StandardCharsets.UTF_8);
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (!parser.nameEquals(RESULT))
            {
                parser.skipValue();
                continue;
            }
            if (parser.nextToken() != JsonParser.START_ARRAY)
            {
                return false;
            }
            while (parser.nextToken() == JsonParser.STRING)
            {
                if (parser.stringEquals(expected))
                {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    static boolean isPrivate(final String channel)
    {
        return channel.startsWith(PRIVATE_PREFIX);
    }

    @Override
    public String toString()
    {
        return "DeribitSubscriptionHandler";
    }
}
