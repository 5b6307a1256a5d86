package io.wsnova.engine;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;

import io.wsnova.engine.testing.RecordingHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.wsnova.testkit.Frames.PONG;
import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.bytes;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers that die without saying so: silent, not reading, resetting mid-frame, closing TCP without a close
 * frame. Every one is detected within its bound and reported with its own reason.
 */
@Timeout(value = 20)
class DeadPeerTest
{
    private static final long SLACK_MS = 1_000;

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldReportPongTimeoutWhenSilentServerNeverAnswersKeepalivePings(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Frame> ping = new CompletableFuture<>();
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            connection.acceptUpgrade();
            ping.complete(connection.readFrame());
            return connection.awaitEof(WAIT_MS);
        }))
        {
            final long startNs = System.nanoTime();
            try (HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).keepalive(200, 300).build(), handler))
            {
                final CloseStatus status = client.awaitClosed(WAIT_MS);
                final long elapsedMs = elapsedMs(startNs);

                assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.PONG_TIMEOUT);
                assertThat(status.closeCode()).isEqualTo(1006);
                assertThat(elapsedMs).isBetween(490L, 500 + SLACK_MS);
                final Frame keepalive = ping.get(WAIT_MS, TimeUnit.MILLISECONDS);
                assertThat(keepalive.opcode()).isEqualTo(0x9);
                assertThat(keepalive.masked()).isTrue();
                assertThat(clientClosed.get(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
            }
        }
    }

    @Test
    void shouldStayOpenWhileServerAnswersKeepalivePings() throws Exception
    {
        final CompletableFuture<Integer> pongsSent = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(pongsSent, connection ->
        {
            connection.acceptUpgrade();
            int pongs = 0;
            while (true)
            {
                final Frame frame = connection.readFrame();
                if (frame.opcode() != 0x9)
                {
                    return pongs;
                }
                connection.writeFrame(PONG, frame.payload());
                pongs++;
            }
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(IoMode.VIRTUAL).keepalive(100, 150).build(), handler))
        {
            TimeUnit.MILLISECONDS.sleep(700);
            assertThat(client.webSocket().state()).isEqualTo(WebSocket.State.OPEN);
            assertThat(handler.nextPong(0)).isPositive();
            client.webSocket().close();
            assertThat(pongsSent.get(WAIT_MS, TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldReportIdleTimeoutWhenServerGoesSilent(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(clientClosed, connection ->
        {
            connection.acceptUpgrade();
            connection.writeFrame(TEXT, utf8("hello"));
            return connection.awaitEof(WAIT_MS);
        }))
        {
            final long startNs = System.nanoTime();
            try (HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).idleTimeoutMs(300).build(), handler))
            {
                final CloseStatus status = client.awaitClosed(WAIT_MS);

                assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.IDLE_TIMEOUT);
                assertThat(elapsedMs(startNs)).isBetween(290L, 300 + SLACK_MS);
                assertThat(handler.next(0).text()).isEqualTo("hello");
                assertThat(clientClosed.get(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
            }
        }
    }

    @Test
    void shouldNotTimeOutWhileServerKeepsSendingWithinTheIdleTimeout() throws Exception
    {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            connection.acceptUpgrade();
            for (int i = 0; i < 8; i++)
            {
                connection.writeFrame(TEXT, utf8("tick " + i));
                TimeUnit.MILLISECONDS.sleep(100);
            }
            return connection.awaitEof(WAIT_MS);
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(IoMode.VIRTUAL).idleTimeoutMs(300).build(), handler))
        {
            for (int i = 0; i < 8; i++)
            {
                assertThat(handler.next(WAIT_MS).text()).isEqualTo("tick " + i);
            }
            assertThat(client.webSocket().state()).isEqualTo(WebSocket.State.OPEN);
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldFailSendWithinSendTimeoutWhenServerStopsReading(final IoMode ioMode) throws Exception
    {
        final long sendTimeoutMs = 300;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            connection.acceptUpgrade();
            connection.silence(WAIT_MS * 2);
            return true;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"), HostileSupport.options(ioMode)
                .sendTimeoutMs(sendTimeoutMs).socketBuffers(8192, 8192).build(), handler))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[256 * 1024]);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            int result;
            long lastSendMs;
            do
            {
                final long sendStartNs = System.nanoTime();
                result = client.webSocket().sendBinary(message, 0, message.capacity());
                lastSendMs = elapsedMs(sendStartNs);
            }
            while (result > 0 && System.nanoTime() - deadlineNs < 0);

            assertThat(result).as("the blocked send fails").isEqualTo(WebSocket.SEND_FAILED);
            assertThat(lastSendMs).isBetween(sendTimeoutMs - 10, sendTimeoutMs + SLACK_MS);
            final CloseStatus status = client.awaitClosed(WAIT_MS);
            assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.SEND_TIMEOUT);
            assertThat(client.webSocket().sendBinary(message, 0, 1)).isEqualTo(WebSocket.NOT_CONNECTED);
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldReportIoErrorOrEofWhenServerResetsInTheMiddleOfAFrame(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            connection.acceptUpgrade();
            connection.write(bytes(TEXT, 100, 'h', 'a', 'l', 'f'));
            TimeUnit.MILLISECONDS.sleep(50);
            connection.reset();
            return true;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final CloseStatus status = client.awaitClosed(WAIT_MS);
            assertThat(status.reason()).as(status.toString()).isIn(DisconnectReason.IO_ERROR, DisconnectReason.EOF);
            assertThat(status.closeCode()).isEqualTo(1006);
            assertThat(handler.poll()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldReportEofWith1006WhenServerClosesTcpWithoutCloseFrame(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            connection.acceptUpgrade();
            connection.writeFrame(TEXT, utf8("last words"));
            connection.socket().close();
            return true;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final CloseStatus status = client.awaitClosed(WAIT_MS);
            assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.EOF);
            assertThat(status.reason().isFailure()).isTrue();
            assertThat(status.closeCode()).isEqualTo(1006);
            assertThat(handler.next(0).text()).isEqualTo("last words");
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldReportEofAndDeliverNothingWhenServerClosesTcpInTheMiddleOfAFragmentedMessage(final IoMode ioMode)
        throws Exception
    {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(done, connection ->
        {
            connection.acceptUpgrade();
            connection.writeFrame(0x01, utf8("first half, "));
            connection.write(bytes(0x80, 20, 's', 'e', 'c'));
            connection.socket().shutdownOutput();
            connection.awaitEof(WAIT_MS);
            return true;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final CloseStatus status = client.awaitClosed(WAIT_MS);
            assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.EOF);
            assertThat(status.closeCode()).isEqualTo(1006);
            assertThat(handler.poll()).isNull();
            assertThat(done.get(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    private static long elapsedMs(final long startNs)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }
}
