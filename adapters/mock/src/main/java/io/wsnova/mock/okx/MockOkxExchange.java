package io.wsnova.mock.okx;

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
 * A mock of OKX's v5 public WebSocket on loopback: {@code {"op":"subscribe","args":[{"channel":..,"instId":..}]}}
 * answered per arg with {@code {"event":"subscribe","arg":{...},"connId":".."}} or {@code {"event":"error",
 * "code":"60018","msg":"..."}} for an unknown instrument or channel; the text {@code ping} answered {@code pong};
 * deterministic books ({@code books}: snapshot then updates with {@code seqId}/{@code prevSeqId} in irregular steps
 * and the CRC32 checksum; {@code books5}), trades, tickers, and for swaps mark price, funding rate and open interest,
 * driven by a seed and {@link #step(int)} (or a rate).
 * <p>
 * Faults: a sequence gap ({@link #gapNext}), a bad checksum ({@link #badChecksumNext}), a no-change book update
 * ({@link #bookHeartbeat}), a sequence reset after "maintenance" ({@link #maintenanceReset}), silence with the
 * sockets open ({@link #silence}), a disconnect ({@link #disconnectAll}), refusal of unknown instruments, and a rate
 * limit on subscribe/unsubscribe requests ({@link Builder#rateLimit}: error 60014, optionally a 1008 close).
 * Independent of the wsnova adapter: its own JSON writing and request parsing.
 */
public final class MockOkxExchange implements AutoCloseable
{
    private static final Pattern OP = Pattern.compile("\"op\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ARG = Pattern.compile("\\{([^{}]*)\\}");
    private static final Pattern CHANNEL = Pattern.compile("\"channel\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern INST_ID = Pattern.compile("\"instId\"\\s*:\\s*\"([^\"]*)\"");
    private static final Set<String> CHANNELS = Set.of("books", "books5", "trades", "tickers", "mark-price",
        "funding-rate", "open-interest");

    private final Builder config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, MockOkxBook> books = new LinkedHashMap<>();
    private final Map<String, List<Long>> tradeIds = new ConcurrentHashMap<>();
    private final Set<MockOkxSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<String> gapNext = ConcurrentHashMap.newKeySet();
    private final Set<String> badChecksumNext = ConcurrentHashMap.newKeySet();
    private final Set<String> resetNext = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong subscribeArgs = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private volatile boolean silent;
    private Server server;

    /** One client connection. */
    private static final class MockOkxSession
    {
        final WebSocket socket;
        final Set<String> channels = ConcurrentHashMap.newKeySet();
        final ArrayDeque<Long> requestTimesMs = new ArrayDeque<>();
        final String connId;

        MockOkxSession(final WebSocket socket, final long number)
        {
            this.socket = socket;
            this.connId = "conn" + number;
        }
    }

    private MockOkxExchange(final Builder config)
    {
        this.config = config;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "mock-okx-timer");
            thread.setDaemon(true);
            return thread;
        });
        long seed = config.seed;
        for (final String instId : config.instruments)
        {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            books.put(instId, new MockOkxBook(instId, seed, config.depth, 300_000L, 1_000_000L, 5_000L));
            tradeIds.put(instId, new ArrayList<>());
        }
    }

    /**
     * A builder: seed 1, BTC-USDT and BTC-USDT-SWAP, 30 levels per side, no automatic publishing, no rate limit.
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
    public MockOkxExchange start()
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
     * The public endpoint.
     *
     * @return {@code ws://127.0.0.1:PORT/ws/v5/public}.
     */
    public URI uri()
    {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/ws/v5/public");
    }

    /**
     * Advances the market {@code count} steps: per instrument one book update (and a {@code books5} snapshot), one
     * trade, a ticker, and for swaps a mark price, an open interest and a funding rate.
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
                for (final MockOkxBook book : books.values())
                {
                    stepBook(book);
                }
            }
            finally
            {
                lock.unlock();
            }
        }
    }

    /**
     * Makes the next book update of an instrument change the book without being sent: a sequence gap.
     *
     * @param instId the instrument.
     */
    public void gapNext(final String instId)
    {
        gapNext.add(instId);
    }

    /**
     * Makes the next book update of an instrument carry a wrong checksum.
     *
     * @param instId the instrument.
     */
    public void badChecksumNext(final String instId)
    {
        badChecksumNext.add(instId);
    }

    /**
     * Makes the next book update of an instrument a sequence reset ("maintenance"): its {@code seqId} is smaller
     * than its {@code prevSeqId}, and the ids continue from there.
     *
     * @param instId the instrument.
     */
    public void maintenanceReset(final String instId)
    {
        resetNext.add(instId);
    }

    /**
     * Sends a no-change book update ({@code seqId == prevSeqId}, no levels) of an instrument.
     *
     * @param instId the instrument.
     */
    public void bookHeartbeat(final String instId)
    {
        lock.lock();
        try
        {
            final MockOkxBook book = books.get(instId);
            publish("books", instId, "\"action\":\"update\",", "{\"asks\":[],\"bids\":[],\"ts\":\"" + now() +
                "\",\"checksum\":" + book.checksum() + ",\"prevSeqId\":" + book.seqId() + ",\"seqId\":" +
                book.seqId() + "}");
        }
        finally
        {
            lock.unlock();
        }
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
     * Closes every connection (1011); the market goes on.
     */
    public void disconnectAll()
    {
        for (final MockOkxSession session : new ArrayList<>(sessions))
        {
            session.socket.close(1011, "mock disconnect");
        }
    }

    /**
     * Sends a raw text message on every connection.
     *
     * @param text the message.
     */
    public void sendRaw(final String text)
    {
        for (final MockOkxSession session : sessions)
        {
            send(session, text);
        }
    }

    /**
     * The whole book of an instrument right after {@code seqId} (canonical, see {@link #canonicalBook}), or null.
     *
     * @param instId the instrument.
     * @param seqId  the sequence id.
     * @return the text, or null.
     */
    public String bookAt(final String instId, final long seqId)
    {
        lock.lock();
        try
        {
            return books.get(instId).bookAt(seqId);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The canonical text of a book: {@code [[price,size],...]|[[price,size],...]}, bids best first, then asks.
     *
     * @param bids the bids, best first.
     * @param asks the asks, best first.
     * @return the text.
     */
    public static String canonicalBook(final List<String[]> bids, final List<String[]> asks)
    {
        final StringBuilder text = new StringBuilder();
        appendLevels(text, bids);
        text.append('|');
        appendLevels(text, asks);
        return text.toString();
    }

    /**
     * The ids of every trade generated for an instrument, in order.
     *
     * @param instId the instrument.
     * @return a copy.
     */
    public List<Long> tradeIds(final String instId)
    {
        lock.lock();
        try
        {
            return new ArrayList<>(tradeIds.get(instId));
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The last {@code seqId} of an instrument's book.
     *
     * @param instId the instrument.
     * @return the id.
     */
    public long lastSeqId(final String instId)
    {
        lock.lock();
        try
        {
            return books.get(instId).seqId();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Subscribe and unsubscribe requests received.
     *
     * @return the count.
     */
    public long requests()
    {
        return requests.get();
    }

    /**
     * Args of subscribe requests received.
     *
     * @return the count.
     */
    public long subscribeArgs()
    {
        return subscribeArgs.get();
    }

    /**
     * Args refused (unknown channel or instrument).
     *
     * @return the count.
     */
    public long refusals()
    {
        return refusals.get();
    }

    /**
     * Requests refused by the rate limit.
     *
     * @return the count.
     */
    public long rateLimited()
    {
        return rateLimited.get();
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
     * Text pings received.
     *
     * @return the count.
     */
    public long pings()
    {
        return pings.get();
    }

    /**
     * Open connections.
     *
     * @return the count.
     */
    public int openConnections()
    {
        return sessions.size();
    }

    @Override
    public void close()
    {
        timer.shutdownNow();
        if (server != null)
        {
            try
            {
                server.stop(1_000);
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
        return "MockOkxExchange{connections=" + sessions.size() + ", opened=" + connectionsOpened + ", requests=" +
            requests + ", subscribeArgs=" + subscribeArgs + ", refusals=" + refusals + ", rateLimited=" +
            rateLimited + ", pings=" + pings + ", silent=" + silent + '}';
    }

    private void stepBook(final MockOkxBook book)
    {
        final String instId = book.instId;
        final long prevSeqId = book.seqId();
        final boolean reset = resetNext.remove(instId);
        final long seqId = reset ? 10 + book.random().nextInt(100) : prevSeqId + 1 + book.random().nextInt(40);
        final List<List<String[]>> changed = book.change(seqId);
        if (!gapNext.remove(instId))
        {
            final int checksum = badChecksumNext.remove(instId) ? book.checksum() ^ 0x5A5A : book.checksum();
            publish("books", instId, "\"action\":\"update\",", "{\"asks\":" + levels(changed.get(1)) +
                ",\"bids\":" + levels(changed.get(0)) + ",\"ts\":\"" + now() + "\",\"checksum\":" + checksum +
                ",\"prevSeqId\":" + prevSeqId + ",\"seqId\":" + seqId + "}");
        }
        publish("books5", instId, "", "{\"asks\":" + levels(book.levels(false, 5)) + ",\"bids\":" +
            levels(book.levels(true, 5)) + ",\"instId\":\"" + instId + "\",\"ts\":\"" + now() + "\",\"seqId\":" +
            seqId + "}");
        final long tradeId = book.nextTradeId();
        tradeIds.get(instId).add(tradeId);
        final String side = book.random().nextBoolean() ? "buy" : "sell";
        publish("trades", instId, "", "{\"instId\":\"" + instId + "\",\"tradeId\":\"" + tradeId + "\",\"px\":\"" +
            book.tradePrice() + "\",\"sz\":\"" + book.size() + "\",\"side\":\"" + side + "\",\"ts\":\"" + now() +
            "\",\"count\":\"1\"}");
        final List<String[]> bestBid = book.levels(true, 1);
        final List<String[]> bestAsk = book.levels(false, 1);
        final boolean swap = instId.endsWith("-SWAP");
        publish("tickers", instId, "", "{\"instType\":\"" + (swap ? "SWAP" : "SPOT") + "\",\"instId\":\"" + instId +
            "\",\"last\":\"" + book.tradePrice() + "\",\"lastSz\":\"1\",\"askPx\":\"" + bestAsk.get(0)[0] +
            "\",\"askSz\":\"" + bestAsk.get(0)[1] + "\",\"bidPx\":\"" + bestBid.get(0)[0] + "\",\"bidSz\":\"" +
            bestBid.get(0)[1] + "\",\"open24h\":\"29000.0\",\"ts\":\"" + now() + "\"}");
        if (swap)
        {
            publish("mark-price", instId, "", "{\"instType\":\"SWAP\",\"instId\":\"" + instId + "\",\"markPx\":\"" +
                book.tradePrice() + "\",\"ts\":\"" + now() + "\"}");
            publish("open-interest", instId, "", "{\"instType\":\"SWAP\",\"instId\":\"" + instId + "\",\"oi\":\"" +
                (100_000 + book.random().nextInt(1000)) + "\",\"oiCcy\":\"1000.5\",\"ts\":\"" + now() + "\"}");
            publish("funding-rate", instId, "", "{\"instType\":\"SWAP\",\"instId\":\"" + instId +
                "\",\"fundingRate\":\"0.0001" + book.random().nextInt(10) + "\",\"fundingTime\":\"1767225600000\"," +
                "\"nextFundingTime\":\"1767254400000\",\"method\":\"current_period\",\"ts\":\"" + now() + "\"}");
        }
    }

    private void publish(final String channel, final String instId, final String action, final String item)
    {
        final String key = channel + ":" + instId;
        String message = null;
        for (final MockOkxSession session : sessions)
        {
            if (session.channels.contains(key))
            {
                if (message == null)
                {
                    message = "{\"arg\":{\"channel\":\"" + channel + "\",\"instId\":\"" + instId + "\"}," + action +
                        "\"data\":[" + item + "]}";
                }
                send(session, message);
            }
        }
    }

    private void onText(final MockOkxSession session, final String text)
    {
        if ("ping".equals(text))
        {
            pings.incrementAndGet();
            send(session, "pong");
            return;
        }
        final Matcher op = OP.matcher(text);
        if (!op.find())
        {
            send(session, error(session, "60012", "Invalid request: " + text));
            return;
        }
        final boolean subscribe = "subscribe".equals(op.group(1));
        if (!subscribe && !"unsubscribe".equals(op.group(1)))
        {
            send(session, error(session, "60012", "Invalid request: " + text));
            return;
        }
        requests.incrementAndGet();
        if (rateLimitExceeded(session))
        {
            rateLimited.incrementAndGet();
            send(session, error(session, "60014", "Requests too frequent."));
            if (config.closeOnRateLimit)
            {
                session.socket.close(1008, "Requests too frequent.");
            }
            return;
        }
        final int argsStart = text.indexOf('[');
        final Matcher arg = ARG.matcher(argsStart < 0 ? "" : text.substring(argsStart));
        lock.lock();
        try
        {
            while (arg.find())
            {
                final Matcher channel = CHANNEL.matcher(arg.group(1));
                final Matcher instId = INST_ID.matcher(arg.group(1));
                final String name = channel.find() ? channel.group(1) : "";
                final String inst = instId.find() ? instId.group(1) : "";
                if (!CHANNELS.contains(name) || !books.containsKey(inst))
                {
                    refusals.incrementAndGet();
                    send(session, error(session, "60018", "Wrong URL or channel:" + name + ",instId:" + inst +
                        " doesn't exist. Please use the correct URL, channel and parameters referring to API " +
                        "document."));
                    return;
                }
                final String key = name + ":" + inst;
                final String argJson = "{\"channel\":\"" + name + "\",\"instId\":\"" + inst + "\"}";
                if (subscribe)
                {
                    subscribeArgs.incrementAndGet();
                    session.channels.add(key);
                    send(session, "{\"event\":\"subscribe\",\"arg\":" + argJson + ",\"connId\":\"" + session.connId +
                        "\"}");
                    if ("books".equals(name))
                    {
                        final MockOkxBook book = books.get(inst);
                        send(session, "{\"arg\":" + argJson + ",\"action\":\"snapshot\",\"data\":[{\"asks\":" +
                            levels(book.levels(false, Integer.MAX_VALUE)) + ",\"bids\":" +
                            levels(book.levels(true, Integer.MAX_VALUE)) + ",\"ts\":\"" + now() + "\",\"checksum\":" +
                            book.checksum() + ",\"prevSeqId\":-1,\"seqId\":" + book.seqId() + "}]}");
                    }
                }
                else
                {
                    session.channels.remove(key);
                    send(session, "{\"event\":\"unsubscribe\",\"arg\":" + argJson + ",\"connId\":\"" +
                        session.connId + "\"}");
                }
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private boolean rateLimitExceeded(final MockOkxSession session)
    {
        if (config.maxRequests <= 0)
        {
            return false;
        }
        final long nowMs = System.currentTimeMillis();
        final ArrayDeque<Long> times = session.requestTimesMs;
        while (!times.isEmpty() && nowMs - times.peekFirst() >= config.windowMs)
        {
            times.pollFirst();
        }
        if (times.size() >= config.maxRequests)
        {
            return true;
        }
        times.addLast(nowMs);
        return false;
    }

    private static String error(final MockOkxSession session, final String code, final String msg)
    {
        return "{\"event\":\"error\",\"code\":\"" + code + "\",\"msg\":\"" + msg + "\",\"connId\":\"" +
            session.connId + "\"}";
    }

    private void send(final MockOkxSession session, final String text)
    {
        if (silent || !session.socket.isOpen())
        {
            return;
        }
        try
        {
            session.socket.send(text);
        }
        catch (final RuntimeException ex)
        {
            // The socket closed meanwhile: the session goes away in onClose.
            sessions.remove(session);
        }
    }

    private static String levels(final List<String[]> levels)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < levels.size(); i++)
        {
            text.append(i == 0 ? "" : ",").append("[\"").append(levels.get(i)[0]).append("\",\"")
                .append(levels.get(i)[1]).append("\",\"0\",\"").append(1 + (i % 7)).append("\"]");
        }
        return text.append(']').toString();
    }

    private static void appendLevels(final StringBuilder text, final List<String[]> levels)
    {
        text.append('[');
        for (int i = 0; i < levels.size(); i++)
        {
            text.append(i == 0 ? "" : ",").append('[').append(levels.get(i)[0]).append(',').append(levels.get(i)[1])
                .append(']');
        }
        text.append(']');
    }

    private static long now()
    {
        return System.currentTimeMillis();
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
            final MockOkxSession session = new MockOkxSession(socket, connectionsOpened.incrementAndGet());
            socket.setAttachment(session);
            sessions.add(session);
        }

        @Override
        public void onMessage(final WebSocket socket, final String message)
        {
            if (socket.getAttachment() instanceof MockOkxSession session)
            {
                onText(session, message);
            }
        }

        @Override
        public void onClose(final WebSocket socket, final int code, final String reason, final boolean remote)
        {
            if (socket.getAttachment() instanceof MockOkxSession session)
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
        private long seed = 1L;
        private List<String> instruments = List.of("BTC-USDT", "BTC-USDT-SWAP");
        private int depth = 30;
        private long publishIntervalMs;
        private int maxRequests;
        private long windowMs;
        private boolean closeOnRateLimit;

        private Builder()
        {
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
         * Sets the instruments (a {@code -SWAP} suffix makes a swap with mark price, funding and open interest).
         *
         * @param instruments e.g. {@code BTC-USDT}.
         * @return this.
         */
        public Builder instruments(final List<String> instruments)
        {
            this.instruments = List.copyOf(instruments);
            return this;
        }

        /**
         * Sets the initial levels per side.
         *
         * @param depth levels, >= 3.
         * @return this.
         */
        public Builder depth(final int depth)
        {
            this.depth = Math.max(3, depth);
            return this;
        }

        /**
         * Publishes one step every {@code intervalMs} (0: only {@link #step(int)}).
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
         * Refuses subscribe/unsubscribe requests beyond {@code maxRequests} per {@code windowMs} per connection with
         * error 60014, and closes the connection (1008) too when {@code close}.
         *
         * @param maxRequests requests per window (0: no limit).
         * @param windowMs    the window.
         * @param close       true to close after the refusal.
         * @return this.
         */
        public Builder rateLimit(final int maxRequests, final long windowMs, final boolean close)
        {
            this.maxRequests = maxRequests;
            this.windowMs = windowMs;
            this.closeOnRateLimit = close;
            return this;
        }

        /**
         * Builds the (not yet started) mock.
         *
         * @return the mock.
         */
        public MockOkxExchange build()
        {
            return new MockOkxExchange(this);
        }
    }
}
