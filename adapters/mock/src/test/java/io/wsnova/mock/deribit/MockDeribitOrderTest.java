package io.wsnova.mock.deribit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.wsnova.mock.deribit.MockTestSupport.assertError;
import static io.wsnova.mock.deribit.MockTestSupport.authenticate;
import static io.wsnova.mock.deribit.MockTestSupport.decimal;
import static io.wsnova.mock.deribit.MockTestSupport.keys;
import static io.wsnova.mock.deribit.MockTestSupport.number;
import static io.wsnova.mock.deribit.MockTestSupport.path;
import static io.wsnova.mock.deribit.MockTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

class MockDeribitOrderTest
{
    private MockDeribitExchange exchange;
    private MockClient client;

    @BeforeEach
    void setUp() throws InterruptedException
    {
        exchange = MockTestSupport.started(MockTestSupport.config().account("other-client", "other-secret")
            .messagesPerSecond(0).build());
        client = MockClient.open(exchange);
        authenticate(client);
    }

    @AfterEach
    void tearDown()
    {
        client.closeQuietly();
        exchange.close();
    }

    private Object order(final String method, final String params) throws InterruptedException
    {
        return result(client.call(method, params));
    }

    @Test
    void shouldFillAMarketBuyAtTheBestAskInTheVenueShape() throws InterruptedException
    {
        final MockBookSnapshot top = exchange.book("ETH-PERPETUAL", 1);

        final Object result = order("private/buy",
            "{\"instrument_name\":\"ETH-PERPETUAL\",\"amount\":40,\"type\":\"market\",\"label\":\"market0000234\"}");

        assertThat(keys(result)).containsExactlyInAnyOrder("order", "trades");
        final Object order = path(result, "order");
        assertThat(path(order, "order_state")).isEqualTo("filled");
        assertThat(path(order, "order_type")).isEqualTo("market");
        assertThat(path(order, "direction")).isEqualTo("buy");
        assertThat(path(order, "label")).isEqualTo("market0000234");
        assertThat((String)path(order, "order_id")).startsWith("ETH-");
        assertThat(number(order, "filled_amount")).isEqualTo(40);
        assertThat(decimal(order, "average_price")).isEqualByComparingTo(top.asks().get(0).price());
        assertThat(keys(order)).containsExactlyInAnyOrder("web", "time_in_force", "replaced", "reduce_only", "price",
            "post_only", "order_type", "order_state", "order_id", "max_show", "last_update_timestamp", "label",
            "is_rebalance", "is_liquidation", "instrument_name", "filled_amount", "direction", "creation_timestamp",
            "average_price", "api", "amount");
        final Object trade = path(result, "trades", "0");
        assertThat(keys(trade)).containsExactlyInAnyOrder("trade_seq", "trade_id", "timestamp", "tick_direction",
            "state", "reduce_only", "price", "post_only", "order_type", "order_id", "matching_id", "mark_price",
            "liquidity", "label", "instrument_name", "index_price", "fee_currency", "fee", "direction", "amount");
        assertThat(path(trade, "matching_id")).isSameAs(MockJson.NULL);
        assertThat(path(trade, "fee_currency")).isEqualTo("ETH");
        assertThat(path(trade, "order_id")).isEqualTo(path(order, "order_id"));
        assertThat(decimal(trade, "fee")).isPositive();
        assertThat(exchange.stats().ordersAccepted()).isEqualTo(1);
    }

    @Test
    void shouldFillACrossingLimitSellAtTheBestBid() throws InterruptedException
    {
        final MockBookSnapshot top = exchange.book("BTC-PERPETUAL", 1);

        final Object result = order("private/sell", "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":100," +
            "\"type\":\"limit\",\"price\":1000.5}");

        assertThat(path(result, "order", "order_state")).isEqualTo("filled");
        assertThat(decimal(result, "trades", "0", "price")).isEqualByComparingTo(top.bids().get(0).price());
        assertThat((String)path(result, "order", "order_id")).matches("\\d+");
    }

    @Test
    void shouldRestANonCrossingLimitOrderThenCancelIt() throws InterruptedException
    {
        final Object placed = order("private/buy", "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10," +
            "\"price\":1000,\"label\":\"rest\"}");
        assertThat(path(placed, "order", "order_state")).isEqualTo("open");
        assertThat(path(placed, "trades")).isEqualTo(List.of());
        assertThat(decimal(placed, "order", "price")).isEqualByComparingTo("1000");
        final Object orderId = path(placed, "order", "order_id");

        final Object cancelled = order("private/cancel", "{\"order_id\":\"" + orderId + "\"}");

        assertThat(path(cancelled, "order_state")).isEqualTo("cancelled");
        assertThat(path(cancelled, "order_id")).isEqualTo(orderId);
        assertError(client.call("private/cancel", "{\"order_id\":\"" + orderId + "\"}"), 11044, "not_open_order");
    }

    @Test
    void shouldCancelAllOpenOrders() throws InterruptedException
    {
        order("private/buy", "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"price\":1000}");
        order("private/sell", "{\"instrument_name\":\"ETH-PERPETUAL\",\"amount\":3,\"price\":99999}");

        assertThat(number(client.call("private/cancel_all", "{}"), "result")).isEqualTo(2);
        assertThat(number(client.call("private/cancel_all", "{}"), "result")).isZero();
    }

    @Test
    void shouldKillAnImmediateOrderThatDoesNotCross() throws InterruptedException
    {
        final Object result = order("private/buy", "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10," +
            "\"price\":1000,\"time_in_force\":\"immediate_or_cancel\"}");

        assertThat(path(result, "order", "order_state")).isEqualTo("cancelled");
        assertThat(number(result, "order", "filled_amount")).isZero();
    }

    @Test
    void shouldNotFindAnUnknownOrderOrAnotherClientsOrder() throws InterruptedException
    {
        assertError(client.call("private/cancel", "{\"order_id\":\"ETH-1\"}"), 10004, "order_not_found");
        final Object orderId = path(order("private/buy", "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10," +
            "\"price\":1000}"), "order", "order_id");
        final MockClient other = MockClient.open(exchange);
        try
        {
            result(other.call("public/auth", "{\"grant_type\":\"client_credentials\",\"client_id\":\"other-client\"," +
                "\"client_secret\":\"other-secret\"}"));
            assertError(other.call("private/cancel", "{\"order_id\":\"" + orderId + "\"}"), 10004,
                "order_not_found");
        }
        finally
        {
            other.closeQuietly();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"price\":1000.25}|10043|price_wrong_tick|",
        "{\"instrument_name\":\"XRP-PERPETUAL\",\"amount\":10,\"price\":1}|10020|invalid_or_unsupported_instrument|",
        "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":15,\"price\":1000}|-32602|Invalid params|amount",
        "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":0,\"price\":1000}|-32602|Invalid params|amount",
        "{\"instrument_name\":\"BTC-PERPETUAL\",\"price\":1000}|-32602|Invalid params|amount",
        "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10}|-32602|Invalid params|price",
        "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"price\":-1}|-32602|Invalid params|price",
        "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"type\":\"stop_limit\"}|-32602|Invalid params|type",
        "{\"amount\":10,\"price\":1000}|-32602|Invalid params|instrument_name",
        "{\"instrument_name\":\"BTC-PERPETUAL\",\"amount\":10,\"price\":1000,\"time_in_force\":\"x\"}|-32602|" +
            "Invalid params|time_in_force",
    })
    void shouldRejectAnInvalidOrder(final String params, final int code, final String message, final String param)
        throws InterruptedException
    {
        final Map<?, ?> response = client.call("private/buy", params);

        assertError(response, code, message);
        if (param != null)
        {
            assertThat(path(response, "error", "data", "param")).isEqualTo(param);
        }
    }

    @Test
    void shouldAcceptContractsInsteadOfAmount() throws InterruptedException
    {
        final Object result = order("private/buy", "{\"instrument_name\":\"BTC-PERPETUAL\",\"contracts\":3," +
            "\"type\":\"market\"}");

        assertThat(number(result, "order", "amount")).isEqualTo(30);
        assertThat(decimal(result, "trades", "0", "amount")).isEqualByComparingTo(BigDecimal.valueOf(30));
    }
}
