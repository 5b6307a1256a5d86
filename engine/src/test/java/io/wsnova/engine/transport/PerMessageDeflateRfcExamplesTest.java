package io.wsnova.engine.transport;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.codec.frame.FrameEncoder;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.WebSocketClient;
import io.wsnova.engine.api.WebSocketHandler;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;
import io.wsnova.engine.testing.RecordingHandler;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7692 section 7.2.3 examples, byte for byte: the inflater and the deflater on their own, then the same frames
 * through a real connection on loopback (a raw server that writes the RFC's exact bytes and reads the client's).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PerMessageDeflateRfcExamplesTest
{
    private static final long WAIT_MS = 10_000;
    private static final String ACCEPT_DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate\r\n";
    /** 7.2.3.1: "Hello" compressed. */
    private static final byte[] HELLO = bytes(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);
    /** 7.2.3.2: the same "Hello" again, with the sliding window shared. */
    private static final byte[] HELLO_AGAIN = bytes(0xf2, 0x00, 0x11, 0x00, 0x00);
    /** 7.2.3.3: a DEFLATE block with no compression. */
    private static final byte[] HELLO_STORED = bytes(0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00);
    /** 7.2.3.4: a DEFLATE block with BFINAL set. */
    private static final byte[] HELLO_BFINAL = bytes(0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00);
    /** 7.2.3.5: two DEFLATE blocks in one message. */
    private static final byte[] HELLO_TWO_BLOCKS =
        bytes(0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00);

    @Test
    void shouldInflateEveryRfcExampleToHello()
    {
        final MessageInflater inflater = new MessageInflater(1024, false);

        assertThat(inflate(inflater, HELLO)).isEqualTo("Hello");
        assertThat(inflate(inflater, HELLO_AGAIN)).as("7.2.3.2, window shared").isEqualTo("Hello");
        assertThat(inflate(inflater, HELLO_STORED)).as("7.2.3.3").isEqualTo("Hello");
        assertThat(inflate(inflater, HELLO_BFINAL)).as("7.2.3.4").isEqualTo("Hello");
        assertThat(inflate(inflater, HELLO_TWO_BLOCKS)).as("7.2.3.5").isEqualTo("Hello");
        assertThat(inflate(inflater, HELLO)).as("after BFINAL and more: a new stream").isEqualTo("Hello");
        inflater.close();
    }

    @Test
    void shouldRefuseSharedWindowMessageWhenServerHasNoContextTakeover()
    {
        final MessageInflater inflater = new MessageInflater(1024, true);

        assertThat(inflate(inflater, HELLO)).isEqualTo("Hello");
        // Without the window of the first message, the back-reference of 7.2.3.2 points at nothing.
        final UnsafeBuffer buffer = new UnsafeBuffer(HELLO_AGAIN);
        assertThat(inflater.inflate(true, buffer, 0, HELLO_AGAIN.length)).isEqualTo(MessageInflater.ERR_CORRUPT);
        inflater.close();
    }

    @Test
    void shouldDeflateHelloThenHelloAgainExactlyAsTheRfc()
    {
        final MessageDeflater deflater = new MessageDeflater(false);
        final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(64);
        final UnsafeBuffer hello = new UnsafeBuffer("Hello".getBytes(StandardCharsets.US_ASCII));

        final int first = deflater.deflate(hello, 0, 5, out, 0);
        assertThat(copy(out, 0, first)).isEqualTo(HELLO);
        final int second = deflater.deflate(hello, 0, 5, out, 0);
        assertThat(copy(out, 0, second)).as("7.2.3.2: the window is shared").isEqualTo(HELLO_AGAIN);
        deflater.close();
    }

    @Test
    void shouldDeflateHelloTwiceIdenticallyWithClientNoContextTakeover()
    {
        final MessageDeflater deflater = new MessageDeflater(true);
        final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(64);

        final int first = deflater.deflateText(new FrameEncoder(), "Hello", out, 3);
        assertThat(copy(out, 3, first)).isEqualTo(HELLO);
        final int second = deflater.deflateText(new FrameEncoder(), "Hello", out, 3);
        assertThat(copy(out, 3, second)).as("reset after each message").isEqualTo(HELLO);
        deflater.close();
    }

    @Test
    void shouldReceiveRfcFramesIncludingFragmentedCompressedMessageOverLoopback() throws Exception
    {
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade(ACCEPT_DEFLATE);
            connection.writeFrame(0xC1, HELLO);
            connection.writeFrame(0xC1, HELLO_AGAIN);
            connection.writeFrame(0xC1, HELLO_STORED);
            // 7.2.3.1, fragmented: RSV1 on the first frame only, a ping between the fragments.
            connection.write(bytes(0x41, 0x03, 0xf2, 0x48, 0xcd));
            connection.writeFrame(0x89, new byte[]{1});
            connection.write(bytes(0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00));
            connection.writeFrame(0xC2, HELLO_TWO_BLOCKS);
            connection.writeFrame(0x81, "plain".getBytes(StandardCharsets.US_ASCII));
            connection.readFrame();
        }))
        {
            final RecordingHandler handler = new RecordingHandler();
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true).build(), handler);

            for (final String expected : new String[]{"Hello", "Hello", "Hello", "Hello"})
            {
                final RecordingHandler.Message message = handler.next(WAIT_MS);
                assertThat(message.type()).isEqualTo(WebSocketHandler.TEXT);
                assertThat(message.text()).isEqualTo(expected);
            }
            final RecordingHandler.Message binary = handler.next(WAIT_MS);
            assertThat(binary.type()).isEqualTo(WebSocketHandler.BINARY);
            assertThat(binary.text()).isEqualTo("Hello");
            assertThat(handler.next(WAIT_MS).text()).as("an uncompressed message between").isEqualTo("plain");
            assertThat(((WebSocketSession)webSocket).deflateParameters().serverMaxWindowBits).isEqualTo(15);
            webSocket.close();
        }
    }

    @Test
    void shouldSendHelloThenHelloAgainAsRfcFramesWithRsv1AndMask() throws Exception
    {
        final CompletableFuture<Frame[]> received = new CompletableFuture<>();
        final CompletableFuture<String> request = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade(ACCEPT_DEFLATE);
            request.complete(connection.request());
            received.complete(new Frame[]{
                connection.readFrame(), connection.readFrame(), connection.readFrame(), connection.readFrame()});
            connection.readFrame();
        }))
        {
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true).build(), new RecordingHandler());
            assertThat(request.get(WAIT_MS, TimeUnit.MILLISECONDS)).contains(
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n");

            assertThat(webSocket.sendText("Hello")).isPositive();
            assertThat(webSocket.sendBinary(new UnsafeBuffer("Hello".getBytes(StandardCharsets.US_ASCII)), 0, 5))
                .isPositive();
            assertThat(webSocket.send(WebSocketHandler.TEXT, (buffer, offset) ->
            {
                buffer.putStringWithoutLengthAscii(offset, "Hello");
                return 5;
            })).isPositive();
            assertThat(webSocket.sendText("")).as("empty: sent uncompressed").isPositive();

            final Frame[] frames = received.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(frames[0].firstByte()).isEqualTo(0xC1);
            assertThat(frames[0].masked()).isTrue();
            assertThat(frames[0].payload()).isEqualTo(HELLO);
            assertThat(frames[1].firstByte()).isEqualTo(0xC2);
            assertThat(frames[1].payload()).isEqualTo(HELLO_AGAIN);
            assertThat(frames[2].firstByte()).isEqualTo(0xC1);
            assertThat(oracleInflate(frames[0].payload(), frames[1].payload(), frames[2].payload()))
                .as("the JDK's own Inflater, window shared over the three messages").containsExactly(
                "Hello", "Hello", "Hello");
            assertThat(frames[3].firstByte()).isEqualTo(0x81);
            assertThat(frames[3].payload()).isEmpty();
            webSocket.close();
        }
    }

    @Test
    void shouldCompressAnEchoSentFromTheReaderThreadWhenTheSendLockIsFree() throws Exception
    {
        final CompletableFuture<Frame> echo = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade(ACCEPT_DEFLATE);
            connection.writeFrame(0xC1, HELLO);
            echo.complete(connection.readFrame());
            connection.readFrame();
        }))
        {
            final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true).build(), new WebSocketHandler()
                {
                    @Override
                    public void onMessage(final WebSocket webSocket, final int type,
                        final org.agrona.DirectBuffer buffer, final int offset, final int length)
                    {
                        webSocket.sendText(buffer, offset, length);
                    }
                });

            final Frame frame = echo.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(frame.firstByte()).as("FIN, RSV1, TEXT").isEqualTo(0xC1);
            assertThat(frame.payload()).isEqualTo(HELLO);
            webSocket.close();
        }
    }

    @Test
    void shouldFailWith1002WhenRsv1ArrivesWithoutNegotiation() throws Exception
    {
        assertProtocolError(false, "", bytes(0xC1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00));
    }

    @Test
    void shouldFailWith1002WhenServerDeclinedAndSendsRsv1() throws Exception
    {
        assertProtocolError(true, "", bytes(0xC1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00));
    }

    @Test
    void shouldFailWith1002WhenRsv1IsSetOnControlFrame() throws Exception
    {
        assertProtocolError(true, ACCEPT_DEFLATE, bytes(0xC9, 0x00));
    }

    @Test
    void shouldFailWith1002WhenRsv1IsSetOnContinuationFrame() throws Exception
    {
        assertProtocolError(true, ACCEPT_DEFLATE, bytes(0x41, 0x03, 0xf2, 0x48, 0xcd, 0xC0, 0x04, 0xc9, 0xc9,
            0x07, 0x00));
    }

    @Test
    void shouldFailWith1002WhenRsv2IsSetEvenWithDeflate() throws Exception
    {
        assertProtocolError(true, ACCEPT_DEFLATE, bytes(0xA1, 0x00));
    }

    @Test
    void shouldFailWith1007WhenCompressedTextInflatesToInvalidUtf8() throws Exception
    {
        final java.util.zip.Deflater deflater = new java.util.zip.Deflater(6, true);
        deflater.setInput(new byte[]{'a', (byte)0xC3, 'b'});
        final byte[] out = new byte[64];
        final int n = deflater.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH);
        deflater.end();
        final byte[] payload = Arrays.copyOf(out, n - 4);

        final CompletableFuture<Frame> close = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade(ACCEPT_DEFLATE);
            connection.writeFrame(0xC1, payload);
            close.complete(connection.readFrame());
        }))
        {
            final RecordingHandler handler = new RecordingHandler();
            WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(true).build(), handler);
            final CloseStatus status = handler.awaitClose(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(status.closeCode()).isEqualTo(1007);
            assertThat(status.message()).contains("UTF-8");
            assertThat(close.get(WAIT_MS, TimeUnit.MILLISECONDS).closeCode()).isEqualTo(1007);
            assertThat(handler.poll()).isNull();
        }
    }

    private static void assertProtocolError(final boolean offer, final String response, final byte[] frames)
        throws Exception
    {
        final CompletableFuture<Frame> close = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade(response);
            connection.write(frames);
            close.complete(connection.readFrame());
        }))
        {
            final RecordingHandler handler = new RecordingHandler();
            WebSocketClient.connectBlocking(server.url("/"),
                NovaOptions.builder().keepalive(0, 0).perMessageDeflate(offer).build(), handler);
            final CloseStatus status = handler.awaitClose(WAIT_MS);
            assertThat(status.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(status.closeCode()).isEqualTo(1002);
            assertThat(close.get(WAIT_MS, TimeUnit.MILLISECONDS).closeCode()).isEqualTo(1002);
            assertThat(handler.poll()).as("nothing delivered").isNull();
        }
    }

    private static String inflate(final MessageInflater inflater, final byte[] payload)
    {
        final int length = inflater.inflate(true, new UnsafeBuffer(payload), 0, payload.length);
        assertThat(length).as("inflate result (%s)", inflater.errorDescription()).isNotNegative();
        final byte[] out = new byte[length];
        inflater.output().getBytes(0, out);
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * An independent inflate of a message sequence with a shared window (the JDK Inflater used directly).
     */
    static String[] oracleInflate(final byte[]... payloads) throws java.util.zip.DataFormatException
    {
        final java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        final String[] out = new String[payloads.length];
        for (int i = 0; i < payloads.length; i++)
        {
            final byte[] input = Arrays.copyOf(payloads[i], payloads[i].length + 4);
            input[input.length - 2] = (byte)0xFF;
            input[input.length - 1] = (byte)0xFF;
            inflater.setInput(input);
            final java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
            final byte[] chunk = new byte[4096];
            int n;
            while ((n = inflater.inflate(chunk)) > 0)
            {
                message.write(chunk, 0, n);
            }
            out[i] = message.toString(StandardCharsets.UTF_8);
        }
        inflater.end();
        return out;
    }

    private static byte[] copy(final ExpandableDirectByteBuffer buffer, final int offset, final int length)
    {
        final byte[] out = new byte[length];
        buffer.getBytes(offset, out);
        return out;
    }

    static byte[] bytes(final int... values)
    {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            out[i] = (byte)values[i];
        }
        return out;
    }
}
