package io.wsnova.engine.behaviour;

import io.wsnova.engine.api.JsonPayload;

import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.engine.api.Response;

/**
 * The venue's message protocol on the hot path: decode, validate and classify every message, handle data messages
 * (route them to the application), and encode requests. The engine calls
 * {@link #decode}, {@link #validate} and {@link #classify} for every received message on the message path
 * (the reader thread, or the handler thread of a queued pipeline), then either matches a response to its request
 * ({@link #KIND_RESPONSE}) or calls {@link #handle}.
 * <p>
 * Allocation-free by contract on that path: the message is a flyweight valid for the call, decoding goes into
 * objects the handler owns and reuses, and replies go through the reusable {@link MessageContext}. A handler
 * instance serves one connection (adapters return a new one per connection).
 */
public interface MessageHandler
{
    /** Market data or any other message for {@link #handle}. */
    int KIND_DATA = 0;
    /** A response to a request: matched by {@link #responseId}; never passed to {@link #handle}. */
    int KIND_RESPONSE = 1;
    /** A venue heartbeat: passed to {@link #handle}, which answers it if the venue asks. */
    int KIND_HEARTBEAT = 2;
    /** A message to drop silently (counted). */
    int KIND_IGNORE = 3;
    /** {@link #responseId} result when the message carries no usable id. */
    long NO_ID = Long.MIN_VALUE;

    /**
     * Decodes the message into handler-owned (pooled) state.
     *
     * @param message the message.
     * @return false when the message is malformed: it is counted, reported to the failure policy and dropped,
     *         and the connection goes on.
     */
    default boolean decode(final InboundMessage message)
    {
        return true;
    }

    /**
     * Checks the decoded message.
     *
     * @param message the message.
     * @return false to drop it (counted).
     */
    default boolean validate(final InboundMessage message)
    {
        return true;
    }

    /**
     * Classifies the decoded message.
     *
     * @param message the message.
     * @return one of the {@code KIND_*} constants.
     */
    default int classify(final InboundMessage message)
    {
        return KIND_DATA;
    }

    /**
     * The request id a {@link #KIND_RESPONSE} message answers. A venue with string ids returns
     * {@link RequestIds#parse} of the string: the request's number, or {@link #NO_ID} for a string that is none of
     * ours (still a response: counted as unmatched and dropped, never malformed).
     *
     * @param message the message.
     * @return the id, or {@link #NO_ID}.
     */
    default long responseId(final InboundMessage message)
    {
        return NO_ID;
    }

    /**
     * Builds the immutable response handed to the request's future (control plane: may allocate).
     *
     * @param id      the id from {@link #responseId}.
     * @param message the message.
     * @return the response.
     */
    default Response toResponse(final long id, final InboundMessage message)
    {
        return Response.fromJson(id, message.buffer(), message.offset(), message.length());
    }

    /**
     * Handles a data or heartbeat message.
     *
     * @param message the message, valid during the call.
     * @param context what the handler may do (reply, request, close), valid during the call.
     */
    void handle(InboundMessage message, MessageContext context);

    /**
     * Encodes a request with its correlation id. The default writes JSON-RPC 2.0:
     * {@code {"jsonrpc":"2.0","id":ID,"method":METHOD,"params":PARAMS}}. Runs on the thread that sends the request
     * (the caller of {@code request}/{@code subscribe}, the event thread for authentication and restore, the message
     * thread for {@link MessageContext#request}), one request at a time per connection. A venue with string ids
     * writes the id's decimal text (see {@link RequestIds}).
     *
     * @param id      the request id the response will carry.
     * @param method  the method.
     * @param params  writes the params value, or null for {@code {}}.
     * @param encoder the encoder, positioned at the start of the message.
     */
    default void encodeRequest(final long id, final String method, final JsonPayload params, final JsonEncoder encoder)
    {
        encoder.startObject()
            .name("jsonrpc").string("2.0")
            .name("id").number(id)
            .name("method").string(method)
            .name("params");
        if (params == null)
        {
            encoder.startObject().endObject();
        }
        else
        {
            params.writeTo(encoder);
        }
        encoder.endObject();
    }
}
