package io.wsnova.adapters.coinbase;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.SubscriptionHandler;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Coinbase's subscribe and unsubscribe: one message per channel, {@code {"type":"subscribe","product_ids":[...],
 * "channel":"level2"}}. A wsnova channel is {@code <channel>:<product>} ({@code level2:BTC-USD},
 * {@code market_trades:BTC-USD}, {@code ticker:BTC-USD}) or a channel without product ({@code heartbeats}); the
 * method names the Coinbase channel ({@code subscribe:level2}), so the engine batches every product of one channel
 * into one request when it restores or retries (up to {@link #maxChannelsPerRequest()} products a request). The
 * request is written by {@link CoinbaseMessageHandler#encodeRequest}. The venue answers with a
 * {@code subscriptions} message (confirmed) or {@code {"type":"error","message":"..."}} (refused for good, with
 * the venue's message; a batch is refused as a whole).
 */
final class CoinbaseSubscriptionHandler implements SubscriptionHandler
{
    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";
    static final char METHOD_SEPARATOR = ':';
    static final char CHANNEL_SEPARATOR = ':';

    private static final byte[] TYPE = "type".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);

    private final int maxProductsPerRequest;

    CoinbaseSubscriptionHandler(final int maxProductsPerRequest)
    {
        this.maxProductsPerRequest = maxProductsPerRequest;
    }

    /**
     * The Coinbase channel of a wsnova channel.
     *
     * @param channel {@code level2:BTC-USD} or {@code heartbeats}.
     * @return {@code level2} or {@code heartbeats}.
     */
    static String venueChannel(final String channel)
    {
        final int separator = channel.indexOf(CHANNEL_SEPARATOR);
        return separator < 0 ? channel : channel.substring(0, separator);
    }

    /**
     * The product of a wsnova channel.
     *
     * @param channel {@code level2:BTC-USD} or {@code heartbeats}.
     * @return {@code BTC-USD}, or null for a channel without product.
     */
    static String product(final String channel)
    {
        final int separator = channel.indexOf(CHANNEL_SEPARATOR);
        return separator < 0 || separator == channel.length() - 1 ? null : channel.substring(separator + 1);
    }

    @Override
    public String subscribeMethod(final String channel)
    {
        return SUBSCRIBE + METHOD_SEPARATOR + venueChannel(channel);
    }

    @Override
    public String unsubscribeMethod(final String channel)
    {
        return UNSUBSCRIBE + METHOD_SEPARATOR + venueChannel(channel);
    }

    @Override
    public JsonPayload requestParams(final String channel, final Map<String, ?> params)
    {
        final String product = product(channel);
        return encoder ->
        {
            encoder.name("product_ids").startArray();
            if (product != null)
            {
                encoder.string(product);
            }
            encoder.endArray();
        };
    }

    @Override
    public int maxChannelsPerRequest()
    {
        return maxProductsPerRequest;
    }

    @Override
    public JsonPayload batchRequestParams(final List<String> channels)
    {
        return encoder ->
        {
            encoder.name("product_ids").startArray();
            for (int i = 0; i < channels.size(); i++)
            {
                final String product = product(channels.get(i));
                if (product != null)
                {
                    encoder.string(product);
                }
            }
            encoder.endArray();
        };
    }

    @Override
    public boolean isConfirmed(final String channel, final Response response)
    {
        return !SubscriptionHandler.isRefusal(response) && !isVenueError(response);
    }

    /**
     * Whether a response is Coinbase's {@code {"type":"error",...}} (control plane: allocates).
     */
    static boolean isVenueError(final Response response)
    {
        final JsonParser parser = response.parse(new JsonParser());
        if (parser.nextToken() != JsonParser.START_OBJECT)
        {
            return false;
        }
        while (parser.nextToken() == JsonParser.FIELD_NAME)
        {
            if (parser.nameEquals(TYPE))
            {
                return parser.nextToken() == JsonParser.STRING && parser.stringEquals(ERROR);
            }
            parser.skipValue();
        }
        return false;
    }
}
