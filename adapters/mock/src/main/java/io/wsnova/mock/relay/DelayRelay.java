package io.wsnova.mock.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP relay on loopback in front of a mock exchange, for A/B tests: every client connection gets its own
 * upstream connection (so two relays in front of one mock give two legs that carry the same venue sequences), the
 * client-to-venue direction is copied at once, and the venue-to-client direction is delayed chunk by chunk by a
 * seeded jitter (order kept: a chunk is never released before the one before it). {@link #dropConnections()}
 * closes every relayed socket (a real close the client sees as a dropped connection); the client's reconnect is
 * relayed again. Venue-neutral: it does not parse the bytes.
 * <p>
 * Jitter: uniform in {@code [minDelayNs, maxDelayNs]}, or triangular over the same range (the mean of two uniform
 * draws: "centre plus or minus half the range", concentrated at the centre). Threads: one acceptor, and per
 * connection one thread each way plus one delayed writer; all platform daemon threads, ended by {@link #close()}.
 */
public final class DelayRelay implements AutoCloseable
{
    private static final byte[] END = new byte[0];

    private final InetSocketAddress upstream;
    private final long minDelayNs;
    private final long maxDelayNs;
    private final boolean triangular;
    private final SplittableRandom random;
    private final ReentrantLock randomLock = new ReentrantLock();
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;
    private volatile long drops;
    private volatile long accepted;

    /**
     * Starts a relay on an ephemeral loopback port.
     *
     * @param upstreamPort the mock's port on 127.0.0.1.
     * @param minDelayNs   the smallest delay of the venue-to-client direction.
     * @param maxDelayNs   the largest delay.
     * @param triangular   triangular rather than uniform jitter.
     * @param seed         the jitter's seed.
     * @throws IOException when the port cannot be opened.
     */
    public DelayRelay(final int upstreamPort, final long minDelayNs, final long maxDelayNs, final boolean triangular,
        final long seed) throws IOException
    {
        if (minDelayNs < 0 || maxDelayNs < minDelayNs)
        {
            throw new IllegalArgumentException("delay range [" + minDelayNs + ", " + maxDelayNs + "]");
        }
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.minDelayNs = minDelayNs;
        this.maxDelayNs = maxDelayNs;
        this.triangular = triangular;
        this.random = new SplittableRandom(seed);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("relay-accept-" + server.getLocalPort()).start(this::accept);
    }

    /**
     * The relay's port on 127.0.0.1.
     *
     * @return the port.
     */
    public int port()
    {
        return server.getLocalPort();
    }

    /**
     * Closes every relayed connection now (both sockets of each), as a network drop would.
     *
     * @return how many client connections were closed.
     */
    public int dropConnections()
    {
        int closedClients = 0;
        final List<Socket> open = new ArrayList<>(sockets);
        for (final Socket socket : open)
        {
            closeQuietly(socket);
            closedClients++;
        }
        sockets.removeAll(open);
        drops++;
        return closedClients / 2;
    }

    /**
     * Client connections accepted so far.
     *
     * @return the count.
     */
    public long accepted()
    {
        return accepted;
    }

    @Override
    public void close()
    {
        closed = true;
        closeQuietly(server);
        dropConnections();
        try
        {
            acceptor.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString()
    {
        return "DelayRelay{port=" + server.getLocalPort() + ", upstream=" + upstream.getPort() + ", delay=[" +
            minDelayNs + ", " + maxDelayNs + "] ns" + (triangular ? " triangular" : " uniform") + ", accepted=" +
            accepted + ", drops=" + drops + '}';
    }

    private void accept()
    {
        while (!closed)
        {
            try
            {
                final Socket client = server.accept();
                final Socket venue = new Socket();
                venue.connect(upstream, 5_000);
                client.setTcpNoDelay(true);
                venue.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(venue);
                accepted++;
                final BlockingQueue<Object[]> delayed = new LinkedBlockingQueue<>();
                final String name = "relay-" + server.getLocalPort() + "-" + accepted;
                Thread.ofPlatform().daemon().name(name + "-up").start(() -> copy(client, venue));
                Thread.ofPlatform().daemon().name(name + "-down").start(() -> readDelayed(venue, client, delayed));
                Thread.ofPlatform().daemon().name(name + "-write").start(() -> writeDelayed(client, venue, delayed));
            }
            catch (final IOException ex)
            {
                if (closed)
                {
                    return;
                }
            }
        }
    }

    private static void copy(final Socket from, final Socket to)
    {
        final byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
        {
            int read;
            while ((read = in.read(buffer)) >= 0)
            {
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            // the connection ended or was dropped: close both sides below
        }
        closeQuietly(from);
        closeQuietly(to);
    }

    private void readDelayed(final Socket venue, final Socket client, final BlockingQueue<Object[]> delayed)
    {
        final byte[] buffer = new byte[64 * 1024];
        long lastReleaseNs = 0;
        try (InputStream in = venue.getInputStream())
        {
            int read;
            while ((read = in.read(buffer)) >= 0)
            {
                final long releaseNs = Math.max(lastReleaseNs, System.nanoTime() + nextDelayNs());
                lastReleaseNs = releaseNs;
                delayed.add(new Object[]{releaseNs, Arrays.copyOf(buffer, read)});
            }
        }
        catch (final IOException ex)
        {
            // dropped or ended
        }
        delayed.add(new Object[]{0L, END});
        closeQuietly(venue);
    }

    private static void writeDelayed(final Socket client, final Socket venue, final BlockingQueue<Object[]> delayed)
    {
        try (OutputStream out = client.getOutputStream())
        {
            while (true)
            {
                final Object[] chunk = delayed.poll(1, TimeUnit.SECONDS);
                if (chunk == null)
                {
                    if (client.isClosed())
                    {
                        return;
                    }
                    continue;
                }
                final byte[] bytes = (byte[])chunk[1];
                if (bytes == END)
                {
                    break;
                }
                final long releaseNs = (Long)chunk[0];
                long waitNs;
                while ((waitNs = releaseNs - System.nanoTime()) > 0)
                {
                    LockSupport.parkNanos(waitNs);
                }
                out.write(bytes);
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            // dropped
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        closeQuietly(client);
        closeQuietly(venue);
    }

    private long nextDelayNs()
    {
        final long range = maxDelayNs - minDelayNs;
        if (range == 0)
        {
            return minDelayNs;
        }
        randomLock.lock();
        try
        {
            final long draw = triangular ? (random.nextLong(range + 1) + random.nextLong(range + 1)) / 2 :
                random.nextLong(range + 1);
            return minDelayNs + draw;
        }
        finally
        {
            randomLock.unlock();
        }
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final Exception ex)
        {
            // closing anyway
        }
    }
}
