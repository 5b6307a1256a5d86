package io.wsnova.engine.api;

import io.wsnova.codec.json.JsonEncoder;

/**
 * Writes a JSON value through an encoder that writes straight into the connection's send buffer. Store
 * implementations once and reuse them: a lambda that captures nothing allocates nothing.
 */
@FunctionalInterface
public interface JsonPayload
{
    /**
     * Writes one complete JSON value.
     *
     * @param encoder the encoder, positioned where the value goes.
     */
    void writeTo(JsonEncoder encoder);
}
