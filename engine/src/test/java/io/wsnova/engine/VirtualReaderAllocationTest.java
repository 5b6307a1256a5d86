package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.testkit.Allocation;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.Frames;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code VIRTUAL} reader with its adaptive spin on, under a steady loopback feed (10,000 msg/s, one frame per write,
 * paced by a platform thread so that the socket is empty between messages) allocates less than
 * {@link #BOUND_BYTES_PER_MESSAGE} per message on the virtual-thread carriers, which run the reader and the JDK's
 * park/unpark machinery. Before the adaptive spin the reader parked in nearly every read and the JDK allocated
 * ~150 B per park (with {@link #SPIN_NS} set to 0, the behaviour before, it fails). Counts bytes, not time: a loaded
 * machine makes the reader park more often (each park costs the JDK's ~150 B), which the bound absorbs up to one
 * park per ten messages.
 */
@Tag("slow")
@Timeout(120)
class VirtualReaderAllocationTest
{
    static final long BOUND_BYTES_PER_MESSAGE = 16;
    private static final long GAP_NS = 100_000;
    /**
     * The spin budget: 1 ms rather than the default 200 µs, so that a sender descheduled for a scheduler slice on a
     * loaded machine rarely makes the reader park (the rig measures the default; this test proves the mechanism).
     */
    private static final long SPIN_NS = 1_000_000;
    private static final int WARM_UP_MESSAGES = 20_000;
    private static final int WINDOW_MESSAGES = 20_000;
    private static final int MAX_WINDOWS = 3;
    private static final long WAIT_MS = 60_000;

    @Test
    void shouldAllocateUnderTheBoundPerMessageOnASteadyFeed() throws Exception
    {
        final ReceivePathAllocationTest.CountingHandler handler = new ReceivePathAllocationTest.CountingHandler();
        try (PacedServer server = new PacedServer())
        {
            final NovaOptions options = NovaOptions.builder().ioMode(IoMode.VIRTUAL).virtualSpinNs(SPIN_NS)
                .keepalive(0, 0).build();
            final WebSocket webSocket = WebSocketClient.connectBlocking(
                "ws://127.0.0.1:" + server.port() + "/feed", options, handler);
            try
            {
                final String windows = underTheBoundOnTheCarriers(() -> handler.count);
                System.out.println("VIRTUAL reader, 10,000 msg/s paced: " + windows);
                assertThat(windows).as("a window under %d B/message on the carriers", BOUND_BYTES_PER_MESSAGE)
                    .startsWith(UNDER);
            }
            finally
            {
                webSocket.close();
                webSocket.closeFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** What {@link #underTheBoundOnTheCarriers} returns first when a window was under the bound. */
    static final String UNDER = "under: ";

    /**
     * Counts the bytes the virtual-thread carriers allocate over windows of {@link #WINDOW_MESSAGES} messages, after
     * {@link #WARM_UP_MESSAGES}, until a window is under {@link #BOUND_BYTES_PER_MESSAGE} per message or
     * {@link #MAX_WINDOWS} were measured.
     *
     * @param count the messages the handler has seen.
     * @return each window's bytes, prefixed with {@link #UNDER} when the last one was under the bound.
     */
    static String underTheBoundOnTheCarriers(final LongSupplier count)
    {
        final Predicate<String> carriers = name -> name.startsWith("ForkJoinPool-") && name.contains("-worker-");
        Await.count(count, WARM_UP_MESSAGES, WAIT_MS, "warm-up messages");
        final List<String> windows = new ArrayList<>();
        boolean under = false;
        for (int window = 0; window < MAX_WINDOWS && !under; window++)
        {
            final long before = Allocation.threadsBytes(carriers, Allocation.ANY_THREADS);
            final long countBefore = count.getAsLong();
            Await.count(count, countBefore + WINDOW_MESSAGES, WAIT_MS, "messages");
            final long bytes = Allocation.threadsBytes(carriers, Allocation.ANY_THREADS) - before;
            final long messages = count.getAsLong() - countBefore;
            windows.add(bytes + " B over " + messages + " (" + (bytes / messages) + " B/msg)");
            under = bytes < BOUND_BYTES_PER_MESSAGE * messages;
        }
        return (under ? UNDER : "over: ") + windows;
    }

    /**
     * A WebSocket server on a platform thread (so that its own work is not counted on the carriers) that upgrades
     * one connection and then writes one small text frame every {@link #GAP_NS}, busy-waiting for each due time.
     */
    static final class PacedServer implements AutoCloseable
    {
        private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::run, "paced-server");
        private volatile boolean stop;

        PacedServer() throws IOException
        {
            thread.setDaemon(true);
            thread.start();
        }

        int port()
        {
            return socket.getLocalPort();
        }

        private void run()
        {
            try (Socket connection = socket.accept())
            {
                connection.setTcpNoDelay(true);
                final InputStream in = connection.getInputStream();
                final OutputStream out = connection.getOutputStream();
                out.write(Frames.switchingProtocols(readRequest(in)));
                out.flush();
                final byte[] frame = Frames.frame(0x81, "{\"seq\":000000001,\"price\":\"36442.5\",\"pad\":\"xxxxxxxx\"}"
                    .getBytes(StandardCharsets.US_ASCII));
                long dueNs = System.nanoTime();
                while (!stop)
                {
                    while (System.nanoTime() - dueNs < 0)
                    {
                        Thread.onSpinWait();
                    }
                    out.write(frame);
                    out.flush();
                    dueNs += GAP_NS;
                    final long nowNs = System.nanoTime();
                    if (nowNs - dueNs > 10 * GAP_NS)
                    {
                        dueNs = nowNs; // descheduled: keep the pace, do not burst to catch up
                    }
                }
            }
            catch (final IOException ignore)
            {
                // the client went away or close() closed the socket: the feed ends
            }
        }

        private static String readRequest(final InputStream in) throws IOException
        {
            final ByteArrayOutputStream request = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4)
            {
                final int b = in.read();
                if (b < 0)
                {
                    throw new IOException("eof in the upgrade request");
                }
                request.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 ||
                    matched == 3)) ? matched + 1 : 0;
            }
            return request.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException
        {
            stop = true;
            socket.close();
            Await.until(() -> !thread.isAlive(), WAIT_MS, "the paced server thread to end");
        }
    }
}
