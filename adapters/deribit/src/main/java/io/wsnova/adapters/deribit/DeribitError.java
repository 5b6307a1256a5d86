package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.behaviour.FailurePolicy;

/**
 * Deribit API v2 error codes (as documented for v2.1.1) mapped to what the client should do about them:
 * {@link #of(long)} maps a code, {@link #kind()} groups it, and {@link #isRetryable()}, {@link #isTerminal()} and
 * {@link #category()} drive the request path ({@link DeribitException}) and the connection
 * ({@link DeribitFailurePolicy}).
 * <table>
 *   <caption>What the client does</caption>
 *   <tr><th>kind</th><th>codes</th><th>request</th><th>connection</th></tr>
 *   <tr><td>{@link Kind#RATE_LIMIT}</td><td>10028</td><td>not executed; retry later</td>
 *       <td>the venue ends the session: reconnect once the credits have refilled</td></tr>
 *   <tr><td>{@link Kind#AUTH}</td><td>13004, 13009</td><td>refused</td>
 *       <td>terminal: never reconnect with credentials that were refused</td></tr>
 *   <tr><td>{@link Kind#RETRY}</td><td>10040, 10047, 10066, 13028, 13503</td><td>not executed; retry</td>
 *       <td>unchanged</td></tr>
 *   <tr><td>{@link Kind#MAINTENANCE}</td><td>11051</td><td>not executed; retry after maintenance</td>
 *       <td>reconnect with a longer backoff</td></tr>
 *   <tr><td>{@link Kind#REJECTED}</td><td>order and request errors</td><td>refused as sent</td>
 *       <td>unchanged</td></tr>
 *   <tr><td>{@link Kind#INVALID_REQUEST}</td><td>JSON-RPC errors, 11050</td><td>refused as sent</td>
 *       <td>unchanged</td></tr>
 * </table>
 */
public enum DeribitError
{
    /** {@code authorization_required}: a private method without an authenticated session. */
    AUTHORIZATION_REQUIRED(10000, "authorization_required", Kind.REJECTED),
    /** {@code error}: a generic failure. */
    ERROR(10001, "error", Kind.REJECTED),
    /** {@code qty_too_low}. */
    QTY_TOO_LOW(10002, "qty_too_low", Kind.REJECTED),
    /** {@code order_not_found}. */
    ORDER_NOT_FOUND(10004, "order_not_found", Kind.REJECTED),
    /** {@code not_enough_funds}. */
    NOT_ENOUGH_FUNDS(10009, "not_enough_funds", Kind.REJECTED),
    /** {@code invalid_or_unsupported_instrument}. */
    INVALID_OR_UNSUPPORTED_INSTRUMENT(10020, "invalid_or_unsupported_instrument", Kind.REJECTED),
    /** {@code too_many_requests}: the credits ran out; the venue ends the session. */
    TOO_MANY_REQUESTS(10028, "too_many_requests", Kind.RATE_LIMIT),
    /** {@code retry}: a transient failure; the same request may be sent again. */
    RETRY(10040, "retry", Kind.RETRY),
    /** {@code price_wrong_tick}. */
    PRICE_WRONG_TICK(10043, "price_wrong_tick", Kind.REJECTED),
    /** {@code matching_engine_queue_full}. */
    MATCHING_ENGINE_QUEUE_FULL(10047, "matching_engine_queue_full", Kind.RETRY),
    /** {@code too_many_concurrent_requests}: too many public requests not yet executed. */
    TOO_MANY_CONCURRENT_REQUESTS(10066, "too_many_concurrent_requests", Kind.RETRY),
    /** {@code not_open_order}. */
    NOT_OPEN_ORDER(11044, "not_open_order", Kind.REJECTED),
    /** {@code bad_request}: the request could not be parsed. */
    BAD_REQUEST(11050, "bad_request", Kind.INVALID_REQUEST),
    /** {@code system_maintenance}. */
    SYSTEM_MAINTENANCE(11051, "system_maintenance", Kind.MAINTENANCE),
    /** {@code subscribe_error_unsubscribed}. */
    SUBSCRIBE_ERROR_UNSUBSCRIBED(11052, "subscribe_error_unsubscribed", Kind.REJECTED),
    /** {@code unauthenticated_public_requests_temporarily_disabled}. */
    UNAUTHENTICATED_PUBLIC_REQUESTS_TEMPORARILY_DISABLED(11056,
        "unauthenticated_public_requests_temporarily_disabled", Kind.REJECTED),
    /** {@code invalid_credentials}: the client id or secret was refused. */
    INVALID_CREDENTIALS(13004, "invalid_credentials", Kind.AUTH),
    /** {@code unauthorized}: a wrong or expired token, or a bad signature. */
    UNAUTHORIZED(13009, "unauthorized", Kind.AUTH),
    /** {@code not_found}, e.g. an invalid instrument. */
    NOT_FOUND(13020, "not_found", Kind.REJECTED),
    /** {@code forbidden}: the token's scope does not allow the method. */
    FORBIDDEN(13021, "forbidden", Kind.REJECTED),
    /** {@code temporarily_unavailable}. */
    TEMPORARILY_UNAVAILABLE(13028, "temporarily_unavailable", Kind.RETRY),
    /** {@code unavailable}. */
    UNAVAILABLE(13503, "unavailable", Kind.RETRY),
    /** {@code raw_subscriptions_not_available_for_unauthorized}: {@code raw} channels need an authenticated session. */
    RAW_SUBSCRIPTIONS_NOT_AVAILABLE_FOR_UNAUTHORIZED(13778, "raw_subscriptions_not_available_for_unauthorized",
        Kind.REJECTED),
    /** JSON-RPC {@code Parse error}. */
    PARSE_ERROR(-32700, "Parse error", Kind.INVALID_REQUEST),
    /** JSON-RPC {@code Method not found}. */
    METHOD_NOT_FOUND(-32601, "Method not found", Kind.INVALID_REQUEST),
    /** JSON-RPC {@code Invalid params}. */
    INVALID_PARAMS(-32602, "Invalid params", Kind.INVALID_REQUEST),
    /** JSON-RPC {@code Missing params}. */
    MISSING_PARAMS(-32000, "Missing params", Kind.INVALID_REQUEST),
    /** A code not listed here (see {@link DeribitException#code()} for the venue's code). */
    UNKNOWN(0, "unknown", Kind.UNKNOWN);

    /**
     * What an error means for the client.
     */
    public enum Kind
    {
        /** The credits ran out: the request was not executed and the venue ends the session. */
        RATE_LIMIT,
        /** The credentials or the token were refused: terminal for the connection. */
        AUTH,
        /** A transient failure: the request was not executed and may be sent again. */
        RETRY,
        /** The venue is in maintenance: reconnect and retry later. */
        MAINTENANCE,
        /** The venue refused the request as sent (funds, instrument, order state, tick, scope...). */
        REJECTED,
        /** The request was malformed (JSON-RPC level). */
        INVALID_REQUEST,
        /** Not a documented code. */
        UNKNOWN
    }

    private static final DeribitError[] VALUES = values();

    private final int code;
    private final String venueMessage;
    private final Kind kind;

    DeribitError(final int code, final String venueMessage, final Kind kind)
    {
        this.code = code;
        this.venueMessage = venueMessage;
        this.kind = kind;
    }

    /**
     * Maps a venue error code. Allocation-free; any thread.
     *
     * @param code the {@code error.code} of a response.
     * @return the error, or {@link #UNKNOWN}.
     */
    public static DeribitError of(final long code)
    {
        for (final DeribitError error : VALUES)
        {
            if (error.code == code)
            {
                return error;
            }
        }
        return UNKNOWN;
    }

    /**
     * Maps the failure of a request, subscription or authentication future.
     *
     * @param failure a {@link DeribitException}, or a {@link RequestException} with a venue code (REMOTE_ERROR,
     *                AUTH_FAILED), possibly wrapped in a {@code CompletionException} or {@code ExecutionException}.
     * @return the error, or {@link #UNKNOWN} when the failure carries no venue code (a timeout, a disconnect...).
     */
    public static DeribitError of(final Throwable failure)
    {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 4; depth++)
        {
            if (cause instanceof DeribitException deribit)
            {
                return deribit.error();
            }
            if (cause instanceof RequestException request)
            {
                return request.errorCode() == 0 ? UNKNOWN : of(request.errorCode());
            }
            cause = cause.getCause();
        }
        return UNKNOWN;
    }

    /**
     * The venue's code.
     *
     * @return e.g. 10028; 0 for {@link #UNKNOWN}.
     */
    public int code()
    {
        return code;
    }

    /**
     * The venue's message for the code.
     *
     * @return e.g. {@code too_many_requests}.
     */
    public String venueMessage()
    {
        return venueMessage;
    }

    /**
     * What the error means for the client.
     *
     * @return the kind.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * Whether the venue did not execute the request and the same request may succeed if sent again (at once for
     * {@link Kind#RETRY}, after the credits refill for {@link Kind#RATE_LIMIT}, after maintenance for
     * {@link Kind#MAINTENANCE}).
     *
     * @return true for those kinds.
     */
    public boolean isRetryable()
    {
        return kind == Kind.RETRY || kind == Kind.RATE_LIMIT || kind == Kind.MAINTENANCE;
    }

    /**
     * Whether the connection must stop rather than reconnect: the credentials or the token were refused, and
     * reconnecting with them would only be refused again (and could lock the account).
     *
     * @return true for {@link Kind#AUTH}.
     */
    public boolean isTerminal()
    {
        return kind == Kind.AUTH;
    }

    /**
     * The engine's error category for this error.
     *
     * @return RATE_LIMIT, AUTH, TRANSIENT (retry, unknown), SERVER_CLOSE (maintenance), PROTOCOL (invalid request)
     * or APPLICATION (the application asked for something the venue refused).
     */
    public FailurePolicy.Category category()
    {
        return switch (kind)
        {
            case RATE_LIMIT -> FailurePolicy.Category.RATE_LIMIT;
            case AUTH -> FailurePolicy.Category.AUTH;
            case MAINTENANCE -> FailurePolicy.Category.SERVER_CLOSE;
            case INVALID_REQUEST -> FailurePolicy.Category.PROTOCOL;
            case REJECTED -> FailurePolicy.Category.APPLICATION;
            default -> FailurePolicy.Category.TRANSIENT;
        };
    }
}
