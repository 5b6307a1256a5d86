package io.wsnova.mock.deribit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON-RPC 2.0 dispatcher: parses a request, charges credits, rejects during maintenance, runs the method and
 * sends the response with the venue's {@code usIn/usOut/usDiff/testnet} members.
 * <p>
 * Thread use: called on the Java-WebSocket worker thread of the connection; never throws (an exception is counted
 * and answered with {@code -32603 Internal error}).
 */
final class MockRpc
{
    static final String VERSION_RESULT = "{\"version\":\"1.2.26\"}";

    private final MockDeribitExchange exchange;
    private final MockDeribitConfig config;
    private final MockDeribitStats stats;
    private final MockAuth auth;
    private final MockOrders orders;
    private final Map<String, MockChannel> channelByNameMap;

    MockRpc(final MockDeribitExchange exchange, final MockAuth auth, final MockOrders orders,
        final Map<String, MockChannel> channelByNameMap)
    {
        this.exchange = exchange;
        this.config = exchange.config();
        this.stats = exchange.stats();
        this.auth = auth;
        this.orders = orders;
        this.channelByNameMap = channelByNameMap;
    }

    void onMessage(final MockSession session, final String text)
    {
        if (exchange.isSilent())
        {
            stats.inputIgnored.incrementAndGet();
            return;
        }
        final long usIn = MockDeribitExchange.nowUs();
        session.onRequest();
        stats.requestsReceived.incrementAndGet();
        Object id = null;
        try
        {
            final Object parsed = MockJson.parse(text);
            if (parsed == MockJson.INVALID)
            {
                send(session, null, new MockReply().error(MockErrors.PARSE_ERROR, "Parse error"), usIn);
                return;
            }
            if (!(parsed instanceof Map<?, ?> request))
            {
                send(session, null, new MockReply().error(MockErrors.INVALID_REQUEST, "Invalid Request"), usIn);
                return;
            }
            final Object requestId = request.get("id");
            if (!(requestId instanceof String) && !(requestId instanceof BigDecimal))
            {
                send(session, null, new MockReply().error(MockErrors.INVALID_REQUEST, "Invalid Request"), usIn);
                return;
            }
            id = requestId;
            final MockReply reply = new MockReply();
            handle(session, request, reply);
            if (!reply.noResponse)
            {
                send(session, id, reply, usIn, "public/test".equals(request.get("method")));
            }
            if (reply.afterSend != null)
            {
                reply.afterSend.run();
            }
        }
        catch (final RuntimeException ex)
        {
            stats.callbackErrors.incrementAndGet();
            send(session, id, new MockReply().error(MockErrors.INTERNAL_ERROR, "Internal error"), usIn);
        }
    }

    /**
     * A binary frame: the venue speaks text only.
     */
    void onBinary(final MockSession session)
    {
        if (exchange.isSilent())
        {
            stats.inputIgnored.incrementAndGet();
            return;
        }
        session.onRequest();
        stats.requestsReceived.incrementAndGet();
        send(session, null, new MockReply().error(MockErrors.PARSE_ERROR, "Parse error"),
            MockDeribitExchange.nowUs());
    }

    private void handle(final MockSession session, final Map<?, ?> request, final MockReply reply)
    {
        if (!(request.get("method") instanceof String method))
        {
            reply.error(MockErrors.INVALID_REQUEST, "Invalid Request");
            return;
        }
        final Object paramsValue = request.get("params");
        final Map<?, ?> params;
        if (paramsValue == null)
        {
            params = Map.of();
        }
        else if (paramsValue instanceof Map<?, ?> map)
        {
            params = map;
        }
        else
        {
            reply.invalidParams("must be an object", "params");
            return;
        }
        final long cost = config.costByMethodMap().getOrDefault(method, config.requestCost());
        if (!session.tryConsume(cost, System.nanoTime()))
        {
            tooManyRequests(session, reply);
            return;
        }
        if (exchange.isInMaintenance() && !"public/test".equals(method))
        {
            reply.error(MockErrors.SYSTEM_MAINTENANCE, "system_maintenance");
            return;
        }
        final long nowMs = System.currentTimeMillis();
        if (method.startsWith("private/") && isPrivateMethod(method))
        {
            final String clientId = session.isAuthorised(nowMs) ? session.clientId :
                auth.clientIdOf(params.get("access_token"), nowMs);
            if (clientId == null)
            {
                reply.error(MockErrors.UNAUTHORIZED, "unauthorized");
                return;
            }
            handlePrivate(session, clientId, method, params, reply, nowMs);
            return;
        }
        switch (method)
        {
            case "public/auth" -> auth.auth(session, params, reply, nowMs);
            case "public/test" ->
            {
                session.onTest();
                reply.result(VERSION_RESULT);
            }
            case "public/hello" -> reply.result(VERSION_RESULT);
            case "public/get_time" -> reply.result(Long.toString(nowMs));
            case "public/set_heartbeat" -> setHeartbeat(session, params, reply);
            case "public/disable_heartbeat" ->
            {
                session.stopHeartbeat();
                reply.result("\"ok\"");
            }
            case "public/subscribe" -> subscribe(session, params, reply, session.isAuthorised(nowMs));
            case "public/unsubscribe" -> unsubscribe(session, params, reply);
            case "public/unsubscribe_all" ->
            {
                session.unsubscribeAll();
                reply.result("\"ok\"");
            }
            default -> reply.error(MockErrors.METHOD_NOT_FOUND, "Method not found");
        }
    }

    private static boolean isPrivateMethod(final String method)
    {
        return switch (method)
        {
            case "private/subscribe", "private/unsubscribe", "private/unsubscribe_all", "private/buy",
                "private/sell", "private/cancel", "private/cancel_all", "private/logout",
                "private/enable_cancel_on_disconnect", "private/disable_cancel_on_disconnect" -> true;
            default -> false;
        };
    }

    private void handlePrivate(final MockSession session, final String clientId, final String method,
        final Map<?, ?> params, final MockReply reply, final long nowMs)
    {
        switch (method)
        {
            case "private/subscribe" -> subscribe(session, params, reply, true);
            case "private/unsubscribe" -> unsubscribe(session, params, reply);
            case "private/unsubscribe_all" ->
            {
                session.unsubscribeAll();
                reply.result("\"ok\"");
            }
            case "private/buy" -> orders.place(clientId, true, params, reply, nowMs);
            case "private/sell" -> orders.place(clientId, false, params, reply, nowMs);
            case "private/cancel" -> orders.cancel(clientId, params, reply, nowMs);
            case "private/cancel_all" -> orders.cancelAll(clientId, reply, nowMs);
            case "private/logout" ->
            {
                session.clientId = null;
                reply.noResponse = true;
                reply.afterSend = () -> session.close(1000, "logout");
            }
            default -> reply.result("\"ok\"");
        }
    }

    private void tooManyRequests(final MockSession session, final MockReply reply)
    {
        session.onTooManyRequests();
        stats.tooManyRequests.incrementAndGet();
        reply.error(MockErrors.TOO_MANY_REQUESTS, "too_many_requests");
        // Requests already in flight when the close starts are refused too, but the connection closes (and is
        // counted) once.
        if (++session.violations == config.violationsBeforeClose())
        {
            stats.closedForTooManyRequests.incrementAndGet();
            reply.afterSend = () -> session.close(1008, "too_many_requests");
        }
    }

    private void setHeartbeat(final MockSession session, final Map<?, ?> params, final MockReply reply)
    {
        final long intervalS = MockAuth.integral(params.get("interval"));
        if (intervalS < Math.max(1, config.minHeartbeatIntervalS()) || intervalS > 3_600)
        {
            reply.invalidParams("must be an integer from " + Math.max(1, config.minHeartbeatIntervalS()) +
                " to 3600", "interval");
            return;
        }
        final long periodMs = config.heartbeatPeriodMs() > 0 ? config.heartbeatPeriodMs() : intervalS * 1000L;
        session.startHeartbeat(periodMs);
        reply.result("\"ok\"");
    }

    private void subscribe(final MockSession session, final Map<?, ?> params, final MockReply reply,
        final boolean authorised)
    {
        final List<MockChannel> channels = channels(params, reply);
        if (channels == null)
        {
            return;
        }
        for (final MockChannel channel : channels)
        {
            if (channel.raw && config.rawRequiresAuth() && !authorised)
            {
                reply.error(MockErrors.RAW_NOT_AVAILABLE, "raw_subscriptions_not_available_for_unauthorized");
                return;
            }
        }
        reply.result(names(channels));
        reply.afterSend = () ->
        {
            for (final MockChannel channel : channels)
            {
                final MockSubscription subscription = new MockSubscription(session, channel);
                if (session.subscriptionByChannelMap.putIfAbsent(channel.name, subscription) == null)
                {
                    channel.add(subscription);
                }
            }
            if (!session.isOpen())
            {
                session.unsubscribeAll();
            }
        };
    }

    private void unsubscribe(final MockSession session, final Map<?, ?> params, final MockReply reply)
    {
        final List<MockChannel> channels = channels(params, reply);
        if (channels == null)
        {
            return;
        }
        final List<MockChannel> removed = new ArrayList<>(channels.size());
        for (final MockChannel channel : channels)
        {
            final MockSubscription subscription = session.subscriptionByChannelMap.remove(channel.name);
            if (subscription != null)
            {
                channel.remove(subscription);
                removed.add(channel);
            }
        }
        reply.result(names(removed));
    }

    /**
     * The known channels named in {@code params.channels}, without duplicates; unknown names are left out (the
     * result lists only what was done); null after an error reply.
     */
    private List<MockChannel> channels(final Map<?, ?> params, final MockReply reply)
    {
        if (!(params.get("channels") instanceof List<?> names))
        {
            reply.invalidParams("must be an array", "channels");
            return null;
        }
        final List<MockChannel> channels = new ArrayList<>(names.size());
        for (final Object name : names)
        {
            if (!(name instanceof String channelName))
            {
                reply.invalidParams("must be an array of strings", "channels");
                return null;
            }
            final MockChannel channel = channelByNameMap.get(channelName);
            if (channel != null && !channels.contains(channel))
            {
                channels.add(channel);
            }
        }
        return channels;
    }

    private static String names(final List<MockChannel> channels)
    {
        final StringBuilder out = new StringBuilder(32 * channels.size() + 2).append('[');
        for (int i = 0; i < channels.size(); i++)
        {
            if (i > 0)
            {
                out.append(',');
            }
            MockJsonText.appendString(out, channels.get(i).name);
        }
        return out.append(']').toString();
    }

    private void send(final MockSession session, final Object id, final MockReply reply, final long usIn)
    {
        send(session, id, reply, usIn, false);
    }

    private void send(final MockSession session, final Object id, final MockReply reply, final long usIn,
        final boolean delayable)
    {
        final StringBuilder out = new StringBuilder(128 + (reply.resultJson == null ? 64 : reply.resultJson.length()))
            .append("{\"jsonrpc\":\"2.0\",\"id\":");
        MockJsonText.appendValue(out, id);
        if (reply.isError())
        {
            stats.errorsSent.incrementAndGet();
            out.append(",\"error\":{\"message\":");
            MockJsonText.appendString(out, reply.errorMessage);
            if (reply.errorDataJson != null)
            {
                out.append(",\"data\":").append(reply.errorDataJson);
            }
            out.append(",\"code\":").append(reply.errorCode).append('}');
        }
        else
        {
            out.append(",\"result\":").append(reply.resultJson);
        }
        final long usOut = MockDeribitExchange.nowUs();
        out.append(",\"usIn\":").append(usIn).append(",\"usOut\":").append(usOut)
            .append(",\"usDiff\":").append(usOut - usIn).append(",\"testnet\":true}");
        session.sendResponse(out.toString(), delayable);
    }
}
