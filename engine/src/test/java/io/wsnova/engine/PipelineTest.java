package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.QueueFullPolicy;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.TestConnection;
import io.wsnova.testkit.Frame;
import io.wsnova.testkit.Frames;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The QUEUED pipeline under a slow handler and a small queue: BLOCK loses and duplicates nothing, DROP_NEWEST
 * accounts for every message, DISCONNECT fails the connection; and INLINE and QUEUED deliver the same sequence.
 * The server writes sequence-numbered text messages as fast as TCP takes them; every 997th is padded past the
 * queue's initial event size.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineTest
{
    private static final int MESSAGES = 200_000;
    private static final int PAD_EVERY = 997;
    private static final int PAD_LENGTH = 3000;
    private static final long WAIT_MS = 30_000;
    private static final BlockingQueue<Frame> CLIENT_CLOSE_FRAMES = new LinkedBlockingQueue<>();
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception
    {
        server = new TestServer(PipelineTest::sendSequence);
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        server.close();
    }

    @Test
    void shouldDeliverEveryMessageExactlyOnceInOrderWhenQueueFullPolicyIsBlock() throws Exception
    {
        final SequenceHandler handler = new SequenceHandler(MESSAGES, 1_000, 1);
        final WebSocket webSocket = connect(queued(QueueFullPolicy.BLOCK, 16), handler, MESSAGES);

        final CloseStatus status = handler.awaitClose(WAIT_MS);

        assertThat(status.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
        assertThat(status.closeCode()).isEqualTo(1000);
        handler.assertExactSequence(MESSAGES);
        assertThat(webSocket.counters().messagesReceived()).isEqualTo(MESSAGES);
        assertThat(webSocket.counters().droppedMessages()).isZero();
    }

    @Test
    void shouldAccountForEveryMessageWhenQueueFullPolicyIsDropNewest() throws Exception
    {
        final SequenceHandler handler = new SequenceHandler(MESSAGES, 100, 1);
        final WebSocket webSocket = connect(queued(QueueFullPolicy.DROP_NEWEST, 16), handler, MESSAGES);

        final CloseStatus status = handler.awaitClose(WAIT_MS);

        assertThat(status.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
        final int delivered = handler.count();
        final long dropped = webSocket.counters().droppedMessages();
        System.out.println("DROP_NEWEST: delivered=" + delivered + " dropped=" + dropped);
        assertThat(delivered + dropped).isEqualTo(MESSAGES);
        assertThat(dropped).as("the slow handler must have caused drops").isPositive();
        assertThat(delivered).isPositive();
        handler.assertStrictlyIncreasing();
        assertThat(webSocket.counters().messagesReceived()).isEqualTo(MESSAGES);
    }

    @Test
    void shouldFailWithSlowConsumerWhenQueueFullPolicyIsDisconnect() throws Exception
    {
        final int messages = 2_000;
        CLIENT_CLOSE_FRAMES.clear();
        final SequenceHandler handler = new SequenceHandler(messages, 1, 200);
        final WebSocket webSocket = connect(queued(QueueFullPolicy.DISCONNECT, 8), handler, messages);

        final CloseStatus status = handler.awaitClose(WAIT_MS);

        assertThat(status.reason()).isEqualTo(DisconnectReason.SLOW_CONSUMER);
        assertThat(status.reason().isFailure()).isTrue();
        assertThat(status.closeCode()).isEqualTo(1008);
        assertThat(webSocket.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(status);
        assertThat(handler.count()).isLessThan(messages);
        handler.assertStrictlyIncreasing();
        final Frame closeFrame = CLIENT_CLOSE_FRAMES.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(closeFrame).as("the client's close frame").isNotNull();
        assertThat(closeFrame.opcode()).isEqualTo(8);
        assertThat(closeFrame.closeCode()).isEqualTo(1008);
    }

    @Test
    void shouldCountMessagesLeftQueuedWhenHandlerCannotDrainWithinCloseTimeout() throws Exception
    {
        final int messages = 3_000;
        final SequenceHandler handler = new SequenceHandler(messages, 1, 1);
        final NovaOptions options = NovaOptions.builder()
            .pipelineMode(PipelineMode.QUEUED)
            .queueFullPolicy(QueueFullPolicy.DROP_NEWEST)
            .queueCapacity(1024)
            .closeTimeoutMs(200)
            .build();
        final WebSocket webSocket = connect(options, handler, messages);

        final CloseStatus status = handler.awaitClose(WAIT_MS);

        assertThat(status.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
        final int delivered = handler.count();
        final long dropped = webSocket.counters().droppedMessages();
        System.out.println("drain timeout: delivered=" + delivered + " dropped=" + dropped);
        assertThat(webSocket.counters().messagesReceived()).isEqualTo(messages);
        assertThat(delivered + dropped).as("every message delivered or counted as dropped").isEqualTo(messages);
        handler.assertStrictlyIncreasing();
    }

    @Test
    void shouldCountMessagesTheBlockedReaderGivesUpWhenLocalCloseTimesOut() throws Exception
    {
        final int messages = 3_000;
        final SequenceHandler handler = new SequenceHandler(messages, 1, 1);
        final NovaOptions options = NovaOptions.builder()
            .pipelineMode(PipelineMode.QUEUED)
            .queueFullPolicy(QueueFullPolicy.BLOCK)
            .queueCapacity(64)
            .closeTimeoutMs(200)
            .build();
        final WebSocket webSocket = connect(options, handler, messages);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (handler.count() == 0 && System.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
        }

        webSocket.close();
        final CloseStatus status = handler.awaitClose(WAIT_MS);

        assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
        final int delivered = handler.count();
        final long dropped = webSocket.counters().droppedMessages();
        final long received = webSocket.counters().messagesReceived();
        System.out.println("blocked close: received=" + received + " delivered=" + delivered + " dropped=" + dropped);
        assertThat(delivered + dropped).as("every received message delivered or counted as dropped")
            .isEqualTo(received);
        handler.assertStrictlyIncreasing();
    }

    @Test
    void shouldDeliverIdenticalSequenceInlineAndQueued() throws Exception
    {
        final SequenceHandler inline = new SequenceHandler(MESSAGES, 0, 0);
        connect(NovaOptions.builder().pipelineMode(PipelineMode.INLINE).build(), inline, MESSAGES);
        assertThat(inline.awaitClose(WAIT_MS).reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);

        final SequenceHandler queued = new SequenceHandler(MESSAGES, 0, 0);
        connect(queued(QueueFullPolicy.BLOCK, 64), queued, MESSAGES);
        assertThat(queued.awaitClose(WAIT_MS).reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);

        assertThat(queued.count()).isEqualTo(inline.count());
        assertThat(queued.sequence()).isEqualTo(inline.sequence());
        assertThat(queued.lengths()).isEqualTo(inline.lengths());
        inline.assertExactSequence(MESSAGES);
    }

    private static NovaOptions queued(final QueueFullPolicy policy, final int capacity)
    {
        return NovaOptions.builder()
            .pipelineMode(PipelineMode.QUEUED)
            .queueFullPolicy(policy)
            .queueCapacity(capacity)
            .build();
    }

    private static WebSocket connect(final NovaOptions options, final SequenceHandler handler, final int count)
        throws WebSocketConnectException
    {
        return WebSocketClient.connectBlocking(server.url("/seq?n=" + count), options, handler);
    }

    /**
     * Server script: writes {@code n} text messages "i" (padded every PAD_EVERY), a close frame (1000), then reads
     * the client's frames until its close frame, which it records.
     */
    private static void sendSequence(final TestConnection connection) throws Exception
    {
        connection.acceptUpgrade();
        final String requestLine = connection.request().substring(0, connection.request().indexOf('\r'));
        final int n = Integer.parseInt(requestLine.substring(requestLine.indexOf("n=") + 2,
            requestLine.indexOf(' ', requestLine.indexOf("n="))));
        connection.write(sequenceFrames(n));
        connection.writeFrame(0x88, new byte[]{0x03, (byte)0xE8});
        while (true)
        {
            final Frame frame = connection.readFrame();
            if (frame.opcode() == 8)
            {
                CLIENT_CLOSE_FRAMES.add(frame);
                return;
            }
        }
    }

    private static byte[] sequenceFrames(final int n)
    {
        final ByteArrayOutputStream frames = new ByteArrayOutputStream(n * 8);
        for (int i = 0; i < n; i++)
        {
            frames.writeBytes(Frames.frame(0x81, payload(i)));
        }
        return frames.toByteArray();
    }

    private static byte[] payload(final int i)
    {
        final String digits = Integer.toString(i);
        return (i % PAD_EVERY == 0 ? digits + ":" + "x".repeat(PAD_LENGTH) : digits)
            .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Records the sequence numbers and lengths it sees; busy for {@code busyMs} every {@code slowEvery} messages
     * (the first message included) to fall behind, like a handler computing (deaf to interrupts).
     */
    private static final class SequenceHandler implements WebSocketHandler
    {
        private final int[] sequence;
        private final int[] lengths;
        private final int slowEvery;
        private final long busyMs;
        private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
        private volatile int count;
        private volatile int errors;

        SequenceHandler(final int capacity, final int slowEvery, final long busyMs)
        {
            this.sequence = new int[capacity];
            this.lengths = new int[capacity];
            this.slowEvery = slowEvery;
            this.busyMs = busyMs;
        }

        @Override
        public void onMessage(
            final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
        {
            final int index = count;
            if (index >= sequence.length || type != TEXT)
            {
                errors++;
                return;
            }
            int end = offset;
            while (end < offset + length && buffer.getByte(end) != ':')
            {
                end++;
            }
            sequence[index] = buffer.parseNaturalIntAscii(offset, end - offset);
            lengths[index] = length;
            count = index + 1;
            if (slowEvery > 0 && index % slowEvery == 0)
            {
                final long untilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(busyMs);
                while (System.nanoTime() - untilNs < 0)
                {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void onClose(final WebSocket webSocket, final CloseStatus status)
        {
            closed.complete(status);
        }

        CloseStatus awaitClose(final long timeoutMs) throws Exception
        {
            return closed.get(timeoutMs, TimeUnit.MILLISECONDS);
        }

        int count()
        {
            return count;
        }

        int[] sequence()
        {
            return Arrays.copyOf(sequence, count);
        }

        int[] lengths()
        {
            return Arrays.copyOf(lengths, count);
        }

        void assertExactSequence(final int expected)
        {
            assertThat(errors).isZero();
            assertThat(count).isEqualTo(expected);
            for (int i = 0; i < expected; i++)
            {
                if (sequence[i] != i)
                {
                    throw new AssertionError("message " + i + " carried sequence " + sequence[i]);
                }
                if (lengths[i] != payload(i).length)
                {
                    throw new AssertionError("message " + i + " has length " + lengths[i] + ", expected " +
                        payload(i).length);
                }
            }
        }

        void assertStrictlyIncreasing()
        {
            assertThat(errors).isZero();
            final int n = count;
            for (int i = 1; i < n; i++)
            {
                if (sequence[i] <= sequence[i - 1])
                {
                    throw new AssertionError("message " + i + " carried " + sequence[i] + " after " + sequence[i - 1]);
                }
            }
            for (int i = 0; i < n; i++)
            {
                if (lengths[i] != payload(sequence[i]).length)
                {
                    throw new AssertionError("sequence " + sequence[i] + " has length " + lengths[i]);
                }
            }
        }
    }
}
