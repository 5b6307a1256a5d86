package io.wsnova.cli;

import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova echo} end to end: exit 0 on a server's normal close, 1 on failure (protocol violation, refused
 * connection), 2 on bad usage. The command runs on another thread and every wait is bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoCommandTest
{
    private static final long RUN_TIMEOUT_MS = 20_000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldExitZeroWhenServerClosesNormallyAfterItsMessagesAreEchoed() throws Exception
    {
        try (ScriptedServer server = ScriptedServer.launch())
        {
            final int exitCode = run("echo", "ws://127.0.0.1:" + server.getPort() + "/conformance");

            assertThat(exitCode).as("stderr: %s", err()).isEqualTo(Main.EXIT_OK);
            assertThat(server.echoes).containsExactly("text:one", "text:twø €", "binary:3");
            assertThat(out()).contains("closed:", "REMOTE_CLOSE", "1000");
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void shouldEchoThroughPermessageDeflateWhenOfferedAndExitZero() throws Exception
    {
        try (ScriptedServer server = ScriptedServer.launch(true))
        {
            final int exitCode = run("echo", "ws://127.0.0.1:" + server.getPort() + "/conformance", "--deflate");

            assertThat(exitCode).as("stderr: %s", err()).isEqualTo(Main.EXIT_OK);
            assertThat(server.extensions).as("the server accepted permessage-deflate")
                .containsExactly("PerMessageDeflateExtension");
            assertThat(server.echoes).containsExactly("text:one", "text:twø €", "binary:3");
            assertThat(out()).contains("closed:", "REMOTE_CLOSE", "1000");
        }
    }

    @Test
    void shouldExitOneAndSendProtocolErrorCloseWhenServerViolatesProtocol() throws Exception
    {
        try (ViolatingServer server = new ViolatingServer())
        {
            final int exitCode = run("echo", "ws://127.0.0.1:" + server.port() + "/");

            assertThat(exitCode).isEqualTo(Main.EXIT_FAILURE);
            assertThat(err()).contains("connection failed", "PROTOCOL_ERROR", "1002");
            final int[] closeFrame = server.clientCloseFrame.get(RUN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(closeFrame[0]).as("client frame opcode").isEqualTo(0x8);
            assertThat(closeFrame[1]).as("client close code").isEqualTo(1002);
        }
    }

    @Test
    void shouldExitOneWhenConnectionRefused() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }

        final int exitCode = run("echo", "ws://127.0.0.1:" + port + "/");

        assertThat(exitCode).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("connect failed", "REFUSED");
    }

    static Stream<Arguments> badUsage()
    {
        return Stream.of(
            Arguments.of((Object)new String[]{"echo"}),
            Arguments.of((Object)new String[]{"echo", "--bogus"}),
            Arguments.of((Object)new String[]{"echo", "ws://127.0.0.1:1/", "--bogus"}),
            Arguments.of((Object)new String[]{"echo", "ws://127.0.0.1:1/", "ws://127.0.0.1:2/"}),
            Arguments.of((Object)new String[]{"echo", "ws://127.0.0.1:1/", "--header"}),
            Arguments.of((Object)new String[]{"echo", "ws://127.0.0.1:1/", "--header", "no-colon"}),
            Arguments.of((Object)new String[]{"echo", "ws://127.0.0.1:1/", "--subprotocol"}),
            Arguments.of((Object)new String[]{"echo", "ws://127.0.0.1:1/", "--trust"}),
            Arguments.of((Object)new String[]{"echo", "wss://127.0.0.1:1/", "--trust", "/nonexistent/ca.pem"}),
            Arguments.of((Object)new String[]{"echo", "http://127.0.0.1:1/"}),
            Arguments.of((Object)new String[]{"echo", "--insecure"}));
    }

    @ParameterizedTest
    @MethodSource("badUsage")
    void shouldExitTwoWithUsageOnBadFlagsOrMissingUrl(final String[] args) throws Exception
    {
        final int exitCode = run(args);

        assertThat(exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("usage:");
        assertThat(out()).isEmpty();
    }

    private int run(final String... args) throws Exception
    {
        final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> Main.run(args, outStream, errStream))
            .get(RUN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * Sends two texts and a binary, collects their echoes, then closes with 1000.
     */
    private static final class ScriptedServer extends WebSocketServer implements AutoCloseable
    {
        private static final int EXPECTED = 3;
        final List<String> echoes = new CopyOnWriteArrayList<>();
        final List<String> extensions = new CopyOnWriteArrayList<>();
        private final CountDownLatch started = new CountDownLatch(1);

        private ScriptedServer(final boolean deflate)
        {
            super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), deflate ?
                List.of(new Draft_6455(compressingEverything())) : List.of(new Draft_6455()));
            setReuseAddr(true);
        }

        private static PerMessageDeflateExtension compressingEverything()
        {
            final PerMessageDeflateExtension extension = new PerMessageDeflateExtension();
            extension.setThreshold(0);
            return extension;
        }

        static ScriptedServer launch() throws InterruptedException
        {
            return launch(false);
        }

        static ScriptedServer launch(final boolean deflate) throws InterruptedException
        {
            final ScriptedServer server = new ScriptedServer(deflate);
            server.start();
            assertThat(server.started.await(10, TimeUnit.SECONDS)).as("server started").isTrue();
            return server;
        }

        @Override
        public void onOpen(final WebSocket conn, final ClientHandshake handshake)
        {
            extensions.add(String.valueOf(((Draft_6455)conn.getDraft()).getExtension()));
            conn.send("one");
            conn.send("twø €");
            conn.send(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        }

        @Override
        public void onMessage(final WebSocket conn, final String message)
        {
            record(conn, "text:" + message);
        }

        @Override
        public void onMessage(final WebSocket conn, final ByteBuffer message)
        {
            record(conn, "binary:" + message.remaining());
        }

        private void record(final WebSocket conn, final String echo)
        {
            echoes.add(echo);
            if (echoes.size() == EXPECTED)
            {
                conn.close(1000, "done");
            }
        }

        @Override
        public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote)
        {
        }

        @Override
        public void onError(final WebSocket conn, final Exception ex)
        {
        }

        @Override
        public void onStart()
        {
            started.countDown();
        }

        @Override
        public void close()
        {
            try
            {
                stop(1000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Accepts one upgrade, then sends a frame with RSV1 set (no extension was negotiated: a protocol error) and
     * records the opcode and close code of the client's next frame.
     */
    private static final class ViolatingServer implements AutoCloseable
    {
        final CompletableFuture<int[]> clientCloseFrame = new CompletableFuture<>();
        private final ServerSocket serverSocket;

        ViolatingServer() throws IOException
        {
            serverSocket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            final Thread thread = new Thread(this::serve, "violating-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port()
        {
            return serverSocket.getLocalPort();
        }

        private void serve()
        {
            try (Socket socket = serverSocket.accept())
            {
                socket.setSoTimeout((int)RUN_TIMEOUT_MS);
                final InputStream in = socket.getInputStream();
                final OutputStream out = socket.getOutputStream();
                final String request = readHead(in);
                final String key = header(request, "Sec-WebSocket-Key");
                final byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                    "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
                out.write(new byte[]{(byte)0xC1, 0x01, 'x'});
                out.flush();

                final int b0 = in.read();
                final int b1 = in.read();
                final byte[] mask = in.readNBytes(4);
                final byte[] payload = in.readNBytes(b1 & 0x7F);
                for (int i = 0; i < payload.length; i++)
                {
                    payload[i] ^= mask[i & 3];
                }
                final int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
                clientCloseFrame.complete(new int[]{b0 & 0x0F, code});
            }
            catch (final Exception ex)
            {
                clientCloseFrame.completeExceptionally(ex);
            }
        }

        private static String readHead(final InputStream in) throws IOException
        {
            final StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n"))
            {
                final int b = in.read();
                if (b < 0)
                {
                    throw new IOException("EOF in the upgrade request");
                }
                head.append((char)b);
            }
            return head.toString();
        }

        private static String header(final String request, final String name)
        {
            for (final String line : request.split("\r\n"))
            {
                final int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name))
                {
                    return line.substring(colon + 1).trim();
                }
            }
            throw new IllegalStateException("no " + name + " header in " + request);
        }

        @Override
        public void close() throws IOException
        {
            serverSocket.close();
        }
    }
}
