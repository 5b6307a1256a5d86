package io.wsnova.engine.client;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.behaviour.FailurePolicy;

import java.util.concurrent.CompletionException;

/**
 * Which failures of the first set-up a retry can fix.
 */
final class SetUpFailures
{
    private SetUpFailures()
    {
    }

    static Throwable unwrap(final Throwable error)
    {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Whether a failed first connect is worth retrying: not for what a retry cannot fix (invalid options, DNS,
     * TLS, an invalid 101, an upgrade rejected with a 4xx other than 429).
     */
    static boolean isRetryableConnect(final Throwable error)
    {
        if (!(error instanceof WebSocketConnectException failure))
        {
            return false;
        }
        return switch (failure.kind())
        {
            case REFUSED, TIMEOUT, IO -> true;
            case HANDSHAKE_REJECTED -> failure.statusCode() == 429 || failure.statusCode() >= 500;
            default -> false;
        };
    }

    /**
     * Whether a failed authentication during the first set-up is worth another connection: anything but refused
     * credentials, and refused credentials too when the failure policy puts the failure down to the venue's rate
     * limit (a venue that answers an auth with its rate-limit error).
     */
    static boolean isTemporary(final Throwable error, final FailurePolicy failurePolicy)
    {
        if (!(error instanceof RequestException failure))
        {
            return false;
        }
        if (failure.kind() != RequestException.Kind.AUTH_FAILED)
        {
            return failure.kind() != RequestException.Kind.REMOTE_ERROR;
        }
        return failurePolicy.classify(new CloseStatus(DisconnectReason.REMOTE_CLOSE, CloseCodes.POLICY_VIOLATION,
            "authentication refused", failure)) == FailurePolicy.Category.RATE_LIMIT;
    }
}
