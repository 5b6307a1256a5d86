package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Subscription;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class DeribitOrderEntryTest extends DeribitServerTestBase
{
    static final String REFERENCE_BUY_RESPONSE = "{\"jsonrpc\":\"2.0\",\"id\":5275,\"result\":{" +
        "\"trades\":[{\"trade_seq\":1966056,\"trade_id\":\"ETH-2696083\",\"timestamp\":1590483938456," +
        "\"tick_direction\":0,\"state\":\"filled\",\"reduce_only\":false,\"price\":203.3,\"post_only\":false," +
        "\"order_type\":\"market\",\"order_id\":\"ETH-584849853\",\"matching_id\":null,\"mark_price\":203.28," +
        "\"liquidity\":\"T\",\"label\":\"market0000234\",\"instrument_name\":\"ETH-PERPETUAL\"," +
        "\"index_price\":203.33,\"fee_currency\":\"ETH\",\"fee\":0.00014757,\"direction\":\"buy\",\"amount\":40}]," +
        "\"order\":{\"web\":false,\"time_in_force\":\"good_til_cancelled\",\"replaced\":false,\"reduce_only\":false," +
        "\"price\":207.3,\"post_only\":false,\"order_type\":\"market\",\"order_state\":\"filled\"," +
        "\"order_id\":\"ETH-584849853\",\"max_show\":40,\"last_update_timestamp\":1590483938456," +
        "\"label\":\"market0000234\",\"is_rebalance\":false,\"is_liquidation\":false," +
        "\"instrument_name\":\"ETH-PERPETUAL\",\"filled_amount\":40,\"direction\":\"buy\"," +
        "\"creation_timestamp\":1590483938456,\"average_price\":203.3,\"api\":true,\"amount\":40}}}";


    @Test
    void shouldParseTheReferenceBuyResult()
    {
        final DeribitOrder order = DeribitOrderParser.parse(response(REFERENCE_BUY_RESPONSE));

        assertReferenceOrder(order);
    }

    @Test
    void shouldParseACancelResultWhoseResultIsTheOrderAndAMarketPriceText()
    {
        final DeribitOrder order = DeribitOrderParser.parse(response("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{" +
            "\"order_state\":\"cancelled\",\"order_id\":\"BTC-1\",\"price\":\"market_price\",\"amount\":\"10\"," +
            "\"filled_amount\":0,\"label\":\"\",\"direction\":\"sell\",\"order_type\":\"stop_market\"," +
            "\"reduce_only\":true,\"post_only\":false,\"instrument_name\":\"BTC-PERPETUAL\",\"future\":[1,{}]}}"));

        assertThat(order.orderId()).isEqualTo("BTC-1");
        assertThat(order.state()).isEqualTo(DeribitOrder.State.CANCELLED);
        assertThat(order.price().isNull()).isTrue();
        assertThat(order.amount()).isEqualTo(new Decimal(10, 0));
        assertThat(order.label()).isNull();
        assertThat(order.direction()).isEqualTo(DeribitDirection.SELL);
        assertThat(order.orderType()).isEqualTo("stop_market");
        assertThat(order.isReduceOnly()).isTrue();
        assertThat(order.averagePrice().isNull()).isTrue();
        assertThat(order.fills()).isEmpty();
    }

    @Test
    void shouldNotMakeAnOrderOfAResultWithoutOrderId()
    {
        assertThat(DeribitOrderParser.parse(response("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"ok\"}"))).isNull();
        assertThat(DeribitOrderParser.parse(response("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":1}}")))
            .isNull();
        assertThat(DeribitOrderParser.parse(response("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"order_id\":")))
            .isNull();
    }

    @Test
    void shouldBuyAtMarketAsTheReferenceRequestAndReadTheTypedOrder() throws Exception
    {
        connection = connect(DeribitAdapter.builder().build());

        final DeribitOrder order = new DeribitOrderEntry(connection)
            .buy(DeribitOrderRequest.market("ETH-PERPETUAL", 40).label("market0000234"))
            .get(5, TimeUnit.SECONDS);

        assertThat(DeribitTestServer.withoutId(server.nextRequest("private/buy"))).isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"private/buy\",\"params\":{\"instrument_name\":" +
            "\"ETH-PERPETUAL\",\"amount\":40,\"type\":\"market\",\"label\":\"market0000234\"}}");
        assertReferenceOrder(order);
    }

    @Test
    void shouldPlaceALimitSellWithEveryOptionAndCancelIt() throws Exception
    {
        connection = connect(DeribitAdapter.builder().build());
        final DeribitOrderEntry orders = new DeribitOrderEntry(connection);

        final DeribitOrder placed = orders.sell(DeribitOrderRequest.limit("BTC-PERPETUAL", 10, 64980.5)
            .label("q1").postOnly(true).reduceOnly(true)
            .timeInForce(DeribitOrderRequest.TimeInForce.GOOD_TIL_DAY)).get(5, TimeUnit.SECONDS);

        assertThat(DeribitTestServer.withoutId(server.nextRequest("private/sell"))).isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"private/sell\",\"params\":{\"instrument_name\":" +
            "\"BTC-PERPETUAL\",\"amount\":10,\"type\":\"limit\",\"price\":64980.5,\"label\":\"q1\"," +
            "\"post_only\":true,\"reduce_only\":true,\"time_in_force\":\"good_til_day\"}}");
        assertThat(placed.state()).isEqualTo(DeribitOrder.State.OPEN);
        assertThat(placed.direction()).isEqualTo(DeribitDirection.SELL);
        assertThat(placed.price()).isEqualTo(new Decimal(649805, 1));
        assertThat(placed.filledAmount()).isEqualTo(new Decimal(0, 0));
        assertThat(placed.isPostOnly()).isTrue();
        assertThat(placed.timeInForce()).isEqualTo("good_til_day");
        assertThat(placed.fills()).isEmpty();

        final DeribitOrder cancelled = orders.cancel(placed.orderId()).get(5, TimeUnit.SECONDS);

        assertThat(DeribitTestServer.withoutId(server.nextRequest("private/cancel"))).isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"private/cancel\",\"params\":{\"order_id\":\"" +
            placed.orderId() + "\"}}");
        assertThat(cancelled.orderId()).isEqualTo(placed.orderId());
        assertThat(cancelled.state()).isEqualTo(DeribitOrder.State.CANCELLED);
        assertThat(cancelled.label()).isEqualTo("q1");
    }

    @Test
    void shouldFailWithTheTypedVenueError() throws Exception
    {
        connection = connect(DeribitAdapter.builder().build());
        final DeribitOrderEntry orders = new DeribitOrderEntry(connection);
        server.failNext("private/buy", 10009, "not_enough_funds", false);

        assertThatThrownBy(() -> orders.buy(DeribitOrderRequest.limit("BTC-PERPETUAL", 10, 1)).get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).cause()
            .isInstanceOfSatisfying(DeribitException.class, error ->
            {
                assertThat(error.error()).isEqualTo(DeribitError.NOT_ENOUGH_FUNDS);
                assertThat(error.code()).isEqualTo(10009);
                assertThat(error.method()).isEqualTo("private/buy");
                assertThat(error.isRetryable()).isFalse();
                assertThat(error.getMessage()).isEqualTo("private/buy failed: 10009 not_enough_funds");
            });

        server.failNext("private/sell", 10040, "retry", false);
        assertThatThrownBy(() -> orders.sell(DeribitOrderRequest.limit("BTC-PERPETUAL", 10, 1)).join())
            .cause().isInstanceOfSatisfying(DeribitException.class, error ->
                assertThat(error.isRetryable()).isTrue());

        assertThatThrownBy(() -> orders.cancel("BTC-404").join())
            .cause().isInstanceOfSatisfying(DeribitException.class, error ->
                assertThat(error.error()).isEqualTo(DeribitError.ORDER_NOT_FOUND));
        assertThat(connection.isAuthenticated()).isFalse();
    }

    @Test
    void shouldRefuseOrdersBeyondTheOrderBucketWhileOtherRequestsStillPass() throws Exception
    {
        final DeribitRateLimiter limiter = DeribitRateLimiter.builder().orders(1, 2).build();
        connection = connect(DeribitAdapter.builder().rateLimiter(limiter).build());
        final DeribitOrderEntry orders = new DeribitOrderEntry(connection);
        final DeribitOrderRequest order = DeribitOrderRequest.limit("BTC-PERPETUAL", 10, 1);

        orders.buy(order).get(5, TimeUnit.SECONDS);
        orders.buy(order).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> orders.buy(order).get(5, TimeUnit.SECONDS)).cause()
            .isInstanceOfSatisfying(RequestException.class, error ->
                assertThat(error.kind()).isEqualTo(RequestException.Kind.RATE_LIMITED));
        final Subscription subscription = connection.subscribe("quote.BTC-PERPETUAL", null).get(5, TimeUnit.SECONDS);

        assertThat(subscription.state()).isEqualTo(Subscription.State.CONFIRMED);
        assertThat(limiter.orders().allowedCount()).isEqualTo(2);
        assertThat(limiter.orders().rejectedCount()).isEqualTo(1);
        assertThat(limiter.credits().allowedCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldRejectInvalidOrders()
    {
        assertThatThrownBy(() -> DeribitOrderRequest.limit(" ", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeribitOrderRequest.limit("BTC-PERPETUAL", 0, 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeribitOrderRequest.market("BTC-PERPETUAL", Double.NaN))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeribitOrderRequest.market("BTC-PERPETUAL", 1).type(DeribitOrderRequest.Type.LIMIT))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeribitOrderRequest.market("BTC-PERPETUAL", 1).label("x".repeat(65)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(DeribitOrderRequest.limit("BTC-PERPETUAL", 1e3, 0.0001).toString())
            .isEqualTo("DeribitOrderRequest{BTC-PERPETUAL limit 1000 @ 0.0001}");
    }

    static void assertReferenceOrder(final DeribitOrder order)
    {
        assertThat(order.orderId()).isEqualTo("ETH-584849853");
        assertThat(order.instrumentName()).isEqualTo("ETH-PERPETUAL");
        assertThat(order.state()).isEqualTo(DeribitOrder.State.FILLED);
        assertThat(order.direction()).isEqualTo(DeribitDirection.BUY);
        assertThat(order.orderType()).isEqualTo("market");
        assertThat(order.timeInForce()).isEqualTo("good_til_cancelled");
        assertThat(order.label()).isEqualTo("market0000234");
        assertThat(order.price()).isEqualTo(new Decimal(2073, 1));
        assertThat(order.amount()).isEqualTo(new Decimal(40, 0));
        assertThat(order.filledAmount()).isEqualTo(new Decimal(40, 0));
        assertThat(order.averagePrice()).isEqualTo(new Decimal(2033, 1));
        assertThat(order.isPostOnly()).isFalse();
        assertThat(order.isReduceOnly()).isFalse();
        assertThat(order.creationTimestampMs()).isEqualTo(1590483938456L);
        assertThat(order.lastUpdateTimestampMs()).isEqualTo(1590483938456L);
        assertThat(order.fills()).containsExactly(new DeribitOrder.Fill("ETH-2696083", 1966056, 1590483938456L,
            "203.3", "40", "0.00014757", "ETH", "T"));
        assertThat(order.toString()).isEqualTo("DeribitOrder{ETH-584849853 ETH-PERPETUAL BUY market 40 @ 207.3, " +
            "state=FILLED, filled=40, averagePrice=203.3, label=market0000234, fills=1}");
    }

    static Response response(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Response.fromJson(1, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private Connection connect(final DeribitAdapter adapter)
    {
        return DeribitClient.of(adapter).connectBlocking(NovaOptions.builder().url(server.url()).build());
    }
}
