package io.wsnova.adapters.deribit;

import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.TestConnection;
import io.wsnova.testkit.TestServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small Deribit-speaking JSON-RPC server on 127.0.0.1 for adapter tests, built on the testkit's
 * {@link TestServer} (the full mock exchange is wsnova-mock): public/auth with both grants (signature checked with
 * its own HMAC, not the adapter's), set_heartbeat, test, subscribe/unsubscribe answered with the channels list,
 * and notifications pushed on demand. Records every request it receives.
 */
final class DeribitTestServer implements AutoCloseable
{
    static final String CLIENT_ID = "wsnova-test-client";
    static final String CLIENT_SECRET = "s3cr3t-XYZZY-never-printed";
    static final String ACCESS_TOKEN = "1582628593469.ACCESS-TOKEN-never-printed";
    static final String REFRESH_TOKEN = "1582628593469.REFRESH-TOKEN-never-printed";

    private static final Pattern CHANNELS = Pattern.compile("\"channels\"\\s*:\\s*\\[([^\\]]*)]");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private static final long WAIT_MS = 5_000;

    private final TestServer server;
    private final Set<String> refusedChannels = ConcurrentHashMap.newKeySet();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Map<String, String> openOrders = new ConcurrentHashMap<>();
    private final AtomicInteger orderIds = new AtomicInteger(584849853);
    private volatile java.util.function.Consumer<TestServer.Request> beforeSubscribeAnswer = request -> { };
    private volatile long expiresInS = 31536000;
    private volatile boolean refuseAuth;

    private DeribitTestServer() throws IOException
    {
        server = TestServer.rpc(this::answer);
    }

    static DeribitTestServer launch() throws IOException
    {
        return new DeribitTestServer();
    }

    String url()
    {
        return server.url("/ws/api/v2");
    }

    int connectionsOpened()
    {
        return server.upgraded();
    }

    /**
     * The path of every upgrade request, in accept order.
     */
    List<String> resources()
    {
        final List<String> resources = new ArrayList<>();
        for (final TestConnection connection : server.connections())
        {
            final String request = connection.request();
            if (request != null)
            {
                resources.add(request.substring(request.indexOf(' ') + 1, request.indexOf(" HTTP/")));
            }
        }
        return resources;
    }

    /**
     * The {@code expires_in} of every auth result from now on.
     */
    void expiresInS(final long seconds)
    {
        expiresInS = seconds;
    }

    /**
     * Runs before the answer to every subscribe (e.g. to send notifications ahead of the result).
     */
    void beforeSubscribeAnswer(final java.util.function.Consumer<TestServer.Request> action)
    {
        beforeSubscribeAnswer = action;
    }

    /**
     * Every authentication from now on is refused with 13004 invalid_credentials.
     */
    void refuseAuth()
    {
        refuseAuth = true;
    }

    /**
     * Subscribing to this channel is answered with a result list that omits it.
     */
    void refuse(final String channel)
    {
        refusedChannels.add(channel);
    }

    /**
     * The next request with this method is answered with this error (once); with {@code closeAfter}, the server
     * then closes the connection with 1000, as Deribit ends the session after {@code too_many_requests}.
     */
    void failNext(final String method, final int code, final String message, final boolean closeAfter)
    {
        failures.put(method, new Failure(code, message, closeAfter));
    }

    /**
     * The next request received with this method, waiting up to 5 s.
     */
    String nextRequest(final String method) throws InterruptedException
    {
        return server.next(method, WAIT_MS).text();
    }

    void push(final String json)
    {
        server.push(json);
    }

    void closeAll(final int code, final String reason)
    {
        server.closeAll(code, reason);
    }

    /**
     * The request with its id replaced by {@code N}, for exact comparisons.
     */
    static String withoutId(final String request)
    {
        return JsonRpc.withoutId(request);
    }

    static String stringField(final String name, final String json)
    {
        return JsonRpc.stringField(name, json);
    }

    static long numberField(final String name, final String json)
    {
        return JsonRpc.numberField(name, json);
    }

    static String hmacSha256Hex(final String key, final String text)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private String answer(final TestServer.Request request)
    {
        final String method = request.method();
        final long id = request.id();
        final String message = request.text();
        if (method == null || id < 0)
        {
            return null;
        }
        if (method.endsWith("/subscribe"))
        {
            beforeSubscribeAnswer.accept(request);
        }
        final Failure failure = failures.remove(method);
        if (failure != null)
        {
            request.reply(error(id, failure.code, failure.message));
            if (failure.closeAfter)
            {
                try
                {
                    request.peer().sendClose(1000, failure.message);
                }
                catch (final IOException ignore)
                {
                    // already gone
                }
            }
            return null;
        }
        return switch (method)
        {
            case "public/auth" -> auth(id, message);
            case "public/set_heartbeat" -> numberField("interval", message) >= 10 ? result(id, "\"ok\"") :
                error(id, -32602, "Invalid params");
            case "public/test" -> result(id, "{\"version\":\"1.2.26\"}");
            case "public/subscribe", "private/subscribe", "public/unsubscribe", "private/unsubscribe" ->
                result(id, channelsResult(message));
            case "private/buy" -> result(id, placeOrder("buy", message));
            case "private/sell" -> result(id, placeOrder("sell", message));
            case "private/cancel" -> cancel(id, stringField("order_id", message));
            default -> error(id, -32601, "Method not found");
        };
    }

    private String auth(final long id, final String message)
    {
        final String grant = stringField("grant_type", message);
        final boolean accepted = switch (grant == null ? "" : grant)
        {
            case "client_credentials" -> CLIENT_ID.equals(stringField("client_id", message)) &&
                CLIENT_SECRET.equals(stringField("client_secret", message));
            case "client_signature" -> CLIENT_ID.equals(stringField("client_id", message)) &&
                hmacSha256Hex(CLIENT_SECRET, numberField("timestamp", message) + "\n" +
                stringField("nonce", message) + "\n" + stringField("data", message))
                    .equals(stringField("signature", message));
            case "refresh_token" -> REFRESH_TOKEN.equals(stringField("refresh_token", message));
            default -> false;
        };
        if (!accepted || refuseAuth)
        {
            return error(id, 13004, "invalid_credentials");
        }
        return result(id, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":" + expiresInS +
            ",\"refresh_token\":\"" +
            REFRESH_TOKEN + "\",\"scope\":\"connection mainaccount\",\"enabled_features\":[]," +
            "\"token_type\":\"bearer\"}");
    }

    /**
     * A market order fills at once with one trade, in the shape (and, for the reference request, the values) of the
     * reference's private/buy example; a limit order rests, open.
     */
    private String placeOrder(final String direction, final String message)
    {
        final String instrument = stringField("instrument_name", message);
        final String amount = numberText("amount", message);
        final String type = stringField("type", message);
        final String label = stringField("label", message) == null ? "" : stringField("label", message);
        final String postOnly = String.valueOf(message.contains("\"post_only\":true"));
        final String reduceOnly = String.valueOf(message.contains("\"reduce_only\":true"));
        final String timeInForce = stringField("time_in_force", message) == null ? "good_til_cancelled" :
            stringField("time_in_force", message);
        final String orderId = instrument.substring(0, instrument.indexOf('-')) + "-" + orderIds.getAndIncrement();
        if ("market".equals(type))
        {
            return "{\"trades\":[{\"trade_seq\":1966056,\"trade_id\":\"ETH-2696083\",\"timestamp\":1590483938456," +
                "\"tick_direction\":0,\"state\":\"filled\",\"reduce_only\":" + reduceOnly + ",\"price\":203.3," +
                "\"post_only\":" + postOnly + ",\"order_type\":\"market\",\"order_id\":\"" + orderId + "\"," +
                "\"matching_id\":null,\"mark_price\":203.28,\"liquidity\":\"T\",\"label\":\"" + label + "\"," +
                "\"instrument_name\":\"" + instrument + "\",\"index_price\":203.33,\"fee_currency\":\"ETH\"," +
                "\"fee\":0.00014757,\"direction\":\"" + direction + "\",\"amount\":" + amount + "}]," +
                "\"order\":{\"web\":false,\"time_in_force\":\"" + timeInForce + "\",\"replaced\":false," +
                "\"reduce_only\":" + reduceOnly + ",\"price\":207.3,\"post_only\":" + postOnly + "," +
                "\"order_type\":\"market\",\"order_state\":\"filled\",\"order_id\":\"" + orderId + "\"," +
                "\"max_show\":" + amount + ",\"last_update_timestamp\":1590483938456,\"label\":\"" + label + "\"," +
                "\"is_rebalance\":false,\"is_liquidation\":false,\"instrument_name\":\"" + instrument + "\"," +
                "\"filled_amount\":" + amount + ",\"direction\":\"" + direction + "\"," +
                "\"creation_timestamp\":1590483938456,\"average_price\":203.3,\"api\":true,\"amount\":" + amount +
                "}}";
        }
        final String order = "{\"web\":false,\"time_in_force\":\"" + timeInForce + "\",\"replaced\":false," +
            "\"reduce_only\":" + reduceOnly + ",\"price\":" + numberText("price", message) + ",\"post_only\":" +
            postOnly + ",\"order_type\":\"" + type + "\",\"order_state\":\"%s\",\"order_id\":\"" + orderId +
            "\",\"max_show\":" + amount + ",\"last_update_timestamp\":1590483938457,\"label\":\"" + label +
            "\",\"is_rebalance\":false,\"is_liquidation\":false,\"instrument_name\":\"" + instrument +
            "\",\"filled_amount\":0,\"direction\":\"" + direction + "\",\"creation_timestamp\":1590483938457," +
            "\"average_price\":0,\"api\":true,\"amount\":" + amount + "}";
        openOrders.put(orderId, order);
        return "{\"trades\":[],\"order\":" + order.formatted("open") + "}";
    }

    private String cancel(final long id, final String orderId)
    {
        final String order = orderId == null ? null : openOrders.remove(orderId);
        return order == null ? error(id, 10004, "order_not_found") : result(id, order.formatted("cancelled"));
    }

    static String numberText(final String name, final String json)
    {
        return JsonRpc.numberText(name, json);
    }

    private record Failure(int code, String message, boolean closeAfter)
    {
    }

    private String channelsResult(final String message)
    {
        final Matcher channels = CHANNELS.matcher(message);
        final List<String> accepted = new ArrayList<>();
        if (channels.find())
        {
            final Matcher quoted = QUOTED.matcher(channels.group(1));
            while (quoted.find())
            {
                if (!refusedChannels.contains(quoted.group(1)))
                {
                    accepted.add("\"" + quoted.group(1) + "\"");
                }
            }
        }
        return "[" + String.join(",", accepted) + "]";
    }

    static String result(final long id, final String resultJson)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + resultJson +
            ",\"usIn\":1655393625889396,\"usOut\":1655393625889518,\"usDiff\":122,\"testnet\":true}";
    }

    static String error(final long id, final int code, final String message)
    {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"message\":\"" + message + "\",\"code\":" + code +
            "},\"usIn\":1655391709417993,\"usOut\":1655391709418049,\"usDiff\":56,\"testnet\":true}";
    }

    @Override
    public void close()
    {
        server.close();
    }
}
