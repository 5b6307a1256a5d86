package io.wsnova.mock.deribit;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code private/buy}, {@code private/sell}, {@code private/cancel} and {@code private/cancel_all}. An order that
 * crosses the synthetic book's touch fills at once, in full, at the best opposite price (taker, fee 0.075% of the
 * coin value); any other limit order rests as {@code open} and never fills later (it is not shown in the book).
 * Any request thread may call; orders belong to the client id that placed them.
 */
final class MockOrders
{
    private static final long TAKER_FEE_PER_100K = 75;

    private static final class Order
    {
        final String orderId;
        final String clientId;
        final MockInstrument instrument;
        final boolean buy;
        final boolean market;
        final long priceTicks;
        final long amount;
        final String label;
        final String timeInForce;
        final boolean postOnly;
        final boolean reduceOnly;
        final long creationMs;
        volatile String state;
        volatile long filledAmount;
        volatile long averageTicks;
        volatile long lastUpdateMs;

        Order(final String orderId, final String clientId, final MockInstrument instrument, final boolean buy,
            final boolean market, final long priceTicks, final long amount, final String label,
            final String timeInForce, final boolean postOnly, final boolean reduceOnly, final long creationMs)
        {
            this.orderId = orderId;
            this.clientId = clientId;
            this.instrument = instrument;
            this.buy = buy;
            this.market = market;
            this.priceTicks = priceTicks;
            this.amount = amount;
            this.label = label;
            this.timeInForce = timeInForce;
            this.postOnly = postOnly;
            this.reduceOnly = reduceOnly;
            this.creationMs = creationMs;
            this.lastUpdateMs = creationMs;
        }
    }

    private final Map<String, MockInstrument> instrumentByNameMap;
    private final MockDeribitStats stats;
    private final ConcurrentHashMap<String, Order> orderByIdMap = new ConcurrentHashMap<>();
    private final AtomicLong nextOrderNumber = new AtomicLong(584_849_853L);

    MockOrders(final Map<String, MockInstrument> instrumentByNameMap, final MockDeribitStats stats)
    {
        this.instrumentByNameMap = instrumentByNameMap;
        this.stats = stats;
    }

    void place(final String clientId, final boolean buy, final Map<?, ?> params, final MockReply reply,
        final long nowMs)
    {
        if (!(params.get("instrument_name") instanceof String instrumentName))
        {
            reply.invalidParams("must be a string", "instrument_name");
            return;
        }
        final MockInstrument instrument = instrumentByNameMap.get(instrumentName);
        if (instrument == null)
        {
            reply.error(MockErrors.INVALID_INSTRUMENT, "invalid_or_unsupported_instrument");
            return;
        }
        final long amount = amount(instrument, params, reply);
        if (amount <= 0)
        {
            return;
        }
        final Object typeValue = params.get("type");
        final String type = typeValue == null ? "limit" : typeValue instanceof String text ? text : "";
        if (!"limit".equals(type) && !"market".equals(type))
        {
            reply.invalidParams("unsupported order type", "type");
            return;
        }
        final boolean market = "market".equals(type);
        long priceTicks = 0;
        if (!market)
        {
            if (!(params.get("price") instanceof BigDecimal price) || price.signum() <= 0)
            {
                reply.invalidParams("must be a positive number", "price");
                return;
            }
            final BigDecimal tick = BigDecimal.valueOf(instrument.tickMantissa, instrument.priceScale);
            final BigDecimal[] ticks = price.divideAndRemainder(tick);
            if (ticks[1].signum() != 0 || ticks[0].compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 100)) > 0)
            {
                reply.error(MockErrors.PRICE_WRONG_TICK, "price_wrong_tick");
                return;
            }
            priceTicks = ticks[0].longValue();
        }
        final Object labelValue = params.get("label");
        final String label = labelValue instanceof String text ? text : "";
        if (label.length() > 64)
        {
            reply.invalidParams("too long", "label");
            return;
        }
        final Object tifValue = params.get("time_in_force");
        final String timeInForce = tifValue instanceof String text ? text : "good_til_cancelled";
        switch (timeInForce)
        {
            case "good_til_cancelled", "good_til_day", "fill_or_kill", "immediate_or_cancel" ->
            {
            }
            default ->
            {
                reply.invalidParams("invalid value", "time_in_force");
                return;
            }
        }
        final String orderId = instrument.tradeIdPrefix + nextOrderNumber.getAndIncrement();
        final Order order = new Order(orderId, clientId, instrument, buy, market, priceTicks, amount, label,
            timeInForce, Boolean.TRUE.equals(params.get("post_only")), Boolean.TRUE.equals(params.get("reduce_only")),
            nowMs);
        final StringBuilder out = new StringBuilder(1024).append("{\"trades\":[");
        instrument.lock.lock();
        try
        {
            final long touch = buy ? instrument.bestAskTicks() : instrument.bestBidTicks();
            final boolean crosses = market || (buy ? priceTicks >= touch : priceTicks <= touch);
            if (crosses)
            {
                instrument.recordTrade(0, buy, touch, amount);
                appendTrade(out, order, touch, nowMs);
                order.state = "filled";
                order.filledAmount = amount;
                order.averageTicks = touch;
            }
            else
            {
                final boolean immediate = "fill_or_kill".equals(timeInForce) ||
                    "immediate_or_cancel".equals(timeInForce);
                order.state = immediate ? "cancelled" : "open";
            }
        }
        finally
        {
            instrument.lock.unlock();
        }
        orderByIdMap.put(orderId, order);
        stats.ordersAccepted.incrementAndGet();
        appendOrder(out.append("],\"order\":"), order);
        reply.result(out.append('}').toString());
    }

    private static long amount(final MockInstrument instrument, final Map<?, ?> params, final MockReply reply)
    {
        final Object amountValue = params.get("amount");
        final Object contractsValue = params.get("contracts");
        final BigDecimal amount;
        if (amountValue instanceof BigDecimal value)
        {
            amount = value;
        }
        else if (contractsValue instanceof BigDecimal contracts)
        {
            amount = contracts.multiply(BigDecimal.valueOf(instrument.contractSize));
        }
        else
        {
            reply.invalidParams("must be a number", "amount");
            return -1;
        }
        final long whole = MockAuth.integral(amount);
        if (whole <= 0 || whole > 1_000_000_000L)
        {
            reply.invalidParams("must be a positive integer", "amount");
            return -1;
        }
        if (whole % instrument.contractSize != 0)
        {
            reply.invalidParams("must be a multiple of contract size " + instrument.contractSize, "amount");
            return -1;
        }
        return whole;
    }

    void cancel(final String clientId, final Map<?, ?> params, final MockReply reply, final long nowMs)
    {
        if (!(params.get("order_id") instanceof String orderId))
        {
            reply.invalidParams("must be a string", "order_id");
            return;
        }
        final Order order = orderByIdMap.get(orderId);
        if (order == null || !order.clientId.equals(clientId))
        {
            reply.error(MockErrors.ORDER_NOT_FOUND, "order_not_found");
            return;
        }
        if (!cancel(order, nowMs))
        {
            reply.error(MockErrors.NOT_OPEN_ORDER, "not_open_order");
            return;
        }
        reply.result(appendOrder(new StringBuilder(512), order).toString());
    }

    void cancelAll(final String clientId, final MockReply reply, final long nowMs)
    {
        int cancelled = 0;
        for (final Order order : orderByIdMap.values())
        {
            if (order.clientId.equals(clientId) && cancel(order, nowMs))
            {
                cancelled++;
            }
        }
        reply.result(Integer.toString(cancelled));
    }

    private static boolean cancel(final Order order, final long nowMs)
    {
        order.instrument.lock.lock();
        try
        {
            if (!"open".equals(order.state))
            {
                return false;
            }
            order.state = "cancelled";
            order.lastUpdateMs = nowMs;
            return true;
        }
        finally
        {
            order.instrument.lock.unlock();
        }
    }

    private static void appendTrade(final StringBuilder out, final Order order, final long ticks, final long nowMs)
    {
        final MockInstrument instrument = order.instrument;
        out.append("{\"trade_seq\":").append(instrument.tradeSeq[0])
            .append(",\"trade_id\":\"").append(instrument.tradeIdPrefix).append(instrument.tradeId[0])
            .append("\",\"timestamp\":").append(nowMs)
            .append(",\"tick_direction\":").append(instrument.tradeTickDirection[0])
            .append(",\"state\":\"filled\",\"reduce_only\":").append(order.reduceOnly)
            .append(",\"price\":");
        MockJsonText.appendDecimal(out, instrument.priceMantissa(ticks), instrument.priceScale)
            .append(",\"post_only\":").append(order.postOnly)
            .append(",\"order_type\":\"").append(order.market ? "market" : "limit")
            .append("\",\"order_id\":\"").append(order.orderId)
            .append("\",\"matching_id\":null,\"mark_price\":");
        MockJsonText.appendDecimal(out, instrument.mark2, 2)
            .append(",\"liquidity\":\"T\",\"label\":");
        MockJsonText.appendString(out, order.label)
            .append(",\"instrument_name\":\"").append(instrument.name).append("\",\"index_price\":");
        MockJsonText.appendDecimal(out, instrument.index2, 2)
            .append(",\"fee_currency\":\"").append(instrument.currency).append("\",\"fee\":");
        MockJsonText.appendDecimal(out, instrument.coin8(order.amount, ticks) * TAKER_FEE_PER_100K / 100_000, 8)
            .append(",\"direction\":\"").append(order.buy ? "buy" : "sell")
            .append("\",\"amount\":").append(order.amount).append('}');
    }

    private static StringBuilder appendOrder(final StringBuilder out, final Order order)
    {
        final MockInstrument instrument = order.instrument;
        final long priceTicks = order.market ? order.averageTicks : order.priceTicks;
        out.append("{\"web\":false,\"time_in_force\":\"").append(order.timeInForce)
            .append("\",\"replaced\":false,\"reduce_only\":").append(order.reduceOnly)
            .append(",\"price\":");
        MockJsonText.appendDecimal(out, instrument.priceMantissa(priceTicks), instrument.priceScale)
            .append(",\"post_only\":").append(order.postOnly)
            .append(",\"order_type\":\"").append(order.market ? "market" : "limit")
            .append("\",\"order_state\":\"").append(order.state)
            .append("\",\"order_id\":\"").append(order.orderId)
            .append("\",\"max_show\":").append(order.amount)
            .append(",\"last_update_timestamp\":").append(order.lastUpdateMs)
            .append(",\"label\":");
        MockJsonText.appendString(out, order.label)
            .append(",\"is_rebalance\":false,\"is_liquidation\":false,\"instrument_name\":\"").append(instrument.name)
            .append("\",\"filled_amount\":").append(order.filledAmount)
            .append(",\"direction\":\"").append(order.buy ? "buy" : "sell")
            .append("\",\"creation_timestamp\":").append(order.creationMs)
            .append(",\"average_price\":");
        MockJsonText.appendDecimal(out, instrument.priceMantissa(order.averageTicks), instrument.priceScale)
            .append(",\"api\":true,\"amount\":").append(order.amount).append('}');
        return out;
    }
}
