package io.wsnova.adapters.binance;

import com.sun.net.httpserver.HttpServer;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.DerivativesTicker;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.Liquidation;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Drives a {@link BinanceMessageHandler} the way the engine's message path does (decode, classify, handle) with
 * messages in off-heap buffers at an offset; a loopback REST server answers the depth snapshot. Counts what reaches
 * the listener without allocating.
 */
final class BinanceHandlerHarness implements AutoCloseable
{
    static final int OFFSET = 11;

    /** Counts events; no allocation. */
    static final class Counting implements MarketListener
    {
        long trades;
        long books;
        long tops;
        long tickers;
        long liquidations;
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
        public void onTicker(final DerivativesTicker ticker)
        {
            tickers++;
        }

        @Override
        public void onLiquidation(final Liquidation liquidation)
        {
            liquidations++;
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            statuses++;
        }
    }

    final Counting listener = new Counting();
    final BinanceAdapter adapter;
    final BinanceMessageHandler handler;
    private final HttpServer rest;
    private final InboundMessage message = new InboundMessage();
    private final Connection connection = (Connection)Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName())
        {
            case "id" -> 1L;
            case "toString" -> "harness-connection";
            case "hashCode" -> 1;
            case "equals" -> proxy == args[0];
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

    BinanceHandlerHarness(final BinanceMarket market, final String snapshotJson) throws IOException
    {
        this(market, snapshotJson, null);
    }

    BinanceHandlerHarness(final BinanceMarket market, final String snapshotJson, final MarketListener other)
        throws IOException
    {
        this(market, snapshotServer(snapshotJson, market), null, other);
    }

    private BinanceHandlerHarness(
        final BinanceMarket market, final HttpServer rest, final String restUrl, final MarketListener other)
    {
        this.rest = rest;
        adapter = BinanceAdapter.builder().market(market).listener(other != null ? other : listener)
            .restUrl(rest != null ? "http://127.0.0.1:" + rest.getAddress().getPort() : restUrl).build();
        handler = new BinanceMessageHandler(adapter);
    }

    private BinanceHandlerHarness(final BinanceAdapter adapter)
    {
        this(adapter, new BinanceSession(adapter, false));
    }

    private BinanceHandlerHarness(final BinanceAdapter adapter, final BinanceSession session)
    {
        this.rest = null;
        this.adapter = adapter;
        this.handler = new BinanceMessageHandler(adapter, session);
    }

    /**
     * A new message handler (new books) on an existing harness's adapter sharing {@code session}, e.g. with a
     * connection handler of the same session.
     */
    BinanceHandlerHarness withSession(final BinanceSession session)
    {
        return new BinanceHandlerHarness(adapter, session);
    }

    /**
     * A harness whose snapshots come from a REST server the caller owns (one per fuzzing run, not one per input).
     */
    static BinanceHandlerHarness against(final BinanceMarket market, final String restUrl, final MarketListener other)
    {
        return new BinanceHandlerHarness(market, null, restUrl, other);
    }

    /**
     * A harness over an adapter the caller built (no REST server of its own).
     */
    static BinanceHandlerHarness of(final BinanceAdapter adapter)
    {
        return new BinanceHandlerHarness(adapter);
    }

    /**
     * A new message handler (new books) on an existing harness's adapter: its snapshot fetcher and HTTP client are
     * shared instead of made again.
     */
    BinanceHandlerHarness withNewHandler()
    {
        return new BinanceHandlerHarness(adapter);
    }

    /**
     * A loopback REST server answering every depth snapshot request of the given markets with {@code snapshotJson}.
     */
    static HttpServer snapshotServer(final String snapshotJson, final BinanceMarket... markets) throws IOException
    {
        final HttpServer rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (final BinanceMarket market : markets)
        {
            rest.createContext(market.depthPath(), exchange ->
            {
                final byte[] body = snapshotJson.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody())
                {
                    out.write(body);
                }
            });
        }
        rest.start();
        return rest;
    }

    /**
     * One message through decode, classify and handle.
     *
     * @return the kind.
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
        final UnsafeBuffer buffer = offHeap(json);
        return receive(buffer, length(json));
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

    @Override
    public void close()
    {
        if (rest != null)
        {
            rest.stop(0);
        }
    }
}
