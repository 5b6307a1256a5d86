package io.wsnova.mock.bybit;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bybit v5 public WebSocket on loopback, linear or spot ({@code /v5/public/linear}, {@code /v5/public/spot}):
 * {@code subscribe}/{@code unsubscribe} with {@code req_id}, answered in the category's shape (a refusal is
 * {@code success:false} with the venue-style {@code ret_msg}; spot refuses more than 10 args), {@code {"op":"ping"}}
 * answered by the category's pong, and per symbol a deterministic market from the seed: {@code orderbook.{1|50|200|
 * 1000}.{symbol}} (snapshot after subscribe, then deltas with consecutive {@code u}; depth 1 as snapshots),
 * {@code publicTrade.{symbol}} (one to three trades per message, UUID ids), {@code tickers.{symbol}} (linear:
 * snapshot then deltas with only the changed fields; spot: snapshots).
 * <p>
 * Faults: a dropped delta (sequence gap), a restart of a symbol's sequence ({@code u == 1} with the whole book, sent
 * as a {@code delta} or a {@code snapshot}), silence with the sockets open (pings unanswered), a disconnect, the
 * refusal of a topic, a rate-limit close (1008) when a client sends more than its limit of messages in a second,
 * raw messages; the data-first mode writes {@code data} before {@code topic} and adds unknown fields. The mock keeps
 * every book it published and every trade id it sent (with how many times). Independent of the adapter.
 */
public final class MockBybitExchange implements AutoCloseable
{
    private static final Pattern OP = Pattern.compile("\"op\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern REQ_ID = Pattern.compile("\"req_id\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ARGS = Pattern.compile("\"args\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern BOOK_TOPIC = Pattern.compile("orderbook\\.(\\d+)\\.([A-Z0-9]+)");

    private final Builder config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, MockBybitBook> books = new LinkedHashMap<>();
    private final Map<String, MockBybitTicker> tickers = new LinkedHashMap<>();
    private final Set<String> dropNextDelta = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> restartNext = new ConcurrentHashMap<>();
    private final Map<String, String> refusedTopics = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong subscribeRequests = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong rateLimitCloses = new AtomicLong();
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile boolean silent;
    private Server server;

    private MockBybitExchange(final Builder config)
    {
        this.config = config;
        long seed = config.seed;
        long mid = 3_000_000L;
        for (final String symbol : config.symbols)
        {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            books.put(symbol, new MockBybitBook(symbol, mid, seed));
            tickers.put(symbol, new MockBybitTicker(mid));
            mid = mid / 10;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "mock-bybit-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A builder: linear, seed 1, BTCUSDT and ETHUSDT, no automatic publishing, 100 messages a second per client.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Starts the server on a loopback port chosen by the OS.
     *
     * @return this.
     */
    public MockBybitExchange start()
    {
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.start();
        try
        {
            if (!server.started.await(10, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the mock did not start");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        if (config.publishIntervalMs > 0)
        {
            timer.scheduleAtFixedRate(() -> step(1), config.publishIntervalMs, config.publishIntervalMs,
                TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * The category's URL.
     *
     * @return {@code ws://127.0.0.1:PORT/v5/public/linear} (or {@code /spot}).
     */
    public URI uri()
    {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/v5/public/" + (config.spot ? "spot" : "linear"));
    }

    /**
     * Advances the market {@code count} steps: per symbol one book delta, one trade message and one ticker
     * message, each published to the sessions subscribed to its topic.
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
                final long now = System.currentTimeMillis();
                for (final MockBybitBook book : books.values())
                {
                    stepBook(book, now);
                    stepTrades(book, now);
                    stepTicker(book.symbol, tickers.get(book.symbol), book.random(), now);
                }
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    /**
     * Makes the next delta of {@code symbol} change the book without being sent: a gap.
     *
     * @param symbol e.g. {@code BTCUSDT}.
     */
    public void dropNextDelta(final String symbol)
    {
        dropNextDelta.add(symbol);
    }

    /**
     * Makes the next book message of {@code symbol} the venue's restart: {@code u == 1} with the whole book.
     *
     * @param symbol  the symbol.
     * @param asDelta true to send it with {@code "type":"delta"}, false as a {@code snapshot}.
     */
    public void restartSequence(final String symbol, final boolean asDelta)
    {
        restartNext.put(symbol, asDelta);
    }

    /**
     * Refuses every later subscribe that names {@code topic}, with {@code retMsg}.
     *
     * @param topic  the topic.
     * @param retMsg the venue's words.
     */
    public void refuseTopic(final String topic, final String retMsg)
    {
        refusedTopics.put(topic, retMsg);
    }

    /**
     * Stops (or resumes) sending anything, data and pongs, with the sockets left open.
     *
     * @param silent true to go silent.
     */
    public void silence(final boolean silent)
    {
        this.silent = silent;
    }

    /**
     * Closes every connection with {@code code}.
     *
     * @param code the close code, e.g. 1006-like abnormal closes are 1011 here.
     */
    public void disconnectAll(final int code)
    {
        for (final Session session : new ArrayList<>(sessions))
        {
            session.socket.close(code, "mock disconnect");
        }
    }

    /**
     * Sends a raw text message on every connection (malformed input).
     *
     * @param text the message.
     */
    public void sendRaw(final String text)
    {
        for (final Session session : sessions)
        {
            send(session, text);
        }
    }

    /**
     * The canonical book of a symbol right after update id {@code u} of sequence generation {@code generation}
     * (0 until the first {@link #restartSequence}), or null when never published.
     *
     * @param symbol     the symbol.
     * @param generation the generation.
     * @param u          the update id.
     * @return {@code bids=[p:q,...] asks=[p:q,...]}, best first, plain numbers without trailing zeros.
     */
    public String bookAt(final String symbol, final int generation, final long u)
    {
        lock.lock();
        try
        {
            return books.get(symbol).bookAt(generation, u);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The canonical text of a book given as levels (for the client side of a comparison).
     *
     * @param bids {@code [price, size]} texts, best first.
     * @param asks {@code [price, size]} texts, best first.
     * @return the text.
     */
    public static String canonicalBook(final List<String[]> bids, final List<String[]> asks)
    {
        return MockBybitBook.canonical(bids, asks);
    }

    /**
     * The current update id of a symbol's book.
     *
     * @param symbol the symbol.
     * @return {@code u}.
     */
    public long lastUpdateId(final String symbol)
    {
        lock.lock();
        try
        {
            return books.get(symbol).u;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * How many times each trade id of a symbol was sent (to any connection), in generation order; ids generated
     * while nobody was subscribed have 0.
     *
     * @param symbol the symbol.
     * @return id to sends, ordered.
     */
    public Map<String, Integer> tradeSends(final String symbol)
    {
        lock.lock();
        try
        {
            final MockBybitBook book = books.get(symbol);
            final Map<String, Integer> sends = new LinkedHashMap<>();
            for (final String id : book.tradeIds)
            {
                sends.put(id, book.tradeSends.getOrDefault(id, 0));
            }
            return sends;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The ticker values the mock last published for a symbol.
     *
     * @param symbol the symbol.
     * @return field name to text.
     */
    public Map<String, String> ticker(final String symbol)
    {
        lock.lock();
        try
        {
            return tickers.get(symbol).values();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The topics each open connection is subscribed to.
     *
     * @return one set per connection.
     */
    public List<Set<String>> subscriptions()
    {
        final List<Set<String>> all = new ArrayList<>();
        for (final Session session : sessions)
        {
            all.add(Set.copyOf(session.topics));
        }
        return all;
    }

    /**
     * Connections opened.
     *
     * @return the count.
     */
    public long connectionsOpened()
    {
        return connectionsOpened.get();
    }

    /**
     * Subscribe requests received (each may name several topics).
     *
     * @return the count.
     */
    public long subscribeRequests()
    {
        return subscribeRequests.get();
    }

    /**
     * {@code {"op":"ping"}} messages received.
     *
     * @return the count.
     */
    public long pings()
    {
        return pings.get();
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

    @Override
    public void close()
    {
        timer.shutdownNow();
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
        return "MockBybitExchange{spot=" + config.spot + ", sessions=" + sessions.size() + ", opened=" +
            connectionsOpened + ", subscribeRequests=" + subscribeRequests + ", pings=" + pings + ", silent=" +
            silent + '}';
    }

    private void stepBook(final MockBybitBook book, final long now)
    {
        final Boolean restartAsDelta = restartNext.remove(book.symbol);
        if (restartAsDelta != null)
        {
            book.change();
            book.restart();
            for (final Session session : sessions)
            {
                for (final String topic : session.topics)
                {
                    final Matcher m = BOOK_TOPIC.matcher(topic);
                    if (m.matches() && m.group(2).equals(book.symbol))
                    {
                        send(session, bookMessage(topic, book, restartAsDelta ? "delta" : "snapshot",
                            MockBybitBook.levels(book.bids, depth(m)), MockBybitBook.levels(book.asks, depth(m)),
                            now));
                    }
                }
            }
            return;
        }
        final List<long[]> changes = book.change();
        if (dropNextDelta.remove(book.symbol))
        {
            return;
        }
        final List<String[]> bids = new ArrayList<>();
        final List<String[]> asks = new ArrayList<>();
        for (final long[] change : changes)
        {
            (change[0] == 1 ? bids : asks).add(new String[] {MockBybitBook.text(change[1], MockBybitBook.PRICE_SCALE),
                MockBybitBook.text(change[2], MockBybitBook.SIZE_SCALE)});
        }
        for (final Session session : sessions)
        {
            for (final String topic : session.topics)
            {
                final Matcher m = BOOK_TOPIC.matcher(topic);
                if (m.matches() && m.group(2).equals(book.symbol))
                {
                    send(session, depth(m) == 1 ?
                        bookMessage(topic, book, "snapshot", MockBybitBook.levels(book.bids, 1),
                            MockBybitBook.levels(book.asks, 1), now) :
                        bookMessage(topic, book, "delta", bids, asks, now));
                }
            }
        }
    }

    private void stepTrades(final MockBybitBook book, final long now)
    {
        final int count = 1 + book.random().nextInt(3);
        final StringBuilder data = new StringBuilder("[");
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final long[] trade = book.nextTrade();
            final String id = book.nextTradeId();
            ids.add(id);
            data.append(i > 0 ? "," : "").append("{\"T\":").append(now).append(",\"s\":\"").append(book.symbol)
                .append("\",\"S\":\"").append(trade[2] == 1 ? "Buy" : "Sell").append("\",\"v\":\"")
                .append(MockBybitBook.text(trade[1], MockBybitBook.SIZE_SCALE)).append("\",\"p\":\"")
                .append(MockBybitBook.text(trade[0], MockBybitBook.PRICE_SCALE))
                .append("\",\"L\":\"PlusTick\",\"i\":\"").append(id).append("\",\"BT\":false,\"seq\":")
                .append(book.seq).append('}');
        }
        data.append(']');
        final String topic = "publicTrade." + book.symbol;
        final String message = envelope(topic, "snapshot", now, data.toString());
        for (final Session session : sessions)
        {
            if (session.topics.contains(topic) && send(session, message))
            {
                ids.forEach(id -> book.tradeSends.merge(id, 1, Integer::sum));
            }
        }
    }

    private void stepTicker(final String symbol, final MockBybitTicker ticker, final java.util.SplittableRandom random,
        final long now)
    {
        final String delta = ticker.step(random, config.spot);
        final String topic = "tickers." + symbol;
        for (final Session session : sessions)
        {
            if (session.topics.contains(topic))
            {
                send(session, config.spot ? envelope(topic, "snapshot", now, ticker.snapshot(symbol, true)) :
                    envelope(topic, "delta", now, "{\"symbol\":\"" + symbol + "\"" + delta + "}"));
            }
        }
    }

    private String bookMessage(final String topic, final MockBybitBook book, final String type,
        final List<String[]> bids, final List<String[]> asks, final long now)
    {
        final String data = "{\"s\":\"" + book.symbol + "\",\"b\":" + levels(bids) + ",\"a\":" + levels(asks) +
            ",\"u\":" + book.u + ",\"seq\":" + book.seq + "}";
        return envelope(topic, type, now, data);
    }

    private String envelope(final String topic, final String type, final long now, final String data)
    {
        if (config.dataFirst)
        {
            return "{\"data\":" + data + ",\"x-unknown\":{\"a\":[1,2,{\"b\":null}]},\"ts\":" + now +
                ",\"type\":\"" + type + "\",\"topic\":\"" + topic + "\",\"cts\":" + now + "}";
        }
        return "{\"topic\":\"" + topic + "\",\"type\":\"" + type + "\",\"ts\":" + now + ",\"data\":" + data +
            ",\"cts\":" + now + "}";
    }

    private static String levels(final List<String[]> levels)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < levels.size(); i++)
        {
            text.append(i > 0 ? "," : "").append("[\"").append(levels.get(i)[0]).append("\",\"")
                .append(levels.get(i)[1]).append("\"]");
        }
        return text.append(']').toString();
    }

    private static int depth(final Matcher bookTopic)
    {
        return Integer.parseInt(bookTopic.group(1));
    }

    private boolean send(final Session session, final String text)
    {
        if (silent)
        {
            return false;
        }
        try
        {
            if (session.socket.isOpen())
            {
                session.socket.send(text);
                return true;
            }
        }
        catch (final RuntimeException ex)
        {
            // closed meanwhile
        }
        return false;
    }

    private void onMessage(final Session session, final String text)
    {
        if (config.maxIncomingPerSecond > 0 && session.onIncoming(System.nanoTime()) > config.maxIncomingPerSecond)
        {
            rateLimitCloses.incrementAndGet();
            session.socket.close(1008, "too many requests");
            return;
        }
        final Matcher op = OP.matcher(text);
        final Matcher reqId = REQ_ID.matcher(text);
        final String req = reqId.find() ? reqId.group(1) : "";
        if (!op.find())
        {
            send(session, response(session, false, "error:invalid request", req, ""));
            return;
        }
        final List<String> args = new ArrayList<>();
        final Matcher argsMatch = ARGS.matcher(text);
        if (argsMatch.find())
        {
            final Matcher each = STRING.matcher(argsMatch.group(1));
            while (each.find())
            {
                args.add(each.group(1));
            }
        }
        lock.lock();
        try
        {
            switch (op.group(1))
            {
                case "ping" ->
                {
                    pings.incrementAndGet();
                    send(session, config.spot ? "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"" +
                        session.connId + "\",\"op\":\"ping\"}" : response(session, true, "pong", req, "ping"));
                }
                case "subscribe" -> onSubscribe(session, req, args);
                case "unsubscribe" ->
                {
                    args.forEach(session.topics::remove);
                    send(session, response(session, true, "", req, "unsubscribe"));
                }
                default -> send(session,
                    response(session, false, "error:unknown op " + op.group(1), req, op.group(1)));
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void onSubscribe(final Session session, final String req, final List<String> args)
    {
        subscribeRequests.incrementAndGet();
        if (config.spot && args.size() > 10)
        {
            send(session, response(session, false, "args size >10", req, "subscribe"));
            return;
        }
        for (final String topic : args)
        {
            final String refusal = refusal(session, topic);
            if (refusal != null)
            {
                send(session, response(session, false, refusal, req, "subscribe"));
                return;
            }
        }
        session.topics.addAll(args);
        send(session, response(session, true, "", req, "subscribe"));
        final long now = System.currentTimeMillis();
        for (final String topic : args)
        {
            final Matcher m = BOOK_TOPIC.matcher(topic);
            if (m.matches())
            {
                final MockBybitBook book = books.get(m.group(2));
                send(session, bookMessage(topic, book, "snapshot", MockBybitBook.levels(book.bids, depth(m)),
                    MockBybitBook.levels(book.asks, depth(m)), now));
            }
            else if (topic.startsWith("tickers."))
            {
                final String symbol = topic.substring("tickers.".length());
                send(session, envelope(topic, "snapshot", now, tickers.get(symbol).snapshot(symbol, config.spot)));
            }
        }
    }

    private String refusal(final Session session, final String topic)
    {
        final String refused = refusedTopics.get(topic);
        if (refused != null)
        {
            return refused;
        }
        if (session.topics.contains(topic))
        {
            return "error:already subscribed,topic:" + topic;
        }
        final Matcher m = BOOK_TOPIC.matcher(topic);
        final String symbol;
        if (m.matches())
        {
            final int depth = depth(m);
            if (depth != 1 && depth != 50 && depth != 200 && depth != 1000)
            {
                return "error:handler not found,topic:" + topic;
            }
            symbol = m.group(2);
        }
        else if (topic.startsWith("publicTrade.") || topic.startsWith("tickers."))
        {
            symbol = topic.substring(topic.indexOf('.') + 1);
        }
        else
        {
            return "error:handler not found,topic:" + topic;
        }
        return books.containsKey(symbol) ? null : "error:handler not found,topic:" + topic;
    }

    private String response(final Session session, final boolean success, final String retMsg, final String req,
        final String op)
    {
        return "{\"success\":" + success + ",\"ret_msg\":\"" + retMsg.replace("\"", "'") + "\",\"conn_id\":\"" +
            session.connId + "\",\"req_id\":\"" + req + "\",\"op\":\"" + op + "\"}";
    }

    /** One connection. */
    private static final class Session
    {
        final WebSocket socket;
        final String connId;
        final Set<String> topics = ConcurrentHashMap.newKeySet();
        private final ArrayDeque<Long> window = new ArrayDeque<>();

        Session(final WebSocket socket, final String connId)
        {
            this.socket = socket;
            this.connId = connId;
        }

        int onIncoming(final long nowNs)
        {
            add(nowNs);
            return window.size();
        }

        private void add(final long nowNs)
        {
            window.addLast(nowNs);
            while (!window.isEmpty() && nowNs - window.peekFirst() > TimeUnit.SECONDS.toNanos(1))
            {
                window.pollFirst();
            }
        }
    }

    /** The Java-WebSocket server. */
    private final class Server extends WebSocketServer
    {
        private final CountDownLatch started = new CountDownLatch(1);

        Server(final InetSocketAddress address)
        {
            super(address);
            setReuseAddr(true);
            setTcpNoDelay(true);
            setConnectionLostTimeout(0);
            setDaemon(true);
        }

        @Override
        public void onOpen(final WebSocket socket, final ClientHandshake handshake)
        {
            final Session session = new Session(socket, "mock-" + connectionIds.incrementAndGet());
            socket.setAttachment(session);
            sessions.add(session);
            connectionsOpened.incrementAndGet();
        }

        @Override
        public void onMessage(final WebSocket socket, final String message)
        {
            if (socket.getAttachment() instanceof Session session && !silent)
            {
                MockBybitExchange.this.onMessage(session, message);
            }
        }

        @Override
        public void onClose(final WebSocket socket, final int code, final String reason, final boolean remote)
        {
            if (socket.getAttachment() instanceof Session session)
            {
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
        private boolean spot;
        private long seed = 1L;
        private List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
        private long publishIntervalMs;
        private int maxIncomingPerSecond = 100;
        private boolean dataFirst;

        private Builder()
        {
        }

        /**
         * Spot ({@code /v5/public/spot}, 10 args per subscribe, spot pong and tickers) or linear.
         *
         * @param spot true for spot.
         * @return this.
         */
        public Builder spot(final boolean spot)
        {
            this.spot = spot;
            return this;
        }

        /**
         * The seed of the books, trades and tickers.
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
         * Messages a client may send in any second before the 1008 close (0: no limit); 100 by default.
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
         * Writes {@code data} before {@code topic} and {@code type}, with unknown fields.
         *
         * @param dataFirst true for that order.
         * @return this.
         */
        public Builder dataFirst(final boolean dataFirst)
        {
            this.dataFirst = dataFirst;
            return this;
        }

        /**
         * Builds the (not yet started) exchange.
         *
         * @return the exchange.
         */
        public MockBybitExchange build()
        {
            return new MockBybitExchange(this);
        }
    }
}
