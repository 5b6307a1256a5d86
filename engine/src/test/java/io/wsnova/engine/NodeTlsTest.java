package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketConnectException;
import io.wsnova.engine.api.WebSocketHandler;

import io.wsnova.engine.testing.NodeServer;
import io.wsnova.engine.testing.RecordingHandler;
import io.wsnova.testkit.TestCertificates;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Certificate and hostname verification against node's TLS server with certificates generated at test time, and
 * TLS echo in every IO mode.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeTlsTest
{
    private static final long WAIT_MS = 10_000;
    private static NodeServer localhostServer;
    private static NodeServer otherNameServer;

    @AfterAll
    static void stopServers()
    {
        if (localhostServer != null)
        {
            localhostServer.close();
        }
        if (otherNameServer != null)
        {
            otherNameServer.close();
        }
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void shouldConnectWithHostnameVerificationWhenCertificateTrustedAndNameMatches(final String host)
        throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final NovaOptions options = NovaOptions.builder()
            .sslContext(TestCertificates.localhost().trustingContext())
            .hostnameVerification(true)
            .build();

        final WebSocket webSocket = WebSocketClient.connectBlocking(
            localhostServer().url(host, "/echo"), options, handler);

        assertThat(webSocket.sendText("over tls to " + host)).isPositive();
        assertThat(handler.next(WAIT_MS).text()).isEqualTo("over tls to " + host);
        closeNormally(webSocket, handler);
    }

    @Test
    void shouldFailWithTlsKindWhenCertificateNotTrusted() throws Exception
    {
        final NodeServer server = localhostServer();
        final NovaOptions options = NovaOptions.builder().build();

        final WebSocketConnectException failure = catchThrowableOfType(WebSocketConnectException.class,
            () -> WebSocketClient.connectBlocking(server.url("localhost", "/echo"), options, new RecordingHandler()));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(WebSocketConnectException.Kind.TLS);
        assertThat(failure).hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void shouldFailWithTlsKindWhenNameDoesNotMatchAndVerificationOn(final String host) throws Exception
    {
        final NodeServer server = otherNameServer();
        final NovaOptions options = NovaOptions.builder()
            .sslContext(TestCertificates.otherName().trustingContext())
            .hostnameVerification(true)
            .build();

        final WebSocketConnectException failure = catchThrowableOfType(WebSocketConnectException.class,
            () -> WebSocketClient.connectBlocking(server.url(host, "/echo"), options, new RecordingHandler()));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(WebSocketConnectException.Kind.TLS);
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void shouldConnectWhenNameDoesNotMatchAndVerificationOff(final String host) throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final NovaOptions options = NovaOptions.builder()
            .sslContext(TestCertificates.otherName().trustingContext())
            .hostnameVerification(false)
            .build();

        final WebSocket webSocket = WebSocketClient.connectBlocking(
            otherNameServer().url(host, "/echo"), options, handler);

        assertThat(webSocket.sendText("unverified name")).isPositive();
        assertThat(handler.next(WAIT_MS).text()).isEqualTo("unverified name");
        closeNormally(webSocket, handler);
    }

    @Test
    void shouldStillVerifyTrustWhenHostnameVerificationOff() throws Exception
    {
        final NodeServer server = otherNameServer();
        final NovaOptions options = NovaOptions.builder()
            .sslContext(TestCertificates.localhost().trustingContext())
            .hostnameVerification(false)
            .build();

        final WebSocketConnectException failure = catchThrowableOfType(WebSocketConnectException.class,
            () -> WebSocketClient.connectBlocking(server.url("localhost", "/echo"), options, new RecordingHandler()));

        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(WebSocketConnectException.Kind.TLS);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(IoMode.class)
    void shouldEchoOverTlsInEveryIoMode(final IoMode ioMode) throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final NovaOptions options = NovaOptions.builder()
            .ioMode(ioMode)
            .sslContext(TestCertificates.localhost().trustingContext())
            .build();
        final WebSocket webSocket = WebSocketClient.connectBlocking(
            localhostServer().url("localhost", "/echo"), options, handler);
        final AgentRunner poller = ioMode == IoMode.POLL ? ConnectionRoundTripTest.startPolling(webSocket) : null;
        try
        {
            final long seed = System.nanoTime();
            System.out.println("shouldEchoOverTlsInEveryIoMode " + ioMode + " seed=" + seed);
            final Random random = new Random(seed);
            for (final int length : new int[]{0, 1, 125, 126, 16383, 16384, 16385, 65536, 1 << 20})
            {
                final byte[] binary = new byte[length];
                random.nextBytes(binary);
                assertThat(webSocket.sendBinary(new UnsafeBuffer(binary), 0, length)).isPositive();
                final RecordingHandler.Message echoed = handler.next(WAIT_MS);
                assertThat(echoed.type()).isEqualTo(WebSocketHandler.BINARY);
                assertThat(echoed.payload()).as("%d bytes", length).isEqualTo(binary);
            }
            for (int i = 0; i < 1000; i++)
            {
                assertThat(webSocket.sendText("burst-" + i)).isPositive();
            }
            for (int i = 0; i < 1000; i++)
            {
                assertThat(handler.next(WAIT_MS).text()).isEqualTo("burst-" + i);
            }
            assertThat(webSocket.ping()).isPositive();
            assertThat(handler.nextPong(WAIT_MS)).isPositive();
            closeNormally(webSocket, handler);
        }
        finally
        {
            if (poller != null)
            {
                poller.close();
            }
        }
    }

    private static synchronized NodeServer localhostServer() throws Exception
    {
        if (localhostServer == null)
        {
            final TestCertificates.TestCertificate certificate = TestCertificates.localhost();
            localhostServer = NodeServer.startTls(certificate.certPem(), certificate.keyPem());
        }
        return localhostServer;
    }

    private static synchronized NodeServer otherNameServer() throws Exception
    {
        if (otherNameServer == null)
        {
            final TestCertificates.TestCertificate certificate = TestCertificates.otherName();
            otherNameServer = NodeServer.startTls(certificate.certPem(), certificate.keyPem());
        }
        return otherNameServer;
    }

    static void closeNormally(final WebSocket webSocket, final RecordingHandler handler) throws Exception
    {
        webSocket.close();
        final CloseStatus status = handler.awaitClose(WAIT_MS);
        assertThat(status.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
        assertThat(status.closeCode()).isEqualTo(1000);
        assertThat(webSocket.closeFuture().get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(status);
        assertThat(webSocket.state()).isEqualTo(WebSocket.State.CLOSED);
    }
}
