package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;

import io.wsnova.engine.testing.EchoServer;
import io.wsnova.engine.testing.RecordingHandler;
import io.wsnova.testkit.TestCertificates;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS round trips against Java-WebSocket's TLS server, presenting a certificate generated at test time and
 * verified (IP SAN 127.0.0.1) by the client, in every IO mode and pipeline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaWebSocketTlsTest
{
    private static final long WAIT_MS = 10_000;
    private static TestCertificates.TestCertificate certificate;
    private static EchoServer server;

    @BeforeAll
    static void startServer() throws Exception
    {
        certificate = TestCertificates.localhost();
        server = EchoServer.startTls(certificate.serverContext());
    }

    @AfterAll
    static void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    static Stream<Arguments> modes()
    {
        final List<Arguments> modes = new ArrayList<>();
        for (final IoMode ioMode : IoMode.values())
        {
            for (final PipelineMode pipelineMode : PipelineMode.values())
            {
                modes.add(Arguments.of(ioMode, pipelineMode));
            }
        }
        return modes.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modes")
    void shouldEchoOverTlsInEveryIoModeAndPipeline(final IoMode ioMode, final PipelineMode pipelineMode)
        throws Exception
    {
        final RecordingHandler handler = new RecordingHandler();
        final NovaOptions options = NovaOptions.builder()
            .ioMode(ioMode)
            .pipelineMode(pipelineMode)
            .sslContext(certificate.trustingContext())
            .hostnameVerification(true)
            .build();
        final WebSocket webSocket = WebSocketClient.connectBlocking(server.url("/echo"), options, handler);
        final AgentRunner poller = ioMode == IoMode.POLL ? ConnectionRoundTripTest.startPolling(webSocket) : null;
        try
        {
            final long seed = System.nanoTime();
            System.out.println("shouldEchoOverTlsInEveryIoModeAndPipeline " + ioMode + "/" + pipelineMode +
                " seed=" + seed);
            final Random random = new Random(seed);
            for (final int length : new int[]{0, 1, 125, 126, 65535, 65536, 1 << 20})
            {
                final byte[] binary = new byte[length];
                random.nextBytes(binary);
                assertThat(webSocket.sendBinary(new UnsafeBuffer(binary), 0, length)).isPositive();
                final RecordingHandler.Message echoed = handler.next(WAIT_MS);
                assertThat(echoed.type()).isEqualTo(WebSocketHandler.BINARY);
                assertThat(echoed.payload()).as("%d bytes", length).isEqualTo(binary);

                final String text = NodeInteropTest.textOfUtf8Length(length, random);
                assertThat(webSocket.sendText(text)).isPositive();
                final RecordingHandler.Message echoedText = handler.next(WAIT_MS);
                assertThat(echoedText.type()).isEqualTo(WebSocketHandler.TEXT);
                assertThat(echoedText.text()).as("text of %d bytes", length).isEqualTo(text);
            }
            assertThat(webSocket.ping()).isPositive();
            assertThat(handler.nextPong(WAIT_MS)).isPositive();
            NodeTlsTest.closeNormally(webSocket, handler);
            assertThat(webSocket.counters().messagesReceived()).isEqualTo(14);
        }
        finally
        {
            if (poller != null)
            {
                poller.close();
            }
        }
    }
}
