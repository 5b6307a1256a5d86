package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.wsnova.testkit.Frames.BINARY;
import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.engine.HostileSupport.filled;
import static io.wsnova.testkit.Frames.frame;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code QUEUED}: the pooled events do not each keep the largest message they ever carried. After one large
 * message has passed through every event of the pool, the heap the connection keeps is bounded by the pool's
 * budget, not {@code capacity x} the large message (64 x 1 MiB here).
 */
@Timeout(60)
class QueuedRetainedMemoryTest
{
    private static final int CAPACITY = 64;
    private static final int LARGE_LENGTH = 1024 * 1024;
    private static final long BOUND_BYTES = 24L * 1024 * 1024;

    @Test
    void shouldNotRetainEveryLargeMessageInThePool() throws Exception
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final CompletableFuture<Boolean> go = new CompletableFuture<>();
        final CompletableFuture<Boolean> served = new CompletableFuture<>();
        final AtomicInteger large = new AtomicInteger();
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final WebSocketHandler handler = (webSocket, type, buffer, offset, length) -> onMessage(large, done, buffer,
            offset, length);
        try (TestServer server = HostileSupport.server(served, connection ->
        {
            connection.acceptUpgrade();
            go.get(WAIT_MS, TimeUnit.MILLISECONDS);
            final byte[] largeFrame = frame(BINARY, filled(LARGE_LENGTH, 'x'));
            for (int i = 0; i < CAPACITY; i++)
            {
                connection.write(largeFrame);
            }
            connection.writeFrame(TEXT, utf8("done"));
            return true;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"), HostileSupport.options(IoMode.SPIN)
                .pipelineMode(PipelineMode.QUEUED).queueCapacity(CAPACITY).build(), handler))
        {
            final long before = usedHeapAfterGc(memory);
            go.complete(true);
            done.get(30, TimeUnit.SECONDS);
            assertThat(large.get()).isEqualTo(CAPACITY);
            final long after = usedHeapAfterGc(memory);

            System.out.printf("QUEUED pool of %d after %d x %d B messages: heap after GC %d KiB -> %d KiB%n",
                CAPACITY, CAPACITY, LARGE_LENGTH, before / 1024, after / 1024);
            assertThat(client.webSocket().state()).isEqualTo(WebSocket.State.OPEN);
            assertThat(after - before).as("heap kept by the connection, bytes").isLessThan(BOUND_BYTES);
        }
    }

    private static void onMessage(final AtomicInteger large, final CompletableFuture<Boolean> done,
        final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == LARGE_LENGTH)
        {
            large.incrementAndGet();
        }
        else if ("done".equals(buffer.getStringWithoutLengthUtf8(offset, length)))
        {
            done.complete(true);
        }
    }

    private static long usedHeapAfterGc(final MemoryMXBean memory) throws InterruptedException
    {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
