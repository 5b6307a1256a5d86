package io.wsnova.mock.coinbase;

import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Coinbase Advanced Trade market-data mock on loopback: {@code subscribe}/{@code unsubscribe} per channel with
 * {@code product_ids} ({@code level2}, {@code market_trades}, {@code ticker}, {@code heartbeats}), answered by a
 * {@code subscriptions} message or {@code {"type":"error","message":...}} (unknown product or channel, malformed
 * request); a {@code sequence_num} per connection over every message; level2 and trade snapshots on subscribe
 * (the trade snapshot repeats the last {@link Builder#tradeSnapshotSize} trades, newest first); heartbeats with a
 * counter. Deterministic from a seed, driven by {@link #step(int)} or a rate.
 * <p>
 * Faults: {@link #dropNextMessages(int)} (a {@code sequence_num} gap: messages lost on the connection),
 * {@link #silence(boolean)} (nothing sent, heartbeats included, socket open), {@link #disconnectAll(int)},
 * {@link #restart()} (every connection closed, books replaced), {@link #withholdNextSnapshots(int)} (a level2
 * subscribe confirmed without its snapshot), a close with 1008 for a client above
 * {@link Builder#maxIncomingPerSecond} messages a second, {@link #sendRaw(String)}. Tests read the mock's book at
 * any message a connection received ({@link #bookAt(int, long)}) and every trade id ({@link #tradeIds(String)}).
 */
public final class MockCoinbaseExchange implements AutoCloseable
{
    /** The close code of the rate-limit disconnect. */
    public static final int RATE_LIMIT_CLOSE = 1008;

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern CHANNEL = Pattern.compile("\"channel\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern PRODUCTS = Pattern.compile("\"product_ids\"\\s*:\\s*\\[([^\\]]*)]");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");
    private static final Set<String> CHANNELS = Set.of("level2", "market_trades", "ticker", "heartbeats");

    private final Builder config;
    private final MockCoinbaseMarket market;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<MockCoinbaseSession> sessions = new ArrayList<>();
    private final Map<String, String> booksAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "mock-coinbase-timer");
        thread.setDaemon(true);
        return thread;
    });
    private Server server;
    private boolean silent;
    private int connectionsOpened;
    private long requests;
    private long rateLimitCloses;
    private long errorsSent;
    private int maxIncomingInWindow;
    private int snapshotsToWithhold;
    private long snapshotsWithheld;

    private MockCoinbaseExchange(final Builder config)
    {
        this.config = config;
        this.market = new MockCoinbaseMarket(config.products, config.seed, config.depth);
    }

    /**
     * A builder with the defaults: products BTC-USD and ETH-USD, seed 1, depth 20, heartbeats every second,
     * no automatic steps, 8 messages a second, trade snapshots of 50.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Starts the server on a loopback port chosen by the OS, and the heartbeat and publish timers.
     *
     * @return this.
     */
    public MockCoinbaseExchange start()
    {
        try
        {
            server = new Server(new InetSocketAddress("127.0.0.1", 0));
            server.start();
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
        if (config.heartbeatIntervalMs > 0)
        {
            timer.scheduleAtFixedRate(this::heartbeats, config.heartbeatIntervalMs, config.heartbeatIntervalMs,
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
     * The WebSocket URL.
     *
     * @return {@code ws://127.0.0.1:PORT/}.
     */
    public URI uri()
    {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/");
    }

    /**
     * Moves the market: per step and product, a book change (sent to level2 subscribers), a trade (market_trades)
     * and a ticker (ticker).
     *
     * @param count steps.
     */
    public void step(final int count)
    {
        lock.lock();
        try
        {
            for (int i = 0; i < count; i++)
            {
                for (final String product : market.products)
                {
                    final String time = Instant.now().toString();
                    final List<String[]> changes = market.changeBook(product);
                    if (!changes.isEmpty())
                    {
                        final String book = market.canonicalBook(product);
                        publish("level2", product, "l2_data",
                            MockCoinbaseMarket.l2Update(product, changes, time), book);
                    }
                    final String[] trade = market.trade(product, time);
                    publish("market_trades", product, "market_trades",
                        MockCoinbaseMarket.tradesEvent("update", product, List.<String[]>of(trade)), null);
                    publish("ticker", product, "ticker", market.tickerEvent("update", product), null);
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Swallows the next messages to every connection while still counting their {@code sequence_num}: a gap.
     *
     * @param count messages per connection.
     */
    public void dropNextMessages(final int count)
    {
        lock.lock();
        try
        {
            for (final MockCoinbaseSession session : sessions)
            {
                session.dropRemaining = count;
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Confirms the next {@code count} level2 subscribes (one per product, on any connection) but sends no snapshot
     * for them: a venue that acknowledges and then never delivers. Updates still flow to the subscriber.
     *
     * @param count level2 products whose snapshot is withheld.
     */
    public void withholdNextSnapshots(final int count)
    {
        lock.lock();
        try
        {
            snapshotsToWithhold = count;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Level2 snapshots withheld so far by {@link #withholdNextSnapshots(int)}.
     *
     * @return the count.
     */
    public long snapshotsWithheld()
    {
        lock.lock();
        try
        {
            return snapshotsWithheld;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Stops (or resumes) sending anything, heartbeats included; sockets stay open and requests are still read.
     *
     * @param silent true to go silent.
     */
    public void silence(final boolean silent)
    {
        lock.lock();
        try
        {
            this.silent = silent;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Closes every connection with a code.
     *
     * @param code the close code.
     */
    public void disconnectAll(final int code)
    {
        lock.lock();
        try
        {
            for (final MockCoinbaseSession session : List.copyOf(sessions))
            {
                session.socket.close(code, "mock disconnect");
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A restart: every connection closed (1012), every book replaced; trade ids go on.
     */
    public void restart()
    {
        lock.lock();
        try
        {
            market.newBooks();
            for (final MockCoinbaseSession session : List.copyOf(sessions))
            {
                session.socket.close(1012, "service restart");
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Sends a text as is to every connection (no sequence number taken).
     *
     * @param text the message.
     */
    public void sendRaw(final String text)
    {
        lock.lock();
        try
        {
            for (final MockCoinbaseSession session : sessions)
            {
                send(session, text);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The mock's book of a product now, as {@code b:price@size,...|a:price@size,...}.
     *
     * @param product the product.
     * @return the book.
     */
    public String book(final String product)
    {
        lock.lock();
        try
        {
            return market.canonicalBook(product);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The mock's book of the product a level2 message was about, after it, as the connection received it.
     *
     * @param connection the connection's ordinal (1 for the first the mock accepted).
     * @param sequence   the message's {@code sequence_num}.
     * @return the book in {@link #book(String)}'s form, or null when that message carried no book.
     */
    public String bookAt(final int connection, final long sequence)
    {
        return booksAt.get(connection + ":" + sequence);
    }

    /**
     * Every trade id the mock made for a product, in order.
     *
     * @param product the product.
     * @return the ids.
     */
    public List<Long> tradeIds(final String product)
    {
        lock.lock();
        try
        {
            return market.tradeIds(product);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Connections accepted so far.
     *
     * @return the count.
     */
    public int connectionsOpened()
    {
        lock.lock();
        try
        {
            return connectionsOpened;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Requests (subscribe, unsubscribe, anything else) received.
     *
     * @return the count.
     */
    public long requests()
    {
        lock.lock();
        try
        {
            return requests;
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
        lock.lock();
        try
        {
            return rateLimitCloses;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * {@code error} messages sent.
     *
     * @return the count.
     */
    public long errorsSent()
    {
        lock.lock();
        try
        {
            return errorsSent;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The most messages a connection sent within one second.
     *
     * @return the count.
     */
    public int maxIncomingInWindow()
    {
        lock.lock();
        try
        {
            int max = maxIncomingInWindow;
            for (final MockCoinbaseSession session : sessions)
            {
                max = Math.max(max, session.maxInWindow);
            }
            return max;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The subscriptions of every open connection, {@code channel:product} (or {@code heartbeats}).
     *
     * @return one set per connection.
     */
    public List<Set<String>> subscriptions()
    {
        lock.lock();
        try
        {
            final List<Set<String>> result = new ArrayList<>();
            for (final MockCoinbaseSession session : sessions)
            {
                final Set<String> channels = new TreeSet<>();
                for (final Map.Entry<String, Set<String>> entry : session.subscriptions.entrySet())
                {
                    for (final String product : entry.getValue())
                    {
                        channels.add(product.isEmpty() ? entry.getKey() : entry.getKey() + ":" + product);
                    }
                }
                result.add(channels);
            }
            return result;
        }
        finally
        {
            lock.unlock();
        }
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
        return "MockCoinbaseExchange{products=" + market.products + ", seed=" + config.seed + '}';
    }

    private void heartbeats()
    {
        lock.lock();
        try
        {
            for (final MockCoinbaseSession session : sessions)
            {
                if (session.subscriptions.containsKey("heartbeats"))
                {
                    session.heartbeatCounter++;
                    sendEnvelope(session, "heartbeats", "{\"current_time\":\"" + Instant.now() +
                        "\",\"heartbeat_counter\":\"" + session.heartbeatCounter + "\"}", null, null);
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Under lock: one event to every session subscribed to the channel and product. */
    private void publish(final String channel, final String product, final String wireChannel, final String event,
        final String book)
    {
        for (final MockCoinbaseSession session : sessions)
        {
            if (session.subscribed(channel, product))
            {
                sendEnvelope(session, wireChannel, event, product, book);
            }
        }
    }

    /** Under lock: takes the session's next sequence number, records the book, sends unless dropped or silent. */
    private void sendEnvelope(final MockCoinbaseSession session, final String wireChannel, final String events,
        final String product, final String book)
    {
        final long sequence = session.nextSequence++;
        if (book != null)
        {
            booksAt.put(session.ordinal + ":" + sequence, book);
        }
        if (session.dropRemaining > 0)
        {
            session.dropRemaining--;
            return;
        }
        send(session, "{\"channel\":\"" + wireChannel + "\",\"client_id\":\"\",\"timestamp\":\"" + Instant.now() +
            "\",\"sequence_num\":" + sequence + ",\"events\":[" + events + "]}");
    }

    private void send(final MockCoinbaseSession session, final String text)
    {
        if (!silent && session.socket.isOpen())
        {
            session.socket.send(text);
        }
    }

    private void onRequest(final MockCoinbaseSession session, final String message)
    {
        lock.lock();
        try
        {
            requests++;
            if (session.onIncoming(System.nanoTime()) > config.maxIncomingPerSecond)
            {
                rateLimitCloses++;
                session.socket.close(RATE_LIMIT_CLOSE, "too many messages");
                return;
            }
            final Matcher type = TYPE.matcher(message);
            final Matcher channel = CHANNEL.matcher(message);
            if (!type.find() || !channel.find())
            {
                error(session, "malformed request");
                return;
            }
            final String name = channel.group(1);
            final List<String> products = new ArrayList<>();
            final Matcher list = PRODUCTS.matcher(message);
            if (list.find())
            {
                final Matcher item = STRING.matcher(list.group(1));
                while (item.find())
                {
                    products.add(item.group(1));
                }
            }
            if (!CHANNELS.contains(name))
            {
                error(session, "Failure to subscribe: unknown channel " + name);
                return;
            }
            if ("heartbeats".equals(name))
            {
                products.clear();
                products.add("");
            }
            for (final String product : products)
            {
                if (!product.isEmpty() && !market.hasProduct(product))
                {
                    error(session, "Failure to subscribe: unknown product_id " + product);
                    return;
                }
            }
            final boolean subscribe = "subscribe".equals(type.group(1));
            if (!subscribe && !"unsubscribe".equals(type.group(1)))
            {
                error(session, "unknown type " + type.group(1));
                return;
            }
            for (final String product : products)
            {
                if (subscribe)
                {
                    session.add(name, product);
                }
                else
                {
                    session.remove(name, product);
                }
            }
            sendEnvelope(session, "subscriptions", "{\"subscriptions\":" + subscriptionsJson(session) + "}", null,
                null);
            if (subscribe)
            {
                snapshots(session, name, products);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void snapshots(final MockCoinbaseSession session, final String channel, final List<String> products)
    {
        final String time = Instant.now().toString();
        for (final String product : products)
        {
            switch (channel)
            {
                case "level2" ->
                {
                    if (snapshotsToWithhold > 0)
                    {
                        snapshotsToWithhold--;
                        snapshotsWithheld++;
                    }
                    else
                    {
                        sendEnvelope(session, "l2_data", market.l2Snapshot(product, time), product,
                            market.canonicalBook(product));
                    }
                }
                case "market_trades" -> sendEnvelope(session, "market_trades",
                    market.tradeSnapshot(product, config.tradeSnapshotSize), product, null);
                case "ticker" -> sendEnvelope(session, "ticker", market.tickerEvent("snapshot", product), product,
                    null);
                default ->
                {
                }
            }
        }
    }

    private static String subscriptionsJson(final MockCoinbaseSession session)
    {
        final StringBuilder text = new StringBuilder("{");
        for (final Map.Entry<String, Set<String>> entry : new TreeMap<>(session.subscriptions).entrySet())
        {
            text.append(text.length() > 1 ? "," : "").append('"').append(entry.getKey()).append("\":[");
            int i = 0;
            for (final String product : entry.getValue())
            {
                text.append(i++ > 0 ? "," : "").append('"').append(product.isEmpty() ? entry.getKey() : product)
                    .append('"');
            }
            text.append(']');
        }
        return text.append('}').toString();
    }

    private void error(final MockCoinbaseSession session, final String text)
    {
        errorsSent++;
        send(session, "{\"type\":\"error\",\"message\":\"" + text + "\"}");
    }

    /** The Java-WebSocket server: one session per connection. */
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
            lock.lock();
            try
            {
                final MockCoinbaseSession session = new MockCoinbaseSession(socket, ++connectionsOpened);
                socket.setAttachment(session);
                sessions.add(session);
            }
            finally
            {
                lock.unlock();
            }
        }

        @Override
        public void onMessage(final WebSocket socket, final String message)
        {
            if (socket.getAttachment() instanceof MockCoinbaseSession session)
            {
                onRequest(session, message);
            }
        }

        @Override
        public void onClose(final WebSocket socket, final int code, final String reason, final boolean remote)
        {
            if (socket.getAttachment() instanceof MockCoinbaseSession session)
            {
                lock.lock();
                try
                {
                    maxIncomingInWindow = Math.max(maxIncomingInWindow, session.maxInWindow);
                    sessions.remove(session);
                }
                finally
                {
                    lock.unlock();
                }
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
        private List<String> products = List.of("BTC-USD", "ETH-USD");
        private long seed = 1L;
        private int depth = 20;
        private long heartbeatIntervalMs = 1_000L;
        private long publishIntervalMs;
        private int maxIncomingPerSecond = 8;
        private int tradeSnapshotSize = 50;

        private Builder()
        {
        }

        /**
         * Sets the products.
         *
         * @param products e.g. {@code BTC-USD}.
         * @return this.
         */
        public Builder products(final List<String> products)
        {
            this.products = List.copyOf(products);
            return this;
        }

        /**
         * Sets the seed of the market.
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
         * Sets the levels per side of a new book.
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
         * Sets the heartbeat interval (0: none).
         *
         * @param intervalMs milliseconds.
         * @return this.
         */
        public Builder heartbeatIntervalMs(final long intervalMs)
        {
            this.heartbeatIntervalMs = intervalMs;
            return this;
        }

        /**
         * Steps the market on a timer (0: only {@link #step(int)}).
         *
         * @param intervalMs milliseconds between steps.
         * @return this.
         */
        public Builder publishIntervalMs(final long intervalMs)
        {
            this.publishIntervalMs = intervalMs;
            return this;
        }

        /**
         * Sets how many messages a connection may send in any second before it is closed with 1008.
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
         * Sets how many recent trades a market_trades snapshot repeats.
         *
         * @param count trades.
         * @return this.
         */
        public Builder tradeSnapshotSize(final int count)
        {
            this.tradeSnapshotSize = count;
            return this;
        }

        /**
         * Builds the mock (not started).
         *
         * @return the mock.
         */
        public MockCoinbaseExchange build()
        {
            return new MockCoinbaseExchange(this);
        }
    }
}
