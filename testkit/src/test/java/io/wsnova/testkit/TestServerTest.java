package io.wsnova.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test server against the JDK's own WebSocket client (an independent implementation).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestServerTest
{
    private static final long WAIT_MS = 10_000;

    @Test
    void shouldEchoTextAndBinaryMessages() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final Listener listener = new Listener();
            final WebSocket client = connect(HttpClient.newHttpClient(), server.url("/echo"), listener);

            client.sendText("héllo", true).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(listener.next()).isEqualTo("text:héllo");
            client.sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}), true).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(listener.next()).isEqualTo("binary:3");
            client.sendText("frag", false).get(WAIT_MS, TimeUnit.MILLISECONDS);
            client.sendText("ment", true).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(listener.next()).isEqualTo("text:fragment");

            assertThat(server.accepted()).isEqualTo(1);
            assertThat(server.upgraded()).isEqualTo(1);
            assertThat(server.connections().get(0).request()).startsWith("GET /echo HTTP/1.1");
            assertThat(server.requests()).extracting(TestServer.Request::text).containsExactly("héllo", "fragment");
            client.sendClose(1000, "bye").get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(listener.closed.get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(1000);
        }
    }

    @Test
    void shouldAnswerRequestsAndRecordThemByMethod() throws Exception
    {
        try (TestServer server = TestServer.rpc(JsonRpc::standard))
        {
            final Listener listener = new Listener();
            final WebSocket client = connect(HttpClient.newHttpClient(), server.url(), listener);

            client.sendText("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"subscribe\",\"params\":{\"channels\":[\"a\"]}}",
                true);

            assertThat(listener.next()).isEqualTo("text:" + JsonRpc.result(7, "[\"a\"]"));
            final TestServer.Request request = server.next("subscribe", WAIT_MS);
            assertThat(request.id()).isEqualTo(7);
            assertThat(request.connection()).isEqualTo(1);
            server.push("pushed");
            assertThat(listener.next()).isEqualTo("text:pushed");
            server.closeAll(1001, "going");
            assertThat(listener.closed.get(WAIT_MS, TimeUnit.MILLISECONDS)).isEqualTo(1001);
        }
    }

    @Test
    void shouldRefuseAPlannedUpgradeWith503AndServeTheNext() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            server.plan(Scripts.status(503, "Service Unavailable"));
            final HttpClient http = HttpClient.newHttpClient();

            assertThatThrownBy(() -> connect(http, server.url(), new Listener()))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
            final Listener listener = new Listener();
            connect(http, server.url(), listener).sendText("x", true);
            assertThat(listener.next()).isEqualTo("text:x");
            assertThat(server.accepted()).isEqualTo(2);
            assertThat(server.upgraded()).isEqualTo(1);
        }
    }

    @Test
    void shouldAnswerTheHandshakeHookWithASubprotocolHeader() throws Exception
    {
        try (TestServer server = TestServer.builder().echo()
            .upgradeHeaders("Sec-WebSocket-Protocol: v2\r\n").start())
        {
            final WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v2")
                .buildAsync(URI.create(server.url()), new Listener()).get(WAIT_MS, TimeUnit.MILLISECONDS);

            assertThat(client.getSubprotocol()).isEqualTo("v2");
            assertThat(Frames.header(server.connections().get(0).request(), "Sec-WebSocket-Protocol"))
                .isEqualTo("v2");
        }
    }

    @Test
    void shouldCutConnectionsOnKillAndListenAgainOnTheSamePortAfterRestart() throws Exception
    {
        try (TestServer server = TestServer.echo())
        {
            final int port = server.port();
            final Listener first = new Listener();
            connect(HttpClient.newHttpClient(), server.url(), first);
            server.awaitLive(1);

            server.kill();

            assertThat(first.closedOrFailed.get(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(IOException.class);

            server.restart();

            final Listener second = new Listener();
            connect(HttpClient.newHttpClient(), server.url(), second).sendText("again", true);
            assertThat(second.next()).isEqualTo("text:again");
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void shouldWriteAHalfFrameThenResetTheConnection() throws Exception
    {
        try (TestServer server = new TestServer(Scripts.halfFrameThenReset(100, 40));
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port()))
        {
            socket.setSoTimeout((int)WAIT_MS);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n" +
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            final InputStream in = socket.getInputStream();
            final byte[] head = readHead(in);
            assertThat(new String(head, StandardCharsets.ISO_8859_1))
                .startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

            int read = 0;
            try
            {
                while (in.read() >= 0)
                {
                    read++;
                }
                throw new AssertionError("FIN instead of RST after " + read + " bytes");
            }
            catch (final IOException reset)
            {
                assertThat(reset).hasMessageContaining("reset");
            }
            assertThat(read).isEqualTo(40);
        }
    }

    @Test
    void shouldServeTlsWithAGeneratedCertificate() throws Exception
    {
        final TestCertificates.TestCertificate certificate = TestCertificates.localhost();
        try (TestServer server = TestServer.builder().echo().tls(certificate.serverContext()).start())
        {
            final HttpClient https = HttpClient.newBuilder().sslContext(certificate.trustingContext()).build();
            final Listener listener = new Listener();

            connect(https, server.url(), listener).sendText("secure", true);

            assertThat(server.url()).startsWith("wss://127.0.0.1:");
            assertThat(listener.next()).isEqualTo("text:secure");
            assertThat(certificate.certPem()).content().startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(certificate.keyPem()).content().startsWith("-----BEGIN PRIVATE KEY-----");
        }
    }

    @Test
    void shouldFindAPortThatRefusesConnections()
    {
        final int port = FreePort.find();

        assertThat(port).isPositive();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
            .isInstanceOf(IOException.class);
    }

    @Test
    void shouldFailAnAwaitWithItsDescription()
    {
        assertThatThrownBy(() -> Await.until(() -> false, 20, "the impossible"))
            .isInstanceOf(AssertionError.class).hasMessageContaining("the impossible").hasMessageContaining("20 ms");
        Await.until(() -> true, 20, "the obvious");
    }

    @Test
    void shouldMeasureAllocationOfTheCurrentThread()
    {
        final long[] sink = new long[1];
        final Object[] escape = new Object[1];

        final Allocation.Result quiet = Allocation.measure(100_000, () -> sink[0]++);
        final Allocation.Result allocating = Allocation.measure(1_000, () -> escape[0] = new long[16]);

        assertThat(quiet.bytes()).isZero();
        assertThat(allocating.bytes()).isGreaterThanOrEqualTo(1_000L * 16 * Long.BYTES);
    }

    private static byte[] readHead(final InputStream in) throws IOException
    {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            head.append((char)in.read());
        }
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static WebSocket connect(final HttpClient http, final String url, final Listener listener)
        throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException
    {
        return http.newWebSocketBuilder().buildAsync(URI.create(url), listener).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    private static final class Listener implements WebSocket.Listener
    {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<Boolean> closedOrFailed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            text.append(data);
            if (last)
            {
                messages.add("text:" + text);
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last)
        {
            messages.add("binary:" + data.remaining());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            closed.complete(statusCode);
            closedOrFailed.complete(true);
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error)
        {
            closedOrFailed.complete(true);
        }

        String next() throws InterruptedException
        {
            final String message = messages.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            if (message == null)
            {
                throw new AssertionError("no message within " + WAIT_MS + " ms");
            }
            return message;
        }
    }
}
