package io.wsnova.adapters.deribit;

import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.MarketListener;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Drives a {@link DeribitMessageHandler} with the normalized-event bridge of a real {@link DeribitAdapter} (its
 * registry), as the engine does (decode, classify, handle), stamping each message with a given receive time.
 */
final class DeribitNormalizedHarness
{
    final DeribitAdapter adapter;
    final DeribitMessageHandler handler;
    final DeribitHandlerHarness.Context context = new DeribitHandlerHarness.Context();
    private final InboundMessage message = new InboundMessage();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);

    DeribitNormalizedHarness(final DeribitMarketListener deribit, final MarketListener market)
    {
        adapter = DeribitAdapter.builder().listener(deribit).marketListener(market).build();
        handler = new DeribitMessageHandler(deribit, new DeribitMarketBridge(deribit, market, adapter),
            new DeribitNumberCounters(), new AtomicLongArray(DeribitBookStatus.count()), new ManualBookTimer(),
            DeribitAdapter.DEFAULT_BOOK_RESYNC_TIMEOUT_MS, DeribitAdapter.DEFAULT_BOOK_RESYNC_BACKOFF_MS,
            DeribitAdapter.DEFAULT_BOOK_RESYNC_MAX_TRIES);
    }

    /**
     * Decodes and handles one message received at {@code receivedNs}; a malformed message throws.
     */
    void receive(final String json, final long receivedNs)
    {
        final int length = buffer.putStringWithoutLengthUtf8(0, json);
        message.wrap(InboundMessage.TEXT, buffer, 0, length, receivedNs);
        if (!handler.decode(message))
        {
            throw new AssertionError("malformed: " + json);
        }
        if (handler.classify(message) != MessageHandler.KIND_RESPONSE)
        {
            handler.handle(message, context);
        }
    }

    DeribitOrderBook book(final String channel)
    {
        return handler.book(channel);
    }
}
