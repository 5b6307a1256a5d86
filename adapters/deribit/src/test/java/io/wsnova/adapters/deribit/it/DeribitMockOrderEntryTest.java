package io.wsnova.adapters.deribit.it;

import io.wsnova.adapters.deribit.DeribitDirection;
import io.wsnova.adapters.deribit.DeribitError;
import io.wsnova.adapters.deribit.DeribitException;
import io.wsnova.adapters.deribit.DeribitOrder;
import io.wsnova.adapters.deribit.DeribitOrderEntry;
import io.wsnova.adapters.deribit.DeribitOrderRequest;
import io.wsnova.mock.deribit.MockBookSnapshot;
import io.wsnova.codec.json.Decimal;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.BTC;
import static io.wsnova.adapters.deribit.it.DeribitMockFixture.ETH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Order entry round trips through the real client to the mock's matching: typed {@link DeribitOrder}s for buy, sell
 * and cancel, typed {@link DeribitException}s for the venue's refusals. The market is still (no generator events),
 * so the touch the test reads is the touch the orders meet.
 */
@Timeout(60)
class DeribitMockOrderEntryTest
{
    private DeribitMockFixture fixture;
    private DeribitOrderEntry orders;

    @AfterEach
    void close()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldFillABuyThatCrossesTheTouchAtTheBestAsk() throws Exception
    {
        givenAnAuthenticatedConnectionToAStillMarket();
        final String bestAsk = fixture.exchange.book(BTC, 1).asks().get(0).price();

        final DeribitOrder order = placed(orders.buy(
            DeribitOrderRequest.limit(BTC, decimal("20"), decimal(bestAsk)).label("it-take")));

        assertThat(order.state()).isEqualTo(DeribitOrder.State.FILLED);
        assertThat(order.direction()).isEqualTo(DeribitDirection.BUY);
        assertThat(order.instrumentName()).isEqualTo(BTC);
        assertThat(order.orderType()).isEqualTo("limit");
        assertThat(order.label()).isEqualTo("it-take");
        assertThat(order.orderId()).isNotBlank();
        assertThat(order.amount().toString()).isEqualTo("20");
        assertThat(order.filledAmount().toString()).isEqualTo("20");
        assertThat(order.averagePrice().toString()).isEqualTo(bestAsk);
        assertThat(order.fills()).singleElement().satisfies(fill ->
        {
            assertThat(fill.price()).isEqualTo(bestAsk);
            assertThat(fill.amount()).isEqualTo("20");
            assertThat(fill.liquidity()).isEqualTo("T");
            assertThat(fill.feeCurrency()).isEqualTo("BTC");
        });
        assertThat(fixture.exchange.stats().ordersAccepted()).isEqualTo(1);
    }

    @Test
    void shouldFillAMarketSellAtTheBestBid() throws Exception
    {
        givenAnAuthenticatedConnectionToAStillMarket();
        final String bestBid = fixture.exchange.book(ETH, 1).bids().get(0).price();

        final DeribitOrder order = placed(orders.sell(DeribitOrderRequest.market(ETH, decimal("3"))));

        assertThat(order.state()).isEqualTo(DeribitOrder.State.FILLED);
        assertThat(order.direction()).isEqualTo(DeribitDirection.SELL);
        assertThat(order.instrumentName()).isEqualTo(ETH);
        assertThat(order.orderType()).isEqualTo("market");
        assertThat(order.filledAmount().toString()).isEqualTo("3");
        assertThat(order.averagePrice().toString()).isEqualTo(bestBid);
        assertThat(order.fills()).singleElement().satisfies(fill -> assertThat(fill.price()).isEqualTo(bestBid));
    }

    @Test
    void shouldRestABuyBelowTheTouchAndCancelIt() throws Exception
    {
        givenAnAuthenticatedConnectionToAStillMarket();
        final MockBookSnapshot book = fixture.exchange.book(BTC, 1);
        final String restingPrice = new BigDecimal(book.bids().get(0).price()).subtract(BigDecimal.valueOf(100))
            .toPlainString();

        final DeribitOrder resting = placed(orders.buy(DeribitOrderRequest.limit(BTC, decimal("10"),
            decimal(restingPrice)).postOnly(true).label("it-rest")));
        final DeribitOrder cancelled = placed(orders.cancel(resting.orderId()));

        assertThat(resting.state()).isEqualTo(DeribitOrder.State.OPEN);
        assertThat(resting.price().toString()).isEqualTo(restingPrice);
        assertThat(resting.filledAmount().toString()).isEqualTo("0");
        assertThat(resting.isPostOnly()).isTrue();
        assertThat(resting.fills()).isEmpty();
        assertThat(cancelled.orderId()).isEqualTo(resting.orderId());
        assertThat(cancelled.state()).isEqualTo(DeribitOrder.State.CANCELLED);
        assertThat(cancelled.label()).isEqualTo("it-rest");
    }

    @Test
    void shouldRefuseACancelOfAnOrderNoLongerOpenWithNotOpenOrder() throws Exception
    {
        givenAnAuthenticatedConnectionToAStillMarket();
        final String bestAsk = fixture.exchange.book(BTC, 1).asks().get(0).price();
        final DeribitOrder filled = placed(orders.buy(DeribitOrderRequest.limit(BTC, decimal("10"), decimal(bestAsk))));

        final Throwable failure = catchThrowable(() -> placed(orders.cancel(filled.orderId())));

        thenRefusedWith(failure, DeribitError.NOT_OPEN_ORDER);
        assertThat(fixture.recorder.disconnects()).isZero();
    }

    @Test
    void shouldRefuseACancelOfAnUnknownOrderWithOrderNotFound() throws Exception
    {
        givenAnAuthenticatedConnectionToAStillMarket();

        final Throwable failure = catchThrowable(() -> placed(orders.cancel("BTC-1")));

        thenRefusedWith(failure, DeribitError.ORDER_NOT_FOUND);
        assertThat(fixture.exchange.stats().ordersAccepted()).isZero();
        assertThat(fixture.recorder.disconnects()).isZero();
    }

    private void givenAnAuthenticatedConnectionToAStillMarket() throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config().messagesPerSecond(0));
        final Connection connection = fixture.connect();
        assertThat(connection.isAuthenticated()).isTrue();
        orders = new DeribitOrderEntry(connection);
    }

    private static DeribitOrder placed(final CompletableFuture<DeribitOrder> order) throws Exception
    {
        return order.get(DeribitMockFixture.WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private void thenRefusedWith(final Throwable failure, final DeribitError error)
    {
        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOfSatisfying(DeribitException.class, refused ->
        {
            assertThat(refused.error()).isEqualTo(error);
            assertThat(refused.code()).isEqualTo(error.code());
            assertThat(refused.method()).isEqualTo(DeribitOrderEntry.CANCEL_METHOD);
            assertThat(refused.isRetryable()).isFalse();
            assertThat(refused.getMessage()).contains(Integer.toString(error.code()));
        });
        assertThat(fixture.recorder.connection().status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    private static Decimal decimal(final String plain)
    {
        final BigDecimal value = new BigDecimal(plain);
        return new Decimal(value.unscaledValue().longValueExact(), value.scale());
    }
}
