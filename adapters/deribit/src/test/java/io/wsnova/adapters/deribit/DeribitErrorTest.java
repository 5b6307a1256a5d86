package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.behaviour.FailurePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DeribitErrorTest
{
    private static final long RATE_LIMIT_BACKOFF_MS = 5_000L;
    private static final long MAINTENANCE_BACKOFF_MS = 30_000L;
    private static final CloseStatus NORMAL_CLOSE = new CloseStatus(DisconnectReason.REMOTE_CLOSE, 1000, "", null);
    private static final CloseStatus EOF = new CloseStatus(DisconnectReason.EOF, 1006, "", null);
    private static final CloseStatus LOCAL = new CloseStatus(DisconnectReason.LOCAL_CLOSE, 1000, "", null);

    private long nowNs = 1_000_000_000L;
    private final DeribitFailurePolicy handler =
        new DeribitFailurePolicy(RATE_LIMIT_BACKOFF_MS, MAINTENANCE_BACKOFF_MS, () -> nowNs);

    @ParameterizedTest
    @CsvSource({
        "10000, AUTHORIZATION_REQUIRED, REJECTED, false, false, APPLICATION",
        "10001, ERROR, REJECTED, false, false, APPLICATION",
        "10002, QTY_TOO_LOW, REJECTED, false, false, APPLICATION",
        "10004, ORDER_NOT_FOUND, REJECTED, false, false, APPLICATION",
        "10009, NOT_ENOUGH_FUNDS, REJECTED, false, false, APPLICATION",
        "10020, INVALID_OR_UNSUPPORTED_INSTRUMENT, REJECTED, false, false, APPLICATION",
        "10028, TOO_MANY_REQUESTS, RATE_LIMIT, true, false, RATE_LIMIT",
        "10040, RETRY, RETRY, true, false, TRANSIENT",
        "10043, PRICE_WRONG_TICK, REJECTED, false, false, APPLICATION",
        "10047, MATCHING_ENGINE_QUEUE_FULL, RETRY, true, false, TRANSIENT",
        "10066, TOO_MANY_CONCURRENT_REQUESTS, RETRY, true, false, TRANSIENT",
        "11044, NOT_OPEN_ORDER, REJECTED, false, false, APPLICATION",
        "11050, BAD_REQUEST, INVALID_REQUEST, false, false, PROTOCOL",
        "11051, SYSTEM_MAINTENANCE, MAINTENANCE, true, false, SERVER_CLOSE",
        "11052, SUBSCRIBE_ERROR_UNSUBSCRIBED, REJECTED, false, false, APPLICATION",
        "11056, UNAUTHENTICATED_PUBLIC_REQUESTS_TEMPORARILY_DISABLED, REJECTED, false, false, APPLICATION",
        "13004, INVALID_CREDENTIALS, AUTH, false, true, AUTH",
        "13009, UNAUTHORIZED, AUTH, false, true, AUTH",
        "13020, NOT_FOUND, REJECTED, false, false, APPLICATION",
        "13021, FORBIDDEN, REJECTED, false, false, APPLICATION",
        "13028, TEMPORARILY_UNAVAILABLE, RETRY, true, false, TRANSIENT",
        "13503, UNAVAILABLE, RETRY, true, false, TRANSIENT",
        "13778, RAW_SUBSCRIPTIONS_NOT_AVAILABLE_FOR_UNAUTHORIZED, REJECTED, false, false, APPLICATION",
        "-32700, PARSE_ERROR, INVALID_REQUEST, false, false, PROTOCOL",
        "-32601, METHOD_NOT_FOUND, INVALID_REQUEST, false, false, PROTOCOL",
        "-32602, INVALID_PARAMS, INVALID_REQUEST, false, false, PROTOCOL",
        "-32000, MISSING_PARAMS, INVALID_REQUEST, false, false, PROTOCOL",
        "0, UNKNOWN, UNKNOWN, false, false, TRANSIENT",
        "99999, UNKNOWN, UNKNOWN, false, false, TRANSIENT"})
    void shouldMapEveryDocumentedCode(final long code, final DeribitError error, final DeribitError.Kind kind,
        final boolean retryable, final boolean terminal, final FailurePolicy.Category category)
    {
        assertThat(DeribitError.of(code)).isEqualTo(error);
        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.isRetryable()).isEqualTo(retryable);
        assertThat(error.isTerminal()).isEqualTo(terminal);
        assertThat(error.category()).isEqualTo(category);
    }

    @ParameterizedTest
    @EnumSource(DeribitError.class)
    void shouldRoundTripEveryErrorThroughItsCode(final DeribitError error)
    {
        assertThat(DeribitError.of(error.code())).isEqualTo(error);
        assertThat(error.venueMessage()).isNotBlank();
    }

    @Test
    void shouldMapTheFailuresOfFutures()
    {
        final DeribitException refused = new DeribitException("private/buy", 10009, "not_enough_funds");
        final RequestException authFailed = new RequestException(RequestException.Kind.AUTH_FAILED, 13004,
            "authentication refused: invalid_credentials");
        final RequestException timeout = new RequestException(RequestException.Kind.TIMEOUT, 0, "no response");

        assertThat(DeribitError.of(new ExecutionException(refused))).isEqualTo(DeribitError.NOT_ENOUGH_FUNDS);
        assertThat(DeribitError.of(new CompletionException(authFailed))).isEqualTo(DeribitError.INVALID_CREDENTIALS);
        assertThat(DeribitError.of(timeout)).isEqualTo(DeribitError.UNKNOWN);
        assertThat(DeribitError.of(new IllegalStateException())).isEqualTo(DeribitError.UNKNOWN);
        assertThat(new DeribitException("private/cancel", 77777, null).getMessage())
            .isEqualTo("private/cancel failed: 77777 unknown");
        assertThat(new DeribitException("private/cancel", 77777, null).code()).isEqualTo(77777L);
    }

    @Test
    void shouldReconnectAfterTooManyRequestsWhateverTheCloseCodeOnceTheCreditsRefill()
    {
        assertThat(handler.shouldReconnect(NORMAL_CLOSE, 1)).isFalse();

        handler.onErrorResponse("public/subscribe", 10028, "too_many_requests");

        assertThat(handler.classify(NORMAL_CLOSE)).isEqualTo(FailurePolicy.Category.RATE_LIMIT);
        assertThat(handler.shouldReconnect(NORMAL_CLOSE, 1)).isTrue();
        assertThat(handler.reconnectDelayMs(NORMAL_CLOSE, 1, 100)).isEqualTo(RATE_LIMIT_BACKOFF_MS);
        assertThat(handler.reconnectDelayMs(EOF, 2, 200)).isEqualTo(200);
        assertThat(handler.shouldReconnect(NORMAL_CLOSE, 2)).isFalse();
        assertThat(handler.rateLimitErrors()).isEqualTo(1);
    }

    @Test
    void shouldKeepALongerBackoffOfItsOwn()
    {
        handler.onErrorResponse("public/test", 10028, "too_many_requests");

        assertThat(handler.reconnectDelayMs(EOF, 6, 9_000)).isEqualTo(9_000);
    }

    @Test
    void shouldReconnectAfterMaintenanceWithTheLongerBackoff()
    {
        handler.onErrorResponse("private/buy", 11051, "system_maintenance");

        assertThat(handler.classify(NORMAL_CLOSE)).isEqualTo(FailurePolicy.Category.SERVER_CLOSE);
        assertThat(handler.shouldReconnect(NORMAL_CLOSE, 1)).isTrue();
        assertThat(handler.reconnectDelayMs(NORMAL_CLOSE, 1, 100)).isEqualTo(MAINTENANCE_BACKOFF_MS);
        assertThat(handler.maintenanceErrors()).isEqualTo(1);
    }

    @Test
    void shouldNotBlameACloseLongAfterTheErrorOnIt()
    {
        handler.onErrorResponse("private/buy", 11051, "system_maintenance");

        nowNs += TimeUnit.MILLISECONDS.toNanos(DeribitFailurePolicy.CAUSE_WINDOW_MS + 1);

        assertThat(handler.shouldReconnect(NORMAL_CLOSE, 1)).isFalse();
        assertThat(handler.reconnectDelayMs(EOF, 1, 100)).isEqualTo(100);
        assertThat(handler.classify(EOF)).isEqualTo(FailurePolicy.Category.TRANSIENT);
    }

    @Test
    void shouldStopForGoodWhenTheReauthenticationIsRefused()
    {
        // As the engine reports it: the failure of a dependent future, wrapped.
        handler.onError(FailurePolicy.Category.AUTH, "re-authentication after reconnect failed",
            new CompletionException(new RequestException(RequestException.Kind.AUTH_FAILED, 13004,
            "authentication refused")));

        assertThat(handler.terminalError()).isEqualTo(DeribitError.INVALID_CREDENTIALS);
        assertThat(handler.classify(EOF)).isEqualTo(FailurePolicy.Category.AUTH);
        assertThat(handler.shouldReconnect(EOF, 1)).isFalse();
        handler.onErrorResponse("public/test", 10028, "too_many_requests");
        assertThat(handler.shouldReconnect(NORMAL_CLOSE, 1)).isFalse();
        assertThat(handler.errorCount()).isEqualTo(1);
    }

    @Test
    void shouldOnlyCountAuthErrorsOnOtherResponsesAndRetries()
    {
        handler.onErrorResponse("public/auth", 13009, "unauthorized");
        handler.onErrorResponse("private/buy", 10040, "retry");
        handler.onErrorResponse("private/buy", 10009, "not_enough_funds");
        handler.onError(FailurePolicy.Category.AUTH, "refused without code",
            new RequestException(RequestException.Kind.AUTH_FAILED, 0, "no access_token"));

        assertThat(handler.terminalError()).isNull();
        assertThat(handler.authErrors()).isEqualTo(1);
        assertThat(handler.retryErrors()).isEqualTo(1);
        assertThat(handler.shouldReconnect(EOF, 1)).isTrue();
        assertThat(handler.reconnectDelayMs(EOF, 1, 100)).isEqualTo(100);
    }

    @Test
    void shouldNeverReconnectAfterTheApplicationClosed()
    {
        handler.onErrorResponse("public/test", 10028, "too_many_requests");

        assertThat(handler.shouldReconnect(LOCAL, 1)).isFalse();
        assertThat(handler.classify(LOCAL)).isEqualTo(FailurePolicy.Category.LOCAL);
    }
}
