package io.wsnova.engine.client;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.TestConnection;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.Frame;
import io.wsnova.testkit.Frames;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.Scripts;

/**
 * A controllable JSON-RPC WebSocket server on loopback for fault injection: each accepted connection follows the
 * next planned {@link Behaviour} (NORMAL once the plan is used up); the server can be killed and restarted on the
 * same port; a stream thread publishes sequence-numbered notifications and counts exactly which sequence numbers
 * reached a subscribed connection and which were generated while nobody was subscribed.
 */
final class FaultServer implements AutoCloseable
{
    enum Behaviour
    {
        /** Upgrade, answer JSON-RPC, pong pings, echo close. */
        NORMAL,
        /** Accept TCP, read the upgrade request, never answer. */
        NO_UPGRADE,
        /** Answer the upgrade with 503. */
        HTTP_503,
        /** Upgrade, then read and discard everything: no pongs, no answers. */
        SILENT,
        /** Upgrade, write half a text frame, then reset the connection. */
        HALF_FRAME_RESET,
        /** Read the upgrade request, wait {@link #slowUpgradeMs}, then upgrade and serve as NORMAL. */
        SLOW_UPGRADE,
        /** Upgrade, then close at once with 1012 (service restart). */
        CLOSE_AFTER_UPGRADE
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern CHANNEL = Pattern.compile("\"([^\"]+)\"");

    private final ConcurrentLinkedQueue<Behaviour> plan = new ConcurrentLinkedQueue<>();
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger upgraded = new AtomicInteger();
    private final AtomicInteger subscribeRequests = new AtomicInteger();
    private final Map<String, AtomicInteger> subscribesByChannel = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final int port;
    private final TestServer server;
    private volatile long slowUpgradeMs = 500;

    FaultServer() throws IOException
    {
        server = new TestServer(this::run);
        port = server.port();
    }

    String url()
    {
        return "ws://127.0.0.1:" + port + "/";
    }

    void plan(final Behaviour... behaviours)
    {
        plan.addAll(List.of(behaviours));
    }

    int accepted()
    {
        return accepted.get();
    }

    int upgraded()
    {
        return upgraded.get();
    }

    int subscribeRequests()
    {
        return subscribeRequests.get();
    }

    int subscribes(final String channel)
    {
        final AtomicInteger count = subscribesByChannel.get(channel);
        return count == null ? 0 : count.get();
    }

    /** From now on, subscribes to this channel get a JSON-RPC error. */
    void refuse(final String channel)
    {
        refused.add(channel);
    }

    /** From now on, subscribes to this channel are served again. */
    void unrefuse(final String channel)
    {
        refused.remove(channel);
    }

    void slowUpgradeMs(final long millis)
    {
        slowUpgradeMs = millis;
    }

    /** Whether a live connection is subscribed to the channel on this server. */
    boolean subscribedOnServer(final String channel)
    {
        for (final Peer peer : peers)
        {
            if (peer.open && peer.subscribed.contains(channel))
            {
                return true;
            }
        }
        return false;
    }

    /** Connections upgraded and still served (not yet ended by either side). */
    int livePeers()
    {
        return peers.size();
    }

    /** Sends a notification on the channel to every live connection (subscribed or not). */
    void pushToAll(final String channel)
    {
        for (final Peer peer : peers)
        {
            try
            {
                peer.send(JsonRpc.notification(channel, "{\"seq\":1}"));
            }
            catch (final IOException ignore)
            {
                // already gone
            }
        }
    }

    /** Writes half a frame to every live connection, then resets it. */
    void halfFrameResetAll()
    {
        awaitPeer();
        for (final Peer peer : peers)
        {
            peer.halfFrameReset();
        }
    }

    /** Sends every live connection a frame with RSV1 set (no extension negotiated): a protocol violation. */
    void violateProtocolAll()
    {
        awaitPeer();
        for (final Peer peer : peers)
        {
            try
            {
                peer.write(0xC1, "{}".getBytes(StandardCharsets.UTF_8));
            }
            catch (final IOException ignore)
            {
                // already gone
            }
        }
    }

    /** Stops listening and cuts every connection at once (a crashed server). */
    void kill()
    {
        server.kill();
        peers.clear();
    }

    /** Listens again on the same port. */
    void restart() throws IOException
    {
        server.restart();
    }

    /**
     * A client sees its connection open before this server has registered it: wait (bounded) for one to exist.
     */
    private void awaitPeer()
    {
        Await.within(() -> !peers.isEmpty(), TestServer.LIVE_WAIT_MS);
    }

    /** Closes every live connection with a close frame (waiting for one to be registered). */
    void closeAll(final int code)
    {
        awaitPeer();
        closeAllNow(code);
    }

    private void closeAllNow(final int code)
    {
        for (final Peer peer : peers)
        {
            peer.closeWith(code);
        }
    }

    /** Ends every live connection with a FIN after what was written so far (no close frame, nothing lost). */
    void dropAll()
    {
        awaitPeer();
        dropAllNow();
    }

    private void dropAllNow()
    {
        for (final Peer peer : peers)
        {
            peer.drop();
        }
    }

    @Override
    public void close()
    {
        server.close();
    }

    private void run(final TestConnection connection) throws Exception
    {
        accepted.incrementAndGet();
        final Behaviour behaviour = plan.poll();
        switch (behaviour == null ? Behaviour.NORMAL : behaviour)
        {
            case NO_UPGRADE -> Scripts.noUpgrade().run(connection);
            case HTTP_503 -> Scripts.status(503, "Service Unavailable").run(connection);
            case SILENT ->
            {
                upgraded.incrementAndGet();
                Scripts.silent().run(connection);
            }
            case SLOW_UPGRADE ->
            {
                final String request = connection.readRequest();
                connection.silence(slowUpgradeMs);
                connection.write(Frames.switchingProtocols(request));
                serveUpgraded(connection);
            }
            case CLOSE_AFTER_UPGRADE ->
            {
                upgraded.incrementAndGet();
                Scripts.closeAfterUpgrade(1012).run(connection);
            }
            case HALF_FRAME_RESET ->
            {
                upgraded.incrementAndGet();
                Scripts.halfFrameThenReset(100, 40).run(connection);
            }
            default -> serve(connection);
        }
    }

    private void serve(final TestConnection connection) throws IOException
    {
        connection.acceptUpgrade();
        serveUpgraded(connection);
    }

    private void serveUpgraded(final TestConnection connection) throws IOException
    {
        upgraded.incrementAndGet();
        final Peer peer = new Peer(connection);
        peers.add(peer);
        try
        {
            while (true)
            {
                final Frame frame = connection.readFrame();
                switch (frame.opcode())
                {
                    case 0x8 ->
                    {
                        peer.write(0x88, frame.payload());
                        return;
                    }
                    case 0x9 -> peer.write(0x8A, frame.payload());
                    case 0x1 -> answer(peer, frame.text());
                    default ->
                    {
                    }
                }
            }
        }
        finally
        {
            peer.subscribed.clear();
            peers.remove(peer);
        }
    }

    private void answer(final Peer peer, final String text) throws IOException
    {
        final Matcher idMatch = ID.matcher(text);
        final Matcher methodMatch = METHOD.matcher(text);
        if (!idMatch.find() || !methodMatch.find())
        {
            return;
        }
        final long id = Long.parseLong(idMatch.group(1));
        final String method = methodMatch.group(1);
        switch (method)
        {
            case "subscribe", "unsubscribe" ->
            {
                if ("subscribe".equals(method) && refused.stream().anyMatch(text::contains))
                {
                    peer.send(JsonRpc.error(id, 11050, "bad_request"));
                    return;
                }
                final String channels = JsonRpc.channels(text);
                peer.lock.lock();
                try
                {
                    final Matcher channel = CHANNEL.matcher(channels);
                    while (channel.find())
                    {
                        if ("subscribe".equals(method))
                        {
                            subscribeRequests.incrementAndGet();
                            subscribesByChannel.computeIfAbsent(channel.group(1), c -> new AtomicInteger())
                                .incrementAndGet();
                            peer.subscribed.add(channel.group(1));
                        }
                        else
                        {
                            peer.subscribed.remove(channel.group(1));
                        }
                    }
                    peer.write(0x81, JsonRpc.result(id, channels).getBytes(StandardCharsets.UTF_8));
                }
                finally
                {
                    peer.lock.unlock();
                }
            }
            case "auth" -> peer.send(JsonRpc.result(id, "{\"access_token\":\"t\",\"expires_in\":900}"));
            default -> peer.send(JsonRpc.result(id, "{\"method\":\"" + method + "\"}"));
        }
    }

    /**
     * Publishes notifications {@code {"channel":C,"data":{"seq":N}}} for each channel at a fixed rate on its own
     * thread until {@link Stream#stop()}; the n-th notification of a channel carries seq n. A notification is
     * delivered when a connection is subscribed to its channel at that moment, else counted as missed.
     */
    Stream stream(final List<String> channels, final int messagesPerSecondPerChannel, final long dropSeed,
        final long meanDropIntervalMs)
    {
        final Stream stream = new Stream(channels, messagesPerSecondPerChannel, dropSeed, meanDropIntervalMs);
        stream.thread.start();
        return stream;
    }

    final class Stream
    {
        final Map<String, AtomicLong> generated = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> delivered = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> missed = new ConcurrentHashMap<>();
        final AtomicInteger drops = new AtomicInteger();
        private final List<String> channels;
        private final long periodNs;
        private final SplittableRandom random;
        private final long meanDropIntervalMs;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile boolean dropping = true;

        Stream(final List<String> channels, final int rate, final long seed, final long meanDropIntervalMs)
        {
            this.channels = channels;
            this.periodNs = TimeUnit.SECONDS.toNanos(1) / rate;
            this.random = new SplittableRandom(seed);
            this.meanDropIntervalMs = meanDropIntervalMs;
            for (final String channel : channels)
            {
                generated.put(channel, new AtomicLong());
                delivered.put(channel, new AtomicLong());
                missed.put(channel, new AtomicLong());
            }
            this.thread = new Thread(this::publish, "fault-server-stream");
            thread.setDaemon(true);
        }

        private long nextDropNs(final long nowNs)
        {
            if (meanDropIntervalMs <= 0)
            {
                return Long.MAX_VALUE;
            }
            final long intervalMs = random.nextLong(meanDropIntervalMs / 2, meanDropIntervalMs * 3 / 2);
            return nowNs + TimeUnit.MILLISECONDS.toNanos(intervalMs);
        }

        private void publish()
        {
            long nextNs = System.nanoTime();
            long dropAtNs = nextDropNs(nextNs);
            while (running)
            {
                for (final String channel : channels)
                {
                    final long seq = generated.get(channel).incrementAndGet();
                    final String json = JsonRpc.notification(channel, "{\"seq\":" + seq + "}");
                    boolean sent = false;
                    for (final Peer peer : peers)
                    {
                        sent |= peer.publish(channel, json);
                    }
                    (sent ? delivered : missed).get(channel).incrementAndGet();
                }
                final long nowNs = System.nanoTime();
                if (dropping && nowNs - dropAtNs >= 0)
                {
                    drops.incrementAndGet();
                    if (random.nextBoolean())
                    {
                        dropAllNow();
                    }
                    else
                    {
                        closeAllNow(random.nextBoolean() ? 1012 : 1013);
                    }
                    dropAtNs = nextDropNs(nowNs);
                }
                nextNs += periodNs;
                final long sleepNs = nextNs - System.nanoTime();
                if (sleepNs > 0)
                {
                    LockSupport.parkNanos(sleepNs);
                }
            }
        }

        void stopDrops()
        {
            dropping = false;
        }

        void stop() throws InterruptedException
        {
            running = false;
            thread.join(5_000);
        }

        long total(final Map<String, AtomicLong> counts)
        {
            return counts.values().stream().mapToLong(AtomicLong::get).sum();
        }
    }

    private static final class Peer
    {
        private final TestConnection connection;
        private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
        private final ReentrantLock lock = new ReentrantLock();
        private volatile boolean open = true;

        Peer(final TestConnection connection)
        {
            this.connection = connection;
        }

        void send(final String text) throws IOException
        {
            write(0x81, text.getBytes(StandardCharsets.UTF_8));
        }

        void write(final int firstByte, final byte[] payload) throws IOException
        {
            lock.lock();
            try
            {
                if (!open)
                {
                    throw new IOException("closed");
                }
                connection.writeFrame(firstByte, payload);
            }
            finally
            {
                lock.unlock();
            }
        }

        /** Sends a notification if subscribed to its channel: true when written. */
        boolean publish(final String channel, final String json)
        {
            lock.lock();
            try
            {
                if (!open || !subscribed.contains(channel))
                {
                    return false;
                }
                connection.writeFrame(0x81, json.getBytes(StandardCharsets.UTF_8));
                return true;
            }
            catch (final IOException ex)
            {
                open = false;
                return false;
            }
            finally
            {
                lock.unlock();
            }
        }

        void closeWith(final int code)
        {
            lock.lock();
            try
            {
                if (open)
                {
                    connection.writeFrame(0x88, new byte[] {(byte)(code >> 8), (byte)code});
                    open = false;
                    subscribed.clear();
                }
            }
            catch (final IOException ignore)
            {
                open = false;
            }
            finally
            {
                lock.unlock();
            }
        }

        void halfFrameReset()
        {
            lock.lock();
            try
            {
                if (open)
                {
                    open = false;
                    subscribed.clear();
                    connection.write(Frames.half(Frames.TEXT, new byte[200], 60));
                    connection.reset();
                }
            }
            catch (final IOException ignore)
            {
                // already gone
            }
            finally
            {
                lock.unlock();
            }
        }

        void drop()
        {
            lock.lock();
            try
            {
                if (open)
                {
                    open = false;
                    subscribed.clear();
                    connection.socket().shutdownOutput();
                }
            }
            catch (final IOException ignore)
            {
                // already gone
            }
            finally
            {
                lock.unlock();
            }
        }
    }
}
