package io.wsnova.adapters.coinbase;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Drives a {@link CoinbaseMessageHandler} the way the engine's message path does (decode, classify, handle) with
 * messages in off-heap buffers at an offset, without a connection (a gap is reported but resubscribes nothing).
 * Counts what reaches the listener without allocating.
 */
final class CoinbaseHandlerHarness
{
    static final int OFFSET = 11;

    /** Counts events; no allocation. */
    static final class Counting implements MarketListener
    {
        long trades;
        long books;
        long tops;
        long statuses;
        long checksum;

        @Override
        public void onTrade(final Trade trade)
        {
            trades++;
            checksum += trade.price().mantissa() + trade.tradeId().numeric();
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            books++;
            checksum += book.bids().depth() + book.asks().depth();
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            tops++;
            checksum += top.bidPrice().mantissa();
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses++;
        }
    }

    final Counting counting = new Counting();
    final CoinbaseAdapter adapter;
    final CoinbaseSession session;
    final CoinbaseMessageHandler handler;
    private final InboundMessage message = new InboundMessage();
    private final MessageContext context = new MessageContext()
    {
        @Override
        public Connection connection()
        {
            return null;
        }

        @Override
        public int reply(final CharSequence text)
        {
            return 0;
        }

        @Override
        public int reply(final DirectBuffer buffer, final int offset, final int length)
        {
            return 0;
        }

        @Override
        public int replyJson(final JsonPayload payload)
        {
            return 0;
        }

        @Override
        public long request(final String method, final JsonPayload params)
        {
            return 0;
        }

        @Override
        public void close(final int code, final String reason)
        {
        }
    };

    CoinbaseHandlerHarness()
    {
        this(null);
    }

    CoinbaseHandlerHarness(final MarketListener listener)
    {
        adapter = CoinbaseAdapter.builder().listener(listener != null ? listener : counting).build();
        session = new CoinbaseSession(adapter, false);
        handler = new CoinbaseMessageHandler(adapter, session);
    }

    /**
     * One message through decode, classify and handle.
     *
     * @return the kind, or -1 when decode refused it.
     */
    int receive(final DirectBuffer buffer, final int length)
    {
        return receive(buffer, length, System.nanoTime());
    }

    /**
     * One message received at a chosen time (a fake clock for the handler's deadlines).
     *
     * @return the kind, or -1 when decode refused it.
     */
    int receive(final DirectBuffer buffer, final int length, final long receivedNs)
    {
        message.wrap(InboundMessage.TEXT, buffer, OFFSET, length, receivedNs);
        if (!handler.decode(message))
        {
            return -1;
        }
        final int kind = handler.classify(message);
        if (kind == MessageHandler.KIND_DATA || kind == MessageHandler.KIND_HEARTBEAT)
        {
            handler.handle(message, context);
        }
        return kind;
    }

    int receive(final String json)
    {
        return receive(offHeap(json), length(json));
    }

    int receive(final String json, final long receivedNs)
    {
        return receive(offHeap(json), length(json), receivedNs);
    }

    OrderBook book(final String product)
    {
        return handler.events().book(product);
    }

    static UnsafeBuffer offHeap(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + bytes.length));
        buffer.putBytes(OFFSET, bytes);
        return buffer;
    }

    static int length(final String json)
    {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }
}
