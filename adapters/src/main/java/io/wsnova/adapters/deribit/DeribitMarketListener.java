package io.wsnova.adapters.deribit;

import io.wsnova.engine.behaviour.InboundMessage;

/**
 * Receives Deribit market data decoded by {@link DeribitAdapter}. Every method runs on the connection's message
 * thread (the reader, or the handler thread of a queued pipeline), one message at a time, and must not block.
 * The objects passed in are pooled: they are valid during the call only and are overwritten by the next message,
 * so copy what must outlive the call. Every method defaults to doing nothing; new channel kinds (book, trades,
 * quote) arrive as new default methods.
 */
public interface DeribitMarketListener
{
    /**
     * A ticker notification on a {@code ticker.{instrument}.{interval}} channel.
     *
     * @param ticker the decoded ticker, valid during the call.
     */
    default void onTicker(final DeribitTicker ticker)
    {
    }

    /**
     * A notification on a channel the adapter does not decode, or any other message that is neither a response
     * nor a heartbeat: delivered raw, never dropped silently.
     *
     * @param message the raw message, valid during the call.
     */
    default void onRaw(final InboundMessage message)
    {
    }
}
