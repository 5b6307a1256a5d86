package io.wsnova.engine.transport;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.WebSocketClient;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;
import io.wsnova.engine.testing.RecordingHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decompression bomb is refused at the message limit with 1009, and inflating it allocates a bounded amount:
 * the output buffer doubles up to {@code maxMessageLength + 1} and no further, whatever the message would inflate
 * to. DEFLATE's best ratio is about 1032:1, so the 1 GiB bomb is about 1 MiB on the wire and 1 KiB inflates to
 * about 1 MiB.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DecompressionBombTest
{
    private static final long GIB = 1L << 30;
    private static final int LIMIT = 4 * 1024 * 1024;
    private static byte[] gibibyteBomb;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void buildBomb()
    {
        gibibyteBomb = mebibytesOfZerosCompressed((int)(GIB >> 20));
        System.out.println("DecompressionBombTest: 1 GiB of zeros compresses to " + gibibyteBomb.length + " bytes");
    }

    @Test
    void shouldRefuseGibibyteBombAtTheLimitWithBoundedAllocation()
    {
        final MessageInflater inflater = new MessageInflater(LIMIT, false);
        final UnsafeBuffer payload = new UnsafeBuffer(gibibyteBomb);

        final long before = threads.getCurrentThreadAllocatedBytes();
        final int result = inflater.inflate(false, payload, 0, gibibyteBomb.length);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(result).isEqualTo(MessageInflater.ERR_TOO_BIG);
        assertThat(inflater.errorDescription()).contains("maxMessageLength");
        assertThat(inflater.capacity()).isEqualTo(LIMIT + 1);
        System.out.printf("1 GiB bomb, limit %d B: allocated %d B while refusing it%n", LIMIT, allocated);
        assertThat(allocated).as("doubling copies up to the limit, never the bomb's size").isLessThan(5L * LIMIT / 2);
        inflater.close();
    }

    @Test
    void shouldRefuseKibibyteThatInflatesToAMebibyteAtASmallLimit()
    {
        final byte[] bomb = zerosCompressed(1 << 20);
        assertThat(bomb.length).isLessThanOrEqualTo(1100);
        final MessageInflater inflater = new MessageInflater(64 * 1024, false);

        assertThat(inflater.inflate(false, new UnsafeBuffer(bomb), 0, bomb.length))
            .isEqualTo(MessageInflater.ERR_TOO_BIG);
        assertThat(inflater.capacity()).isEqualTo(64 * 1024 + 1);
        inflater.close();
    }

    @Test
    void shouldAcceptMessageOfExactlyTheLimit()
    {
        final byte[] exact = zerosCompressed(LIMIT);
        final MessageInflater inflater = new MessageInflater(LIMIT, false);

        assertThat(inflater.inflate(false, new UnsafeBuffer(exact), 0, exact.length)).isEqualTo(LIMIT);
        final byte[] overByOne = zerosCompressed(LIMIT + 1L);
        assertThat(inflater.inflate(false, new UnsafeBuffer(overByOne), 0, overByOne.length))
            .isEqualTo(MessageInflater.ERR_TOO_BIG);
        inflater.close();
    }

    @Test
    void shouldFailConnectionWith1009WhenServerSendsTheBomb() throws Exception
    {
        final CompletableFuture<Frame> close = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade("Sec-WebSocket-Extensions: permessage-deflate\r\n");
            connection.writeFrame(0xC2, gibibyteBomb);
            close.complete(connection.readFrame());
        }))
        {
            final RecordingHandler handler = new RecordingHandler();
            WebSocketClient.connectBlocking(server.url("/"), NovaOptions.builder().keepalive(0, 0)
                .perMessageDeflate(true).maxFrameLength(LIMIT).maxMessageLength(LIMIT).build(), handler);

            final CloseStatus status = handler.awaitClose(30_000);
            assertThat(status.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(status.closeCode()).isEqualTo(1009);
            assertThat(close.get(30, TimeUnit.SECONDS).closeCode()).isEqualTo(1009);
            assertThat(handler.poll()).isNull();
        }
    }

    /**
     * {@code mebibytes} MiB of zeros as one permessage-deflate payload, built fast: the first MiB compressed, then
     * the compressed form of one more MiB repeated. Each repeat is a valid continuation (SYNC_FLUSH leaves the
     * stream byte-aligned, and its back-references reach only into the zeros before it).
     */
    static byte[] mebibytesOfZerosCompressed(final int mebibytes)
    {
        final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        final byte[] zeros = new byte[1 << 20];
        final byte[] first = syncFlush(deflater, zeros);
        final byte[] next = syncFlush(deflater, zeros);
        deflater.end();
        final ByteArrayOutputStream out = new ByteArrayOutputStream(first.length + next.length * mebibytes);
        out.writeBytes(first);
        for (int i = 1; i < mebibytes; i++)
        {
            out.writeBytes(next);
        }
        final byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    private static byte[] syncFlush(final Deflater deflater, final byte[] input)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] chunk = new byte[64 * 1024];
        deflater.setInput(input);
        int n;
        do
        {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        }
        while (n == chunk.length || !deflater.needsInput());
        return out.toByteArray();
    }

    /**
     * {@code size} zero bytes as one permessage-deflate payload (raw DEFLATE, SYNC_FLUSH, tail removed).
     */
    static byte[] zerosCompressed(final long size)
    {
        final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        final byte[] zeros = new byte[1 << 20];
        final byte[] chunk = new byte[64 * 1024];
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long remaining = size;
        while (remaining > 0)
        {
            final int length = (int)Math.min(remaining, zeros.length);
            deflater.setInput(zeros, 0, length);
            remaining -= length;
            while (!deflater.needsInput())
            {
                out.write(chunk, 0, deflater.deflate(chunk, 0, chunk.length, Deflater.NO_FLUSH));
            }
        }
        int n;
        do
        {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        }
        while (n == chunk.length);
        deflater.end();
        final byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }
}
