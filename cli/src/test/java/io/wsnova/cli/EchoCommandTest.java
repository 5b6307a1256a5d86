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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
        final List<String> echoes = new CopyOnWriteArrayList<>();
        try (TestServer server = new TestServer(connection -> sendThreeAndCloseAfterTheirEchoes(connection, echoes)))
        {
            final int exitCode = run("echo", server.url("/conformance"));

            assertThat(exitCode).as("stderr: %s", err()).isEqualTo(Main.EXIT_OK);
            assertThat(echoes).containsExactly("text:one", "text:twø €", "binary:3");
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
        final CompletableFuture<Frame> clientFrame = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection -> violateProtocol(connection, clientFrame)))
        {
            final int exitCode = run("echo", server.url());

            assertThat(exitCode).isEqualTo(Main.EXIT_FAILURE);
            assertThat(err()).contains("connection failed", "PROTOCOL_ERROR", "1002");
            final Frame closeFrame = clientFrame.get(RUN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(closeFrame.opcode()).as("client frame opcode").isEqualTo(0x8);
            assertThat(closeFrame.closeCode()).as("client close code").isEqualTo(1002);
        }
    }

    @Test
    void shouldExitOneWhenConnectionRefused() throws Exception
    {
        final int port = FreePort.find();

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
     * Sends two texts and a binary, collects their echoes, then closes with 1000 and waits for the client's close.
     */
    private static void sendThreeAndCloseAfterTheirEchoes(final TestConnection connection, final List<String> echoes)
        throws IOException
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
                echoes.add("text:" + frame.text());
            }
            else if (frame.opcode() == 0x2)
            {
                echoes.add("binary:" + frame.payload().length);
            }
        }
        connection.sendClose(1000, "done");
        while (connection.readFrame().opcode() != 0x8)
        {
            // until the client's close
        }
    }

    /**
     * Accepts the upgrade, then sends a frame with RSV1 set (no extension was negotiated: a protocol error) and
     * records the client's next frame.
     */
    private static void violateProtocol(final TestConnection connection, final CompletableFuture<Frame> clientFrame)
    {
        try
        {
            connection.socket().setSoTimeout((int)RUN_TIMEOUT_MS);
            connection.acceptUpgrade();
            connection.write(new byte[]{(byte)0xC1, 0x01, 'x'});
            clientFrame.complete(connection.readFrame());
        }
        catch (final IOException ex)
        {
            clientFrame.completeExceptionally(ex);
        }
    }
}
