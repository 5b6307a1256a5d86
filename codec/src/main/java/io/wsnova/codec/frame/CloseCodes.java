package io.wsnova.codec.frame;

/**
 * RFC 6455 section 7.4 close status codes and the rule for which of them a client accepts from the wire.
 * <p>
 * Accepted from a server: 1000-1003, 1007-1014 (1012-1014 are IANA-registered and venues send them when
 * restarting) and 3000-4999. Everything else (0-999, 1004-1006, 1015-2999, 5000 and above) is a protocol error
 * (1002). 1005 and 1006 are reserved for local use and are never sent.
 */
public final class CloseCodes
{
    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** The endpoint is going away (server shutdown, page navigation). */
    public static final int GOING_AWAY = 1001;
    /** Protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** Data of a type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Reserved: no status code was present in the close frame. Never sent on the wire. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** Reserved: the connection closed without a close frame. Never sent on the wire. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** A text message that was not valid UTF-8. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A message that violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** A frame or message larger than the endpoint accepts. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The client expected an extension the server did not negotiate. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** The server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** The service is restarting. */
    public static final int SERVICE_RESTART = 1012;
    /** Try again later (temporary overload). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** A gateway or proxy received an invalid response upstream. */
    public static final int BAD_GATEWAY = 1014;

    private CloseCodes()
    {
    }

    /**
     * Whether a status code received in a close frame from a server is legal.
     *
     * @param code the two-byte status code read from the close payload.
     * @return true if the code may appear on the wire; false means the frame is a protocol error (1002).
     */
    public static boolean isValidOnWire(final int code)
    {
        return (code >= NORMAL && code <= UNSUPPORTED_DATA) ||
            (code >= INVALID_PAYLOAD && code <= BAD_GATEWAY) ||
            (code >= 3000 && code <= 4999);
    }
}
