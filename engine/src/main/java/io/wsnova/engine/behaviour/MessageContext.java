package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.JsonPayload;

import io.wsnova.engine.api.Connection;
import org.agrona.DirectBuffer;

/**
 * What a {@link MessageHandler} may do from inside {@link MessageHandler#handle}: reply on the connection, send
 * a request, close. One reusable instance per connection; valid during the callback. Replies are encoded straight
 * into the send buffer, so they allocate nothing.
 */
public interface MessageContext
{
    /**
     * The connection the message arrived on.
     *
     * @return the connection.
     */
    Connection connection();

    /**
     * Sends a text reply.
     *
     * @param text the reply.
     * @return bytes written, or a negative send result (see {@link io.wsnova.engine.api.WebSocket}).
     */
    int reply(CharSequence text);

    /**
     * Sends a text reply whose UTF-8 bytes the caller holds.
     *
     * @param buffer holds the reply.
     * @param offset start.
     * @param length length.
     * @return bytes written, or a negative send result.
     */
    int reply(DirectBuffer buffer, int offset, int length);

    /**
     * Sends a JSON reply encoded straight into the send buffer.
     *
     * @param payload writes the JSON.
     * @return bytes written, or a negative send result.
     */
    int replyJson(JsonPayload payload);

    /**
     * Sends a fire-and-forget request built by the message handler's request encoding with a fresh id (for
     * example Deribit's {@code public/test} answer to a {@code test_request}). Its response is matched and dropped.
     *
     * @param method the method.
     * @param params writes the params object, or null for none.
     * @return the request id, or a negative send result.
     */
    long request(String method, JsonPayload params);

    /**
     * Reports the venue's own timestamp of the message being handled, in milliseconds since the epoch, for the
     * {@code VENUE} latency stage (venue timestamp to message decoded, on the wall clock). Allocation-free; ignored
     * when the message is not one of the sampled ones or stage timing is off. Call it from the handler only.
     *
     * @param epochMs the venue's timestamp (e.g. Deribit's {@code timestamp}).
     */
    default void recordVenueTimestampMs(final long epochMs)
    {
    }

    /**
     * As {@link #recordVenueTimestampMs}, for a timestamp in microseconds since the epoch.
     *
     * @param epochUs the venue's timestamp.
     */
    default void recordVenueTimestampUs(final long epochUs)
    {
    }

    /**
     * Reports a gap in the venue's sequence numbers (a message the venue sent and this connection never saw),
     * counted in the connection's {@code SEQUENCE_GAPS} counter. Allocation-free; call it from the handler only.
     */
    default void recordSequenceGap()
    {
    }

    /**
     * Closes the connection.
     *
     * @param code   close code.
     * @param reason close reason.
     */
    void close(int code, String reason);
}
