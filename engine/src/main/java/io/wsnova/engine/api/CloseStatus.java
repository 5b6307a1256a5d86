package io.wsnova.engine.api;

/**
 * How a connection ended.
 *
 * @param reason    why it ended.
 * @param closeCode the close code received from the server (for {@link DisconnectReason#REMOTE_CLOSE}), sent to
 *                  it (protocol errors, local close), or 1006 when there was no close frame.
 * @param message   the close reason text or a description of the failure; never contains secrets.
 * @param cause     the exception behind a failure, or null.
 */
public record CloseStatus(DisconnectReason reason, int closeCode, String message, Throwable cause)
{
    @Override
    public String toString()
    {
        return reason + " (" + closeCode + (message == null || message.isEmpty() ? "" : ": " + message) + ")";
    }
}
