package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;

import io.wsnova.engine.testing.NodeServer;
import io.wsnova.engine.testing.RecordingHandler;
import io.wsnova.testkit.TestCertificates;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop against an independent implementation: node's {@code ws} library, over plain TCP and TLS (with the
 * hostname verified against a certificate generated at test time).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeInteropTest
{
    private static final long WAIT_MS = 10_000;
    private static NodeServer plain;
    private static NodeServer tls;
    private static TestCertificates.TestCertificate localhost;

    @AfterAll
    static void stopServers()
    {
        if (plain != null)
        {
            plain.close();
        }
        if (tls != null)
        {
            tls.close();
        }
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void shouldEchoTextAndBinaryAtEveryLengthBoundary(final boolean secure) throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final WebSocket webSocket = connect(secure, "/echo", options(secure).build(), handler);
        final long seed = System.nanoTime();
        System.out.println("shouldEchoTextAndBinaryAtEveryLengthBoundary seed=" + seed);
        final Random random = new Random(seed);

        for (final int length : new int[]{0, 1, 124, 125, 126, 127, 65535, 65536, 65537, 1 << 20})
        {
            final byte[] binary = new byte[length];
            random.nextBytes(binary);
            assertThat(webSocket.sendBinary(new UnsafeBuffer(binary), 0, length)).isPositive();
            final RecordingHandler.Message echoedBinary = handler.next(WAIT_MS);
            assertThat(echoedBinary.type()).isEqualTo(WebSocketHandler.BINARY);
            assertThat(echoedBinary.payload()).as("binary of %d bytes", length).isEqualTo(binary);

            final String text = textOfUtf8Length(length, random);
            assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(length);
            assertThat(webSocket.sendText(text)).isPositive();
            final RecordingHandler.Message echoedText = handler.next(WAIT_MS);
            assertThat(echoedText.type()).isEqualTo(WebSocketHandler.TEXT);
            assertThat(echoedText.text()).as("text of %d bytes", length).isEqualTo(text);
        }

        closeNormally(webSocket, handler);
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void shouldReceiveMegabyteTextSentInHundredFragmentsAsOneMessage(final boolean secure) throws Exception
    {
        final int size = 1 << 20;
        final RecordingHandler handler = new RecordingHandler();
        final WebSocket webSocket = connect(
            secure, "/fragmented?size=" + size + "&count=100", options(secure).build(), handler);

        final RecordingHandler.Message message = handler.next(WAIT_MS);

        assertThat(message.type()).isEqualTo(WebSocketHandler.TEXT);
        assertThat(message.payload()).hasSize(size);
        final byte[] expected = "abcdefghij".repeat(size / 10 + 1).substring(0, size)
            .getBytes(StandardCharsets.US_ASCII);
        assertThat(message.payload()).isEqualTo(expected);
        assertThat(webSocket.counters().messagesReceived()).isEqualTo(1);
        assertThat(handler.poll()).isNull();
        closeNormally(webSocket, handler);
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void shouldReceiveAndEchoSixteenMebibyteBinaryIntact(final boolean secure) throws Exception
    {
        final int size = 16 * 1024 * 1024;
        final RecordingHandler handler = new RecordingHandler();
        final WebSocket webSocket = connect(secure, "/big?size=" + size, options(secure).build(), handler);

        final RecordingHandler.Message big = handler.next(30_000);

        assertThat(big.type()).isEqualTo(WebSocketHandler.BINARY);
        assertThat(big.payload()).hasSize(size);
        assertPattern(big.payload());

        assertThat(webSocket.sendBinary(new UnsafeBuffer(big.payload()), 0, size)).isPositive();
        final RecordingHandler.Message echoed = handler.next(30_000);
        assertThat(echoed.type()).isEqualTo(WebSocketHandler.BINARY);
        assertThat(echoed.payload()).hasSize(size);
        assertPattern(echoed.payload());
        closeNormally(webSocket, handler);
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void shouldReportRemoteCloseWithServersCodeWhenServerCloses(final boolean secure) throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final WebSocket webSocket = connect(secure, "/close?code=1012", options(secure).build(), handler);

        final CloseStatus status = handler.awaitClose(WAIT_MS);

        assertThat(status.reason()).isEqualTo(DisconnectReason.REMOTE_CLOSE);
        assertThat(status.closeCode()).isEqualTo(1012);
        assertThat(status.message()).isEqualTo("bye");
        assertThat(webSocket.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(status);
        assertThat(webSocket.state()).isEqualTo(WebSocket.State.CLOSED);
    }

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void shouldDetectSilentServerWithKeepaliveAsPongTimeout(final boolean secure) throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final long startNs = System.nanoTime();
        final WebSocket webSocket = connect(secure, "/silent", options(secure).keepalive(200, 300).build(), handler);

        final CloseStatus status = handler.awaitClose(5_000);
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

        assertThat(status.reason()).isEqualTo(DisconnectReason.PONG_TIMEOUT);
        assertThat(status.reason().isFailure()).isTrue();
        assertThat(elapsedMs).as("detection time").isBetween(450L, 2_000L);
        assertThat(webSocket.state()).isEqualTo(WebSocket.State.CLOSED);
    }

    private static WebSocket connect(
        final boolean secure, final String path, final NovaOptions options, final RecordingHandler handler)
        throws Exception
    {
        final String url = secure ? tlsServer().url("localhost", path) : plainServer().url(path);
        final WebSocket webSocket = WebSocketClient.connectBlocking(url, options, handler);
        assertThat(webSocket.state()).isEqualTo(WebSocket.State.OPEN);
        return webSocket;
    }

    private static NovaOptions.Builder options(final boolean secure) throws Exception
    {
        final NovaOptions.Builder builder = NovaOptions.builder();
        if (secure)
        {
            builder.sslContext(localhostCertificate().trustingContext()).hostnameVerification(true);
        }
        return builder;
    }

    private static synchronized NodeServer plainServer() throws Exception
    {
        if (plain == null)
        {
            plain = NodeServer.startPlain();
        }
        return plain;
    }

    private static synchronized NodeServer tlsServer() throws Exception
    {
        if (tls == null)
        {
            final TestCertificates.TestCertificate certificate = localhostCertificate();
            tls = NodeServer.startTls(certificate.certPem(), certificate.keyPem());
        }
        return tls;
    }

    private static synchronized TestCertificates.TestCertificate localhostCertificate() throws Exception
    {
        if (localhost == null)
        {
            localhost = TestCertificates.localhost();
        }
        return localhost;
    }

    private static void closeNormally(final WebSocket webSocket, final RecordingHandler handler) throws Exception
    {
        webSocket.close();
        final CloseStatus status = handler.awaitClose(WAIT_MS);
        assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
        assertThat(status.closeCode()).isEqualTo(1000);
        assertThat(webSocket.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(status);
    }

    /**
     * server.js fills /big with byte i % 251.
     */
    private static void assertPattern(final byte[] payload)
    {
        for (int i = 0; i < payload.length; i++)
        {
            if (payload[i] != (byte)(i % 251))
            {
                throw new AssertionError("byte " + i + " is " + (payload[i] & 0xFF) + ", expected " + (i % 251));
            }
        }
    }

    /**
     * Random text of exactly {@code length} UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters.
     */
    static String textOfUtf8Length(final int length, final Random random)
    {
        final StringBuilder text = new StringBuilder(length);
        int bytes = 0;
        while (bytes < length)
        {
            final int room = length - bytes;
            final int width = 1 + random.nextInt(Math.min(4, room));
            switch (width)
            {
                case 1:
                    text.append((char)('a' + random.nextInt(26)));
                    break;
                case 2:
                    text.append('é');
                    break;
                case 3:
                    text.append('€');
                    break;
                default:
                    text.append("𝄞");
                    break;
            }
            bytes += width;
        }
        return text.toString();
    }
}
