package io.wsnova.mock.binance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Binance market-data exchange on loopback, spot or USD-M futures: a WebSocket server speaking the combined-stream
 * protocol ({@code /stream?streams=...}, {@code {"stream":...,"data":...}}, live {@code SUBSCRIBE}/
 * {@code UNSUBSCRIBE}/{@code LIST_SUBSCRIPTIONS} answered {@code {"result":null,"id":N}}, ping frames), and the
 * REST depth snapshot ({@code /api/v3/depth}, {@code /fapi/v1/depth}) on a second loopback port. The market is
 * deterministic from the seed: per symbol a book ({@code <sym>@depth}, {@code @depth@100ms}, {@code @bookTicker}),
 * trades ({@code @trade}, {@code @aggTrade}) and, futures, {@code @markPrice} and {@code @forceOrder}.
 * <p>
 * Faults: a dropped depth event (a sequence gap), {@code serverShutdown} then a close after a grace period (to
 * every connection or the oldest ones; new connections go on with the same events), refused upgrades, silence with
 * the sockets open, a rate-limit close when a client sends more than its limit of messages in a second (text, ping
 * and pong frames count, 1008), a restart with new books, failing snapshots, raw (malformed) messages. The unusual mode
 * writes every message in another valid form (key order, unknown fields, number spellings, escapes). With
 * {@link Builder#deflate(boolean)} the server accepts RFC 7692 permessage-deflate and compresses every message
 * (as Binance accepts it when offered); {@link #deflateConnections()} counts the connections that negotiated it.
 * <p>
 * Independent of the wsnova adapter: its own JSON writing and request parsing.
 */
public final class MockBinanceExchange implements AutoCloseable
{
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+)");
    private static final Pattern PARAMS = Pattern.compile("\"params\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final int MAX_STREAMS = 1024;

    private final Builder config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, MockBinanceBook> books = new LinkedHashMap<>();
    private final List<MockBinanceBook> retiredBooks = new ArrayList<>();
    private final Map<String, List<Long>> tradeIds = new ConcurrentHashMap<>();
    private final Set<String> dropNextDepth = ConcurrentHashMap.newKeySet();
    private final Set<MockBinanceSession> sessions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final AtomicInteger failSnapshots = new AtomicInteger();
    private final AtomicLong rateLimitCloses = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong requestedStreams = new AtomicLong();
    private final AtomicLong snapshotsServed = new AtomicLong();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong deflateConnections = new AtomicLong();
    private final AtomicLong serverPings = new AtomicLong();
    private final AtomicLong refusedConnections = new AtomicLong();
    private final AtomicLong shutdownNotices = new AtomicLong();
    private final AtomicInteger maxIncomingInWindow = new AtomicInteger();
    private final MockBinanceJson json;
    private volatile boolean silent;
    private volatile boolean refuseConnections;
    private long seed;
    private long steps;
    private Server server;
    private HttpServer rest;

    private MockBinanceExchange(final Builder config)
    {
        this.config = config;
        this.seed = config.seed;
        this.json = new MockBinanceJson(config.unusual, config.seed * 31 + 7);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "mock-binance-timer");
            thread.setDaemon(true);
            return thread;
        });
        newBooks(1_000L, 100L);
    }

    /**
     * A builder: spot, seed 1, BTCUSDT and ETHUSDT, 20 levels, no automatic publishing.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Starts the WebSocket server and the REST server on loopback ports chosen by the OS.
     *
     * @return this.
     */
    public MockBinanceExchange start()
    {
        try
        {
            server = new Server(new InetSocketAddress("127.0.0.1", 0));
            server.start();
            if (!server.started.await(10, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the mock did not start");
            }
            rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            rest.createContext(config.futures ? "/fapi/v1/depth" : "/api/v3/depth", this::onDepthRequest);
            rest.setExecutor(Executors.newSingleThreadExecutor(runnable ->
            {
                final Thread thread = new Thread(runnable, "mock-binance-rest");
                thread.setDaemon(true);
                return thread;
            }));
            rest.start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        if (config.pingIntervalMs > 0)
        {
            timer.scheduleAtFixedRate(this::pingAll, config.pingIntervalMs, config.pingIntervalMs,
                TimeUnit.MILLISECONDS);
        }
        if (config.publishIntervalMs > 0)
        {
            timer.scheduleAtFixedRate(() -> step(1), config.publishIntervalMs, config.publishIntervalMs,
                TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * The combined-stream URL.
     *
     * @return {@code ws://127.0.0.1:PORT/stream}.
     */
    public URI uri()
    {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/stream");
    }

    /**
     * The REST base URL.
     *
     * @return {@code http://127.0.0.1:PORT}.
     */
    public String restUrl()
    {
        return "http://127.0.0.1:" + rest.getAddress().getPort();
    }

    /**
     * Advances the market {@code count} steps: per symbol one depth event, one trade, a book ticker and (futures) a
     * mark price, every tenth step a liquidation; each published to the sessions subscribed to its stream.
     *
     * @param count steps.
     */
    public void step(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            lock.lock();
            try
            {
                stepOnce();
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    /**
     * Makes the next depth event of {@code symbol} change the book without being sent: a sequence gap.
     *
     * @param symbol e.g. {@code BTCUSDT}.
     */
    public void dropNextDepth(final String symbol)
    {
        dropNextDepth.add(symbol);
    }

    /**
     * Sends {@code serverShutdown} on every open connection, keeps serving them (trades and depth keep flowing)
     * for {@code graceMs}, then closes them (1001). Connections opened meanwhile are not affected and receive the
     * same events with the same update and trade ids, as at the venue.
     *
     * @param graceMs delay before the close.
     * @return how many connections were notified.
     */
    public int serverShutdown(final long graceMs)
    {
        return serverShutdown(graceMs, Integer.MAX_VALUE);
    }

    /**
     * Sends {@code serverShutdown} on the {@code count} oldest open connections (in the order they opened), keeps
     * serving them for {@code graceMs}, then closes them (1001); the others, and connections opened meanwhile, go on
     * with the same sequence of events.
     *
     * @param graceMs delay before the close.
     * @param count   how many connections, oldest first.
     * @return how many connections were notified.
     */
    public int serverShutdown(final long graceMs, final int count)
    {
        final long now = System.currentTimeMillis();
        final List<MockBinanceSession> victims = new ArrayList<>(sessions);
        victims.sort(java.util.Comparator.comparingLong(session -> session.number));
        if (victims.size() > count)
        {
            victims.subList(count, victims.size()).clear();
        }
        lock.lock();
        try
        {
            final String data = json.object().string("e", "serverShutdown").number("E", now).write();
            for (final MockBinanceSession session : victims)
            {
                send(session, json.wrap("!serverShutdown", data));
                shutdownNotices.incrementAndGet();
            }
        }
        finally
        {
            lock.unlock();
        }
        timer.schedule(() -> victims.forEach(s -> s.socket.close(1001, "server shutdown")), graceMs,
            TimeUnit.MILLISECONDS);
        return victims.size();
    }

    /**
     * Refuses (or accepts again) new WebSocket connections: the upgrade is answered with an HTTP error; open
     * connections are not affected.
     *
     * @param refuse true to refuse.
     */
    public void refuseConnections(final boolean refuse)
    {
        this.refuseConnections = refuse;
    }

    /**
     * WebSocket upgrades refused by {@link #refuseConnections(boolean)}.
     *
     * @return the count.
     */
    public long refusedConnections()
    {
        return refusedConnections.get();
    }

    /**
     * {@code serverShutdown} notices sent.
     *
     * @return the count.
     */
    public long shutdownNotices()
    {
        return shutdownNotices.get();
    }

    /**
     * Stops (or resumes) sending anything, data and pings, with the sockets left open.
     *
     * @param silent true to go silent.
     */
    public void silence(final boolean silent)
    {
        this.silent = silent;
    }

    /**
     * Restarts: closes every connection (1012) and starts new books (a new seed, update ids far above the old).
     */
    public void restart()
    {
        lock.lock();
        try
        {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            long nextUpdateId = 0;
            long nextTradeId = 0;
            for (final MockBinanceBook book : books.values())
            {
                nextUpdateId = Math.max(nextUpdateId, book.lastUpdateId());
                nextTradeId = Math.max(nextTradeId, book.lastTradeId());
            }
            newBooks(nextUpdateId + 1_000_000L, nextTradeId);
        }
        finally
        {
            lock.unlock();
        }
        for (final MockBinanceSession session : new ArrayList<>(sessions))
        {
            session.socket.close(1012, "service restart");
        }
    }

    /**
     * Answers the next {@code count} snapshot requests with HTTP 503.
     *
     * @param count requests to fail.
     */
    public void failNextSnapshots(final int count)
    {
        failSnapshots.set(count);
    }

    /**
     * Sends a raw text message on every connection (malformed input).
     *
     * @param text the message.
     */
    public void sendRaw(final String text)
    {
        for (final MockBinanceSession session : sessions)
        {
            send(session, text);
        }
    }

    /**
     * The whole book of a symbol right after update id {@code updateId}, canonical (see
     * {@link #canonicalBook(List, List)}), or null when that id is not an event boundary in the history (books
     * before a {@link #restart()} included).
     *
     * @param symbol   the symbol.
     * @param updateId the update id.
     * @return the text, or null.
     */
    public String bookAt(final String symbol, final long updateId)
    {
        lock.lock();
        try
        {
            final MockBinanceBook book = books.get(symbol);
            String text = book == null ? null : book.bookAt(updateId);
            for (int i = retiredBooks.size() - 1; text == null && i >= 0; i--)
            {
                final MockBinanceBook retired = retiredBooks.get(i);
                text = retired.symbol.equals(symbol) ? retired.bookAt(updateId) : null;
            }
            return text;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The canonical book text the tests compare: {@code bids=[p:q,...] asks=[p:q,...]}, best first, plain numbers
     * without trailing zeros.
     *
     * @param bids {@code [price, quantity]} texts, best first.
     * @param asks {@code [price, quantity]} texts, best first.
     * @return the text.
     */
    public static String canonicalBook(final List<String[]> bids, final List<String[]> asks)
    {
        return MockBinanceBook.canonical(bids, asks);
    }

    /**
     * Every trade id generated for a symbol, in order (sent or not).
     *
     * @param symbol the symbol.
     * @return a copy.
     */
    public List<Long> tradeIds(final String symbol)
    {
        final List<Long> ids = tradeIds.get(symbol);
        if (ids == null)
        {
            return List.of();
        }
        lock.lock();
        try
        {
            return new ArrayList<>(ids);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The last update id of a symbol's book.
     *
     * @param symbol the symbol.
     * @return the id.
     */
    public long lastUpdateId(final String symbol)
    {
        lock.lock();
        try
        {
            return books.get(symbol).lastUpdateId();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Connections closed for too many messages.
     *
     * @return the count.
     */
    public long rateLimitCloses()
    {
        return rateLimitCloses.get();
    }

    /**
     * The most messages any connection sent within one second.
     *
     * @return the count.
     */
    public int maxIncomingInWindow()
    {
        int max = maxIncomingInWindow.get();
        for (final MockBinanceSession session : sessions)
        {
            max = Math.max(max, session.maxInWindow());
        }
        return max;
    }

    /**
     * SUBSCRIBE/UNSUBSCRIBE/LIST requests received.
     *
     * @return the count.
     */
    public long requests()
    {
        return requests.get();
    }

    /**
     * Streams named in SUBSCRIBE requests.
     *
     * @return the count.
     */
    public long requestedStreams()
    {
        return requestedStreams.get();
    }

    /**
     * REST snapshots served (200 answers).
     *
     * @return the count.
     */
    public long snapshotsServed()
    {
        return snapshotsServed.get();
    }

    /**
     * WebSocket connections opened.
     *
     * @return the count.
     */
    public long connectionsOpened()
    {
        return connectionsOpened.get();
    }

    /**
     * Connections whose upgrade negotiated permessage-deflate (only with {@link Builder#deflate(boolean)}).
     *
     * @return the count.
     */
    public long deflateConnections()
    {
        return deflateConnections.get();
    }

    /**
     * Open WebSocket connections.
     *
     * @return the count.
     */
    public int openConnections()
    {
        return sessions.size();
    }

    /**
     * Ping frames sent.
     *
     * @return the count.
     */
    public long serverPings()
    {
        return serverPings.get();
    }

    /**
     * The streams the open connections are subscribed to (one set per connection).
     *
     * @return a copy.
     */
    public List<Set<String>> subscriptions()
    {
        final List<Set<String>> all = new ArrayList<>();
        for (final MockBinanceSession session : sessions)
        {
            all.add(Set.copyOf(session.streams));
        }
        return all;
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
        if (rest != null)
        {
            rest.stop(0);
        }
        if (server != null)
        {
            try
            {
                server.stop(1000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString()
    {
        return "MockBinanceExchange{futures=" + config.futures + ", steps=" + steps + ", sessions=" + sessions.size() +
            ", requests=" + requests + ", rateLimitCloses=" + rateLimitCloses + ", snapshots=" + snapshotsServed +
            '}';
    }

    private void newBooks(final long firstUpdateId, final long firstTradeId)
    {
        retiredBooks.addAll(books.values());
        books.clear();
        for (final String symbol : config.symbols)
        {
            books.put(symbol, new MockBinanceBook(symbol, seed, config.depth, firstUpdateId, firstTradeId));
            tradeIds.computeIfAbsent(symbol, s -> new ArrayList<>()); // written and copied under lock
        }
    }

    private void stepOnce()
    {
        steps++;
        final long now = System.currentTimeMillis();
        for (final MockBinanceBook book : books.values())
        {
            final String lower = book.symbol.toLowerCase(Locale.ROOT);
            final MockBinanceBook.Depth depth = book.nextDepth(now);
            if (!dropNextDepth.remove(book.symbol))
            {
                final String data = depthJson(book.symbol, depth);
                publish(lower + "@depth", data);
                publish(lower + "@depth@100ms", data);
            }
            final MockBinanceBook.TradeEvent trade = book.nextTrade(now);
            tradeIds.get(book.symbol).add(trade.tradeId());
            publish(lower + "@trade", json.object().string("e", "trade").number("E", now).symbol("s", book.symbol)
                .number("t", trade.tradeId()).decimal("p", trade.priceTicks(), MockBinanceBook.PRICE_SCALE)
                .decimal("q", trade.quantityLots(), MockBinanceBook.QUANTITY_SCALE).number("T", trade.timeMs())
                .bool("m", trade.buyerMaker()).bool("M", true).write());
            publish(lower + "@aggTrade", json.object().string("e", "aggTrade").number("E", now)
                .symbol("s", book.symbol).number("a", trade.tradeId())
                .decimal("p", trade.priceTicks(), MockBinanceBook.PRICE_SCALE)
                .decimal("q", trade.quantityLots(), MockBinanceBook.QUANTITY_SCALE).number("f", trade.tradeId())
                .number("l", trade.tradeId()).number("T", trade.timeMs()).bool("m", trade.buyerMaker()).write());
            publish(lower + "@bookTicker", bookTickerJson(book, now));
            if (config.futures)
            {
                final long mark = (book.bestBidOr(0) + book.bestAskOr(0)) / 2;
                publish(lower + "@markPrice", json.object().string("e", "markPriceUpdate").number("E", now)
                    .symbol("s", book.symbol).decimal("p", mark, MockBinanceBook.PRICE_SCALE)
                    .decimal("i", mark - 3, MockBinanceBook.PRICE_SCALE)
                    .decimal("P", mark + 1, MockBinanceBook.PRICE_SCALE).decimal("r", 100 + steps % 7, 6)
                    .number("T", (now / 28_800_000L + 1) * 28_800_000L).write());
                if (steps % 10 == 0)
                {
                    publish(lower + "@forceOrder", forceOrderJson(book, trade, now));
                }
            }
        }
    }

    private String depthJson(final String symbol, final MockBinanceBook.Depth depth)
    {
        final MockBinanceJson.Fields fields = json.object().string("e", "depthUpdate").number("E", depth.eventTimeMs());
        if (config.futures)
        {
            fields.number("T", depth.eventTimeMs());
        }
        fields.symbol("s", symbol).number("U", depth.firstUpdateId()).number("u", depth.lastUpdateId());
        if (config.futures)
        {
            fields.number("pu", depth.previousUpdateId());
        }
        return fields.raw("b", json.levels(depth.bids(), MockBinanceBook.PRICE_SCALE, MockBinanceBook.QUANTITY_SCALE))
            .raw("a", json.levels(depth.asks(), MockBinanceBook.PRICE_SCALE, MockBinanceBook.QUANTITY_SCALE))
            .write();
    }

    private String bookTickerJson(final MockBinanceBook book, final long now)
    {
        final MockBinanceJson.Fields fields = json.object();
        if (config.futures)
        {
            fields.string("e", "bookTicker").number("E", now).number("T", now);
        }
        final long bid = book.bestBidOr(0);
        final long ask = book.bestAskOr(0);
        return fields.number("u", book.lastUpdateId()).symbol("s", book.symbol)
            .decimal("b", bid, MockBinanceBook.PRICE_SCALE)
            .decimal("B", book.quantityAt(true, bid), MockBinanceBook.QUANTITY_SCALE)
            .decimal("a", ask, MockBinanceBook.PRICE_SCALE)
            .decimal("A", book.quantityAt(false, ask), MockBinanceBook.QUANTITY_SCALE).write();
    }

    private String forceOrderJson(final MockBinanceBook book, final MockBinanceBook.TradeEvent trade, final long now)
    {
        final String order = json.object().symbol("s", book.symbol).string("S", trade.buyerMaker() ? "SELL" : "BUY")
            .string("o", "LIMIT").string("f", "IOC")
            .decimal("q", trade.quantityLots(), MockBinanceBook.QUANTITY_SCALE)
            .decimal("p", trade.priceTicks() - 10, MockBinanceBook.PRICE_SCALE)
            .decimal("ap", trade.priceTicks(), MockBinanceBook.PRICE_SCALE).string("X", "FILLED")
            .decimal("l", trade.quantityLots(), MockBinanceBook.QUANTITY_SCALE)
            .decimal("z", trade.quantityLots(), MockBinanceBook.QUANTITY_SCALE).number("T", now).write();
        return json.object().string("e", "forceOrder").number("E", now).raw("o", order).write();
    }

    private void publish(final String stream, final String data)
    {
        if (silent)
        {
            return;
        }
        String message = null;
        for (final MockBinanceSession session : sessions)
        {
            if (session.streams.contains(stream))
            {
                if (message == null)
                {
                    message = json.wrap(stream, data);
                }
                send(session, message);
            }
        }
    }

    private void send(final MockBinanceSession session, final String text)
    {
        try
        {
            if (session.socket.isOpen())
            {
                session.socket.send(text);
            }
        }
        catch (final RuntimeException ex)
        {
            // the connection closed meanwhile
        }
    }

    private void pingAll()
    {
        if (silent)
        {
            return;
        }
        for (final MockBinanceSession session : sessions)
        {
            try
            {
                if (session.socket.isOpen())
                {
                    session.socket.sendPing();
                    serverPings.incrementAndGet();
                }
            }
            catch (final RuntimeException ex)
            {
                // closed meanwhile
            }
        }
    }

    private void onIncoming(final MockBinanceSession session)
    {
        if (session.onIncoming(System.nanoTime()) > config.maxIncomingPerSecond)
        {
            maxIncomingInWindow.accumulateAndGet(session.maxInWindow(), Math::max);
            rateLimitCloses.incrementAndGet();
            session.socket.close(1008, "too many requests");
        }
    }

    private void onRequest(final MockBinanceSession session, final String text)
    {
        onIncoming(session);
        if (!session.socket.isOpen())
        {
            return;
        }
        final Matcher method = METHOD.matcher(text);
        final Matcher id = ID.matcher(text);
        if (!id.find())
        {
            send(session, "{\"code\":2,\"msg\":\"Invalid request: missing id\"}");
            return;
        }
        final String idText = id.group(1);
        if (!method.find())
        {
            send(session, "{\"code\":2,\"msg\":\"Invalid request: missing method\",\"id\":" + idText + "}");
            return;
        }
        requests.incrementAndGet();
        final List<String> params = new ArrayList<>();
        final Matcher paramsMatch = PARAMS.matcher(text);
        if (paramsMatch.find())
        {
            final Matcher each = STRING.matcher(paramsMatch.group(1));
            while (each.find())
            {
                params.add(each.group(1));
            }
        }
        switch (method.group(1))
        {
            case "SUBSCRIBE" ->
            {
                if (session.streams.size() + params.size() > MAX_STREAMS)
                {
                    send(session, "{\"code\":2,\"msg\":\"Invalid request: too many streams\",\"id\":" + idText + "}");
                    return;
                }
                requestedStreams.addAndGet(params.size());
                session.streams.addAll(params);
                send(session, "{\"result\":null,\"id\":" + idText + "}");
            }
            case "UNSUBSCRIBE" ->
            {
                params.forEach(session.streams::remove);
                send(session, "{\"result\":null,\"id\":" + idText + "}");
            }
            case "LIST_SUBSCRIPTIONS" ->
            {
                final StringBuilder list = new StringBuilder("{\"result\":[");
                int i = 0;
                for (final String stream : session.streams)
                {
                    list.append(i++ > 0 ? "," : "").append(MockBinanceJson.quote(stream));
                }
                send(session, list.append("],\"id\":").append(idText).append('}').toString());
            }
            default -> send(session, "{\"code\":2,\"msg\":\"Invalid request: unknown method\",\"id\":" + idText + "}");
        }
    }

    private void onDepthRequest(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String query = exchange.getRequestURI().getQuery();
            String symbol = null;
            int limit = 100;
            if (query != null)
            {
                for (final String pair : query.split("&"))
                {
                    final int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).equals("symbol"))
                    {
                        symbol = pair.substring(eq + 1);
                    }
                    else if (eq > 0 && pair.substring(0, eq).equals("limit"))
                    {
                        limit = Integer.parseInt(pair.substring(eq + 1));
                    }
                }
            }
            if (failSnapshots.getAndUpdate(n -> Math.max(0, n - 1)) > 0)
            {
                respond(exchange, 503, "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request.\"}");
                return;
            }
            final String body;
            lock.lock();
            try
            {
                final MockBinanceBook book = symbol == null ? null : books.get(symbol);
                if (book == null)
                {
                    body = null;
                }
                else
                {
                    final MockBinanceJson.Fields fields = json.object().number("lastUpdateId", book.lastUpdateId());
                    if (config.futures)
                    {
                        final long now = System.currentTimeMillis();
                        fields.number("E", now).number("T", now);
                    }
                    body = fields.raw("bids", json.levels(book.levels(true, limit), MockBinanceBook.PRICE_SCALE,
                            MockBinanceBook.QUANTITY_SCALE))
                        .raw("asks", json.levels(book.levels(false, limit), MockBinanceBook.PRICE_SCALE,
                            MockBinanceBook.QUANTITY_SCALE)).write();
                }
            }
            finally
            {
                lock.unlock();
            }
            if (body == null)
            {
                respond(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
                return;
            }
            snapshotsServed.incrementAndGet();
            respond(exchange, 200, body);
        }
        catch (final RuntimeException ex)
        {
            respond(exchange, 500, "{\"code\":-1000,\"msg\":\"" + ex.getClass().getSimpleName() + "\"}");
        }
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    /** The Java-WebSocket server: one session per connection. */
    private final class Server extends WebSocketServer
    {
        private final CountDownLatch started = new CountDownLatch(1);

        Server(final InetSocketAddress address)
        {
            super(address, config.deflate ? List.of(new Draft_6455(compressingEverything())) :
                List.of(new Draft_6455()));
            setReuseAddr(true);
            setTcpNoDelay(true);
            setConnectionLostTimeout(0);
            setDaemon(true);
        }

        private static PerMessageDeflateExtension compressingEverything()
        {
            final PerMessageDeflateExtension extension = new PerMessageDeflateExtension();
            extension.setThreshold(0);
            return extension;
        }

        @Override
        public void onOpen(final WebSocket socket, final ClientHandshake handshake)
        {
            if (socket.getDraft() instanceof Draft_6455 draft &&
                draft.getExtension() instanceof PerMessageDeflateExtension)
            {
                deflateConnections.incrementAndGet();
            }
            final MockBinanceSession session = new MockBinanceSession(socket, connectionsOpened.get());
            socket.setAttachment(session);
            final String resource = handshake.getResourceDescriptor();
            final int query = resource.indexOf("streams=");
            if (query >= 0)
            {
                for (final String stream : resource.substring(query + "streams=".length()).split("[/&]"))
                {
                    if (!stream.isEmpty())
                    {
                        session.streams.add(stream);
                    }
                }
            }
            sessions.add(session);
            connectionsOpened.incrementAndGet();
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(final WebSocket socket, final Draft draft,
            final ClientHandshake request) throws InvalidDataException
        {
            if (refuseConnections)
            {
                refusedConnections.incrementAndGet();
                throw new InvalidDataException(CloseFrame.REFUSE, "connections refused");
            }
            return super.onWebsocketHandshakeReceivedAsServer(socket, draft, request);
        }

        @Override
        public void onMessage(final WebSocket socket, final String message)
        {
            if (socket.getAttachment() instanceof MockBinanceSession session)
            {
                try
                {
                    onRequest(session, message);
                }
                catch (final RuntimeException ex)
                {
                    send(session, "{\"code\":3,\"msg\":\"Invalid JSON\"}");
                }
            }
        }

        @Override
        public void onMessage(final WebSocket socket, final ByteBuffer message)
        {
            if (socket.getAttachment() instanceof MockBinanceSession session)
            {
                onIncoming(session);
            }
        }

        @Override
        public void onWebsocketPing(final WebSocket socket, final Framedata frame)
        {
            if (socket.getAttachment() instanceof MockBinanceSession session)
            {
                onIncoming(session);
            }
            super.onWebsocketPing(socket, frame);
        }

        @Override
        public void onWebsocketPong(final WebSocket socket, final Framedata frame)
        {
            if (socket.getAttachment() instanceof MockBinanceSession session)
            {
                onIncoming(session);
            }
        }

        @Override
        public void onClose(final WebSocket socket, final int code, final String reason, final boolean remote)
        {
            if (socket.getAttachment() instanceof MockBinanceSession session)
            {
                maxIncomingInWindow.accumulateAndGet(session.maxInWindow(), Math::max);
                sessions.remove(session);
            }
        }

        @Override
        public void onError(final WebSocket socket, final Exception ex)
        {
            if (socket == null)
            {
                started.countDown();
            }
        }

        @Override
        public void onStart()
        {
            started.countDown();
        }
    }

    /**
     * The mock's settings.
     */
    public static final class Builder
    {
        private boolean futures;
        private long seed = 1L;
        private List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
        private int depth = 20;
        private long publishIntervalMs;
        private long pingIntervalMs = 20_000L;
        private int maxIncomingPerSecond = 5;
        private boolean unusual;
        private boolean deflate;

        private Builder()
        {
        }

        /**
         * USD-M futures ({@code pu}, {@code /fapi/v1/depth}, mark price, liquidations, 10 messages/s) or spot.
         *
         * @param futures true for futures.
         * @return this.
         */
        public Builder futures(final boolean futures)
        {
            this.futures = futures;
            this.maxIncomingPerSecond = futures ? 10 : 5;
            return this;
        }

        /**
         * The seed of the books and trades.
         *
         * @param seed the seed.
         * @return this.
         */
        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * The symbols, uppercase.
         *
         * @param symbols e.g. {@code BTCUSDT}.
         * @return this.
         */
        public Builder symbols(final List<String> symbols)
        {
            this.symbols = List.copyOf(symbols);
            return this;
        }

        /**
         * Levels per side at start.
         *
         * @param depth levels.
         * @return this.
         */
        public Builder depth(final int depth)
        {
            this.depth = depth;
            return this;
        }

        /**
         * Publishes a market step every {@code intervalMs} (0: only {@link #step(int)}).
         *
         * @param intervalMs milliseconds.
         * @return this.
         */
        public Builder publishIntervalMs(final long intervalMs)
        {
            this.publishIntervalMs = intervalMs;
            return this;
        }

        /**
         * Ping frame interval (0: none); 20 s by default.
         *
         * @param intervalMs milliseconds.
         * @return this.
         */
        public Builder pingIntervalMs(final long intervalMs)
        {
            this.pingIntervalMs = intervalMs;
            return this;
        }

        /**
         * Messages a client may send per second before the close (5 spot, 10 futures by default).
         *
         * @param limit messages.
         * @return this.
         */
        public Builder maxIncomingPerSecond(final int limit)
        {
            this.maxIncomingPerSecond = limit;
            return this;
        }

        /**
         * Writes every message in another valid form: key order, unknown fields, number spellings, escapes.
         *
         * @param unusual true for the unusual mode.
         * @return this.
         */
        public Builder unusual(final boolean unusual)
        {
            this.unusual = unusual;
            return this;
        }

        /**
         * Accepts RFC 7692 permessage-deflate when the client offers it and then compresses every message (no size
         * threshold); off by default (the upgrade ignores the offer).
         *
         * @param deflate true to accept the extension.
         * @return this.
         */
        public Builder deflate(final boolean deflate)
        {
            this.deflate = deflate;
            return this;
        }

        /**
         * Builds the (not yet started) exchange.
         *
         * @return the exchange.
         */
        public MockBinanceExchange build()
        {
            return new MockBinanceExchange(this);
        }
    }
}
