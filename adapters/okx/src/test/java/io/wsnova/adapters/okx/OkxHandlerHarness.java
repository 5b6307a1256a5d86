package io.wsnova.adapters.okx;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one connection's OKX message handler without an engine: messages in, events to a recording listener,
 * requests the handler sends recorded (and encoded through the handler, as the engine does).
 */
final class OkxHandlerHarness
{
    /** What the listener saw (message thread = the test thread). */
    static final class Recording implements MarketListener
    {
        final List<String> events = new ArrayList<>();
        final List<FeedStatus> statusCopies = new ArrayList<>();
        long trades;
        long books;
        long tops;
        long tickers;
        long statuses;
        long checksum;

        @Override
        public void onTrade(final Trade trade)
        {
            trades++;
            checksum += trade.price().mantissa() + trade.tradeId().numeric();
            if (events.size() < 10_000)
            {
                events.add("trade " + trade.tradeId() + " " + trade.price() + " " + trade.size() + " " +
                    trade.aggressor());
            }
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
        public void onTicker(final DerivativesTicker ticker)
        {
            tickers++;
            checksum += ticker.markPrice().mantissa();
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses++;
            if (events.size() < 10_000)
            {
                events.add("status " + status.state() + " " + status.reason());
            }
        }
    }

    final Recording listener = new Recording();
    final OkxAdapter adapter;
    final OkxMessageHandler handler;
    final List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Response> responses = new ArrayList<>();
    private final InboundMessage message = new InboundMessage();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
    private final java.util.concurrent.locks.ReentrantLock requestLock = new java.util.concurrent.locks.ReentrantLock();
    private long nextId = 1;
    private final io.wsnova.codec.json.JsonEncoder encoder = new io.wsnova.codec.json.JsonEncoder();
    private final UnsafeBuffer requestBuffer = new UnsafeBuffer(new byte[1 << 14]);

    /** Records {@code request(method, params, operation)} (the resync retry timer's path) as the context does. */
    private final Connection connection = (Connection)java.lang.reflect.Proxy.newProxyInstance(
        Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) ->
        {
            if ("request".equals(method.getName()) && args.length == 3 && args[1] instanceof JsonPayload payload)
            {
                request((String)args[0], payload);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
            return null;
        });

    private final MessageContext context = new MessageContext()
    {
        @Override
        public Connection connection()
        {
            return connection;
        }

        @Override
        public int reply(final CharSequence text)
        {
            sent.add(text.toString());
            return 0;
        }

        @Override
        public int reply(final DirectBuffer buffer, final int offset, final int length)
        {
            sent.add(buffer.getStringWithoutLengthUtf8(offset, length));
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
            return OkxHandlerHarness.this.request(method, params);
        }

        @Override
        public void close(final int code, final String reason)
        {
        }
    };

    OkxHandlerHarness()
    {
        adapter = OkxAdapter.builder().listener(listener).build();
        handler = (OkxMessageHandler)adapter.messageHandler();
    }

    /**
     * A harness whose refused-resync retries run on {@code retryTimer} (a fake clock's timer).
     */
    OkxHandlerHarness(final java.util.concurrent.ScheduledExecutorService retryTimer)
    {
        adapter = OkxAdapter.builder().listener(listener).retryTimer(retryTimer).build();
        handler = (OkxMessageHandler)adapter.messageHandler();
    }

    long request(final String method, final JsonPayload params)
    {
        requestLock.lock(); // the test thread and the resync retry timer
        try
        {
            final long id = nextId++;
            encoder.wrap(requestBuffer, 0);
            handler.encodeRequest(id, method, params, encoder);
            sent.add(requestBuffer.getStringWithoutLengthUtf8(0, encoder.length()));
            return id;
        }
        finally
        {
            requestLock.unlock();
        }
    }

    /**
     * Feeds one message as the engine does.
     *
     * @return the kind the handler classified it as, or -1 when decode refused it.
     */
    int feed(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return feed(bytes, bytes.length);
    }

    int feed(final byte[] bytes, final int length)
    {
        return feed(bytes, length, System.nanoTime());
    }

    int feedAt(final String text, final long receivedNs)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return feed(bytes, bytes.length, receivedNs);
    }

    int feed(final byte[] bytes, final int length, final long receivedNs)
    {
        buffer.putBytes(0, bytes, 0, length);
        message.wrap(InboundMessage.TEXT, buffer, 0, length, receivedNs);
        if (!handler.decode(message))
        {
            return -1;
        }
        final int kind = handler.classify(message);
        if (kind == MessageHandler.KIND_RESPONSE)
        {
            responses.add(handler.toResponse(handler.responseId(message), message));
        }
        else if (kind == MessageHandler.KIND_DATA || kind == MessageHandler.KIND_HEARTBEAT)
        {
            handler.handle(message, context);
        }
        return kind;
    }
}
