package io.wsnova.adapters.bybit;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.Trade;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link BybitMessageHandler} driven message by message as the engine drives it (decode, classify, handle),
 * with a stand-in connection that records resubscribes, and a listener that records what it is given.
 */
final class BybitHandlerHarness
{
    static final int OFFSET = 7;

    /** Records events as text. */
    static final class Recording implements MarketListener
    {
        final List<String> trades = new ArrayList<>();
        final List<String> books = new ArrayList<>();
        final List<String> tickers = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();

        @Override
        public void onTrade(final Trade trade)
        {
            trades.add(trade.tradeId() + " " + trade.price() + " " + trade.size() + " " + trade.aggressor() + " " +
                trade.exchangeTimestampMs());
        }

        @Override
        public void onBook(final BookUpdate update, final OrderBook book)
        {
            books.add(book.lastSequence() + " " + book.bids() + " | " + book.asks());
        }

        @Override
        public void onTicker(final DerivativesTicker ticker)
        {
            tickers.add("last=" + ticker.lastPrice() + " mark=" + ticker.markPrice() + " index=" +
                ticker.indexPrice() + " oi=" + ticker.openInterest() + " funding=" + ticker.fundingRate() +
                " next=" + ticker.nextFundingTimeNs() / 1_000_000L);
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses.add(status.state() + " " + status.reason());
        }
    }

    final Recording listener = new Recording();
    final BybitAdapter adapter;
    final BybitMessageHandler handler;
    final AtomicInteger resubscribes = new AtomicInteger();
    private final InboundMessage message = new InboundMessage();
    private final Connection connection = (Connection)Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName())
        {
            case "id" -> 1L;
            case "toString" -> "harness-connection";
            case "hashCode" -> 1;
            case "equals" -> proxy == args[0];
            case "subscription" -> null;
            case "resubscribe" ->
            {
                resubscribes.incrementAndGet();
                yield new CompletableFuture<Subscription>();
            }
            default -> null;
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

    BybitHandlerHarness(final BybitCategory category)
    {
        this(category, null);
    }

    BybitHandlerHarness(final BybitCategory category, final MarketListener other)
    {
        adapter = BybitAdapter.builder().category(category).listener(other != null ? other : listener).build();
        handler = new BybitMessageHandler(adapter);
    }

    /**
     * One message through decode, classify and handle.
     *
     * @return the kind, or -1 when decode refused it.
     */
    int receive(final DirectBuffer buffer, final int length)
    {
        message.wrap(InboundMessage.TEXT, buffer, OFFSET, length, System.nanoTime());
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
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + bytes.length + 1));
        buffer.putBytes(OFFSET, bytes);
        return receive(buffer, bytes.length);
    }

    long responseId()
    {
        return handler.responseId(message);
    }
}
