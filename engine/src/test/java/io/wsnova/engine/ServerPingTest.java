package io.wsnova.engine;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;

import io.wsnova.engine.testing.RecordingHandler;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.wsnova.testkit.Frames.PING;
import static io.wsnova.testkit.Frames.PONG;
import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.concat;
import static io.wsnova.testkit.Frames.frame;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pings from the server are answered with a masked pong carrying the same payload, also between the fragments
 * of a message, which still arrives whole.
 */
@Timeout(value = 20)
class ServerPingTest
{
    static Stream<Arguments> payloadLengths()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final IoMode ioMode : IoMode.values())
        {
            for (final int length : new int[]{0, 1, 8, 125})
            {
                arguments.add(Arguments.of(ioMode, length));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} ping of {1} bytes")
    @MethodSource("payloadLengths")
    void shouldAnswerPingWithPongCarryingTheSamePayload(final IoMode ioMode, final int length) throws Exception
    {
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(i * 31 + 7);
        }
        final CompletableFuture<Frame> pong = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(pong, connection ->
        {
            connection.acceptUpgrade();
            connection.writeFrame(PING, payload);
            return connection.readFrame();
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final Frame frame = pong.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(frame.firstByte()).as("FIN + PONG").isEqualTo(0x8A);
            assertThat(frame.masked()).isTrue();
            assertThat(frame.payload()).isEqualTo(payload);
            assertThat(client.webSocket().counters().pingsReceived()).isEqualTo(1);
            assertThat(handler.poll()).isNull();
        }
    }

    static Stream<Arguments> splitModes()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final IoMode ioMode : IoMode.values())
        {
            arguments.add(Arguments.of(ioMode, true));
            arguments.add(Arguments.of(ioMode, false));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} separate writes: {1}")
    @MethodSource("splitModes")
    void shouldAnswerPingsBetweenFragmentsAndDeliverTheMessageWhole(final IoMode ioMode, final boolean separateWrites)
        throws Exception
    {
        final CompletableFuture<List<Frame>> pongs = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        final List<byte[]> frames = List.of(
            frame(0x01, utf8("Hel")),
            frame(PING, utf8("first")),
            frame(0x00, utf8("lo, ")),
            frame(PONG, utf8("unsolicited")),
            frame(PING, new byte[0]),
            frame(0x80, utf8("W\u00f6rld")),
            frame(TEXT, utf8("next")));
        try (TestServer server = HostileSupport.server(pongs, connection ->
        {
            connection.acceptUpgrade();
            if (separateWrites)
            {
                for (final byte[] frame : frames)
                {
                    connection.write(frame);
                    TimeUnit.MILLISECONDS.sleep(10);
                }
            }
            else
            {
                connection.write(concat(frames.toArray(new byte[0][])));
            }
            return List.of(connection.readFrame(), connection.readFrame());
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final RecordingHandler.Message message = handler.next(WAIT_MS);
            assertThat(message.type()).isEqualTo(WebSocketHandler.TEXT);
            assertThat(message.text()).isEqualTo("Hello, W\u00f6rld");
            assertThat(handler.next(WAIT_MS).text()).isEqualTo("next");

            final List<Frame> answered = pongs.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(answered).allSatisfy(frame ->
            {
                assertThat(frame.firstByte()).isEqualTo(0x8A);
                assertThat(frame.masked()).isTrue();
            });
            assertThat(answered.get(0).text()).isEqualTo("first");
            assertThat(answered.get(1).payload()).isEmpty();
            assertThat(client.webSocket().state()).isEqualTo(WebSocket.State.OPEN);
            assertThat(handler.poll()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(IoMode.class)
    void shouldReportRoundTripWhenServerAnswersClientPing(final IoMode ioMode) throws Exception
    {
        final CompletableFuture<Frame> ping = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        try (TestServer server = HostileSupport.server(ping, connection ->
        {
            connection.acceptUpgrade();
            final Frame frame = connection.readFrame();
            connection.writeFrame(PONG, frame.payload());
            return frame;
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"),
                HostileSupport.options(ioMode).build(), handler))
        {
            final long pingId = client.webSocket().ping();
            assertThat(pingId).isPositive();
            assertThat(handler.nextPong(WAIT_MS)).isPositive();
            final Frame frame = ping.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(frame.firstByte()).isEqualTo(0x89);
            assertThat(frame.masked()).isTrue();
            assertThat(frame.payload()).as("the ping's id, then its send time").hasSize(16);
            assertThat(java.nio.ByteBuffer.wrap(frame.payload()).order(java.nio.ByteOrder.nativeOrder()).getLong(0))
                .isEqualTo(pingId);
        }
    }
}
