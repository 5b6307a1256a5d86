package io.wsnova.codec.http;

import org.agrona.concurrent.UnsafeBuffer;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec against a real RFC 6455 server (Java-WebSocket) over loopback: request accepted by the server, its
 * response accepted by the decoder, and the first frame left in place after the head.
 */
class UpgradeHandshakeLoopbackTest
{
    private static final int TIMEOUT_MS = 10_000;
    private static final byte[] FRAME_HI = {(byte) 0x81, 0x02, 'h', 'i'};

    private GreetingServer server;

    @AfterEach
    void after() throws InterruptedException
    {
        if (null != server)
        {
            server.stop(TIMEOUT_MS);
        }
    }

    @Test
    void shouldAcceptRealServerResponseWhenNoSubprotocolIsOffered() throws Exception
    {
        givenServer(List.of(new Protocol("")));
        final String key = HandshakeKeys.generateKey(new Random(6455));
        final UpgradeRequestEncoder encoder = new UpgradeRequestEncoder(
            "127.0.0.1:" + server.getPort(), "/feed/v2?depth=10", key, null,
            List.of(Map.entry("Origin", "http://127.0.0.1"), Map.entry("X-Client", "wsnova")));
        final UpgradeResponseDecoder decoder = new UpgradeResponseDecoder(key, encoder.subprotocols(), 4096);

        final Exchange exchange = whenHandshaking(encoder, decoder);

        assertThat(exchange.headLength).as(decoder.errorMessage()).isPositive();
        assertThat(decoder.statusCode()).isEqualTo(101);
        assertThat(decoder.header("Sec-WebSocket-Accept")).isEqualTo(HandshakeKeys.acceptKey(key));
        assertThat(decoder.subprotocol()).isNull();
        assertThat(exchange.afterHead).containsExactly(FRAME_HI);

        final ClientHandshake seen = server.handshake.get();
        assertThat(seen.getResourceDescriptor()).isEqualTo("/feed/v2?depth=10");
        assertThat(seen.getFieldValue("Sec-WebSocket-Key")).isEqualTo(key);
        assertThat(seen.getFieldValue("x-client")).isEqualTo("wsnova");
        assertThat(seen.getFieldValue("Host")).isEqualTo("127.0.0.1:" + server.getPort());
    }

    @Test
    void shouldSelectSubprotocolWhenRealServerSupportsOneOffered() throws Exception
    {
        givenServer(List.of(new Protocol("superchat")));
        final String key = HandshakeKeys.generateKey(new Random(13));
        final UpgradeRequestEncoder encoder = new UpgradeRequestEncoder(
            "127.0.0.1:" + server.getPort(), "/", key, List.of("chat", "superchat"), null);
        final UpgradeResponseDecoder decoder = new UpgradeResponseDecoder(key, encoder.subprotocols(), 4096);

        final Exchange exchange = whenHandshaking(encoder, decoder);

        assertThat(exchange.headLength).as(decoder.errorMessage()).isPositive();
        assertThat(decoder.subprotocol()).isEqualTo("superchat");
        assertThat(decoder.header("Sec-WebSocket-Accept")).isEqualTo(HandshakeKeys.acceptKey(key));
        assertThat(exchange.afterHead).containsExactly(FRAME_HI);
    }

    @Test
    void shouldReportStatusLineWhenRealServerRejectsTheOfferedSubprotocols() throws Exception
    {
        givenServer(List.of(new Protocol("superchat")));
        final String key = HandshakeKeys.generateKey(new Random(404));
        final UpgradeRequestEncoder encoder = new UpgradeRequestEncoder(
            "127.0.0.1:" + server.getPort(), "/", key, List.of("chat"), null);
        final UpgradeResponseDecoder decoder = new UpgradeResponseDecoder(key, encoder.subprotocols(), 4096);

        final Exchange exchange = whenHandshaking(encoder, decoder);

        assertThat(exchange.headLength).isEqualTo(UpgradeResponseDecoder.ERR_STATUS);
        assertThat(decoder.statusCode()).isEqualTo(404);
        assertThat(decoder.errorMessage()).isEqualTo("handshake rejected: " + decoder.statusLine());
        assertThat(server.handshake.get()).isNull();
    }

    private void givenServer(final List<IProtocol> protocols) throws InterruptedException
    {
        final List<IExtension> noExtensions = List.of();
        server = new GreetingServer(List.of(new Draft_6455(noExtensions, protocols)));
        server.setDaemon(true);
        server.start();
        assertThat(server.started.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)).as("server started").isTrue();
    }

    private Exchange whenHandshaking(final UpgradeRequestEncoder encoder, final UpgradeResponseDecoder decoder)
        throws IOException
    {
        final byte[] bytes = new byte[4096];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        try (Socket socket = new Socket())
        {
            socket.setSoTimeout(TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), TIMEOUT_MS);

            final int requestLength = encoder.encode(buffer, 0);
            socket.getOutputStream().write(bytes, 0, requestLength);
            socket.getOutputStream().flush();

            final InputStream in = socket.getInputStream();
            int received = 0;
            int result = UpgradeResponseDecoder.NEED_MORE_DATA;
            while (UpgradeResponseDecoder.NEED_MORE_DATA == result)
            {
                received += readSome(in, bytes, received);
                result = decoder.decode(buffer, 0, received);
            }
            while (result > 0 && received < result + FRAME_HI.length)
            {
                received += readSome(in, bytes, received);
            }

            return new Exchange(result, result > 0 ? Arrays.copyOfRange(bytes, result, received) : new byte[0]);
        }
    }

    private static int readSome(final InputStream in, final byte[] bytes, final int offset) throws IOException
    {
        final int read = in.read(bytes, offset, bytes.length - offset);
        assertThat(read).as("server closed the connection").isPositive();
        return read;
    }

    private record Exchange(int headLength, byte[] afterHead)
    {
    }

    private static final class GreetingServer extends WebSocketServer
    {
        private final CountDownLatch started = new CountDownLatch(1);
        private final AtomicReference<ClientHandshake> handshake = new AtomicReference<>();

        GreetingServer(final List<Draft> drafts)
        {
            super(new InetSocketAddress("127.0.0.1", 0), drafts);
        }

        @Override
        public void onStart()
        {
            started.countDown();
        }

        @Override
        public void onOpen(final WebSocket conn, final ClientHandshake clientHandshake)
        {
            handshake.set(clientHandshake);
            conn.send("hi");
        }

        @Override
        public void onClose(final WebSocket conn, final int code, final String reason, final boolean remote)
        {
        }

        @Override
        public void onMessage(final WebSocket conn, final String message)
        {
        }

        @Override
        public void onError(final WebSocket conn, final Exception ex)
        {
        }
    }
}
