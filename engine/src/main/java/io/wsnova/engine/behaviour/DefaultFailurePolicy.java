package io.wsnova.engine.behaviour;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.engine.api.CloseStatus;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link FailurePolicy}.
 * <p>
 * Reconnects after: EOF or reset, keepalive/idle/send timeouts, protocol errors, a slow consumer, and a server
 * close with 1001 (going away), 1006, 1011 (internal error), 1012 (restart), 1013 (try again later) or 1014 (bad
 * gateway). Never after a close the application asked for, another server close code, a throwing handler, or an
 * authentication failure. The attempt limit is the connection's option, applied by the engine.
 */
public class DefaultFailurePolicy implements FailurePolicy
{
    private final AtomicLong errors = new AtomicLong();

    /**
     * Creates a handler with its own error count.
     */
    public DefaultFailurePolicy()
    {
    }

    @Override
    public Category classify(final CloseStatus status)
    {
        return switch (status.reason())
        {
            case LOCAL_CLOSE -> Category.LOCAL;
            case REMOTE_CLOSE -> Category.SERVER_CLOSE;
            case PROTOCOL_ERROR, TLS_ERROR -> Category.PROTOCOL;
            case HANDLER_ERROR -> Category.APPLICATION;
            default -> Category.TRANSIENT;
        };
    }

    @Override
    public boolean shouldReconnect(final CloseStatus status, final int attempt)
    {
        return switch (status.reason())
        {
            case LOCAL_CLOSE, HANDLER_ERROR -> false;
            case REMOTE_CLOSE -> isReconnectCloseCode(status.closeCode());
            default -> true;
        };
    }

    /**
     * Whether a server close code means "come back later".
     *
     * @param closeCode the code the server sent.
     * @return true for 1001, 1006, 1011, 1012, 1013, 1014.
     */
    public static boolean isReconnectCloseCode(final int closeCode)
    {
        return closeCode == CloseCodes.GOING_AWAY ||
            closeCode == CloseCodes.ABNORMAL_CLOSURE ||
            closeCode == CloseCodes.INTERNAL_ERROR ||
            closeCode == CloseCodes.SERVICE_RESTART ||
            closeCode == CloseCodes.TRY_AGAIN_LATER ||
            closeCode == CloseCodes.BAD_GATEWAY;
    }

    @Override
    public void onError(final Category category, final String message, final Throwable cause)
    {
        errors.incrementAndGet();
    }

    @Override
    public long errorCount()
    {
        return errors.get();
    }
}
