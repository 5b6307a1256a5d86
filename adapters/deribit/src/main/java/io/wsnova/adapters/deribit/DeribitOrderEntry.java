package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Operation;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Order entry over a Deribit connection: {@code private/buy}, {@code private/sell} and {@code private/cancel} as
 * requests matched by id, each completing with a typed {@link DeribitOrder}. The connection must be authenticated
 * (with a {@code trade:read_write} scope).
 * <pre>{@code
 * DeribitOrderEntry orders = new DeribitOrderEntry(connection);
 * orders.buy(DeribitOrderRequest.limit("BTC-PERPETUAL", 10, 64980.5).postOnly(true).label("q1"))
 *     .thenAccept(order -> System.out.println(order.orderId() + " " + order.state()));
 * }</pre>
 * <p>
 * Requests are costed as {@link Operation#ORDER}, which the adapter's {@link DeribitRateLimiter} limits in the
 * matching-engine bucket, apart from subscriptions and queries. Failures: a {@link DeribitException} when the venue
 * answered with an error (typed by {@link DeribitError}: e.g. {@code not_enough_funds}, {@code too_many_requests},
 * {@code retry}); an {@link io.wsnova.engine.api.RequestException} when it never answered ({@code TIMEOUT},
 * {@code DISCONNECTED}: the order may or may not have reached the venue) or was never sent
 * ({@code RATE_LIMITED}, {@code NOT_CONNECTED}). The futures complete on the connection's event thread.
 * <p>
 * Control plane: each call allocates its future and, for the response, one parse. Thread-safe; any thread.
 */
public final class DeribitOrderEntry
{
    /** The buy method. */
    public static final String BUY_METHOD = "private/buy";
    /** The sell method. */
    public static final String SELL_METHOD = "private/sell";
    /** The cancel method. */
    public static final String CANCEL_METHOD = "private/cancel";

    private final Connection connection;

    /**
     * Creates order entry over a connection made with {@link DeribitAdapter} (or {@link DeribitClient}).
     *
     * @param connection the connection.
     */
    public DeribitOrderEntry(final Connection connection)
    {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /**
     * Places a buy order.
     *
     * @param order the order.
     * @return completes with the order as the venue accepted it (state, fills), or exceptionally.
     */
    public CompletableFuture<DeribitOrder> buy(final DeribitOrderRequest order)
    {
        return send(BUY_METHOD, Objects.requireNonNull(order, "order"));
    }

    /**
     * Places a sell order.
     *
     * @param order the order.
     * @return completes with the order as the venue accepted it (state, fills), or exceptionally.
     */
    public CompletableFuture<DeribitOrder> sell(final DeribitOrderRequest order)
    {
        return send(SELL_METHOD, Objects.requireNonNull(order, "order"));
    }

    /**
     * Cancels an order.
     *
     * @param orderId the order id, e.g. {@code ETH-584849853}.
     * @return completes with the cancelled order, or exceptionally ({@code order_not_found}, {@code not_open_order}
     * for an order already filled or cancelled...).
     */
    public CompletableFuture<DeribitOrder> cancel(final String orderId)
    {
        if (orderId == null || orderId.isBlank())
        {
            throw new IllegalArgumentException("orderId: must not be blank");
        }
        return send(CANCEL_METHOD, encoder -> encoder.startObject().name("order_id").string(orderId).endObject());
    }

    private CompletableFuture<DeribitOrder> send(final String method, final JsonPayload params)
    {
        final CompletableFuture<DeribitOrder> result = new CompletableFuture<>();
        connection.request(method, params, Operation.ORDER).whenComplete((response, failure) ->
        {
            if (failure != null)
            {
                result.completeExceptionally(unwrap(failure));
                return;
            }
            complete(result, method, response);
        });
        return result;
    }

    private static void complete(final CompletableFuture<DeribitOrder> result, final String method,
        final Response response)
    {
        if (response.isError())
        {
            result.completeExceptionally(new DeribitException(method, response.errorCode(), response.errorMessage()));
            return;
        }
        final DeribitOrder order = DeribitOrderParser.parse(response);
        if (order == null)
        {
            result.completeExceptionally(new DeribitException(method, 0, "the result is not an order"));
            return;
        }
        result.complete(order);
    }

    private static Throwable unwrap(final Throwable failure)
    {
        return (failure instanceof CompletionException || failure instanceof ExecutionException) &&
            failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public String toString()
    {
        return "DeribitOrderEntry{connection=" + connection.id() + "}";
    }
}
