package io.wsnova.engine;

import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.WebSocket;

import io.wsnova.engine.testing.RecordingHandler;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.wsnova.testkit.Frames.BINARY;
import static io.wsnova.testkit.Frames.CLOSE;
import static io.wsnova.testkit.Frames.PING;
import static io.wsnova.testkit.Frames.TEXT;
import static io.wsnova.engine.HostileSupport.WAIT_MS;
import static io.wsnova.testkit.Frames.bytes;
import static io.wsnova.testkit.Frames.closePayload;
import static io.wsnova.testkit.Frames.concat;
import static io.wsnova.engine.HostileSupport.filled;
import static io.wsnova.testkit.Frames.frame;
import static io.wsnova.testkit.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that violates RFC 6455 after a valid 101: the client must fail the connection with the right close
 * code, sent masked, report PROTOCOL_ERROR with that code, close TCP, and deliver nothing of the bad data while
 * still delivering the valid message that came before it.
 */
@Timeout(value = 20)
class ProtocolViolationTest
{
    private static final int SMALL_FRAME_LIMIT = 1024;
    private static final int SMALL_MESSAGE_LIMIT = 4096;

    /**
     * One violation: chunks written one by one (a short pause between them, so each may land in its own read).
     */
    record Violation(String name, int expectedCode, boolean smallLimits, List<byte[]> chunks)
    {
        @Override
        public String toString()
        {
            return name + " -> " + expectedCode;
        }
    }

    private record Observed(Frame closeFrame, boolean eof)
    {
    }

    static List<Violation> violations()
    {
        final List<Violation> v = new ArrayList<>();
        v.add(one("masked frame", 1002, bytes(0x81, 0x80 | 2, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2)));
        v.add(one("RSV1", 1002, bytes(0x80 | 0x40 | 0x1, 2, 'h', 'i')));
        v.add(one("RSV2", 1002, bytes(0x80 | 0x20 | 0x1, 2, 'h', 'i')));
        v.add(one("RSV3", 1002, bytes(0x80 | 0x10 | 0x2, 0)));
        for (final int opcode : new int[]{3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
        {
            v.add(one("reserved opcode " + opcode, 1002, bytes(0x80 | opcode, 1, 'x')));
        }
        v.add(one("ping payload 126", 1002, frame(PING, filled(126, 'p'))));
        v.add(one("close payload 126", 1002, frame(CLOSE, closePayload(1000, filled(124, 'r')))));
        v.add(one("fragmented ping", 1002, bytes(0x09, 1, 'p')));
        v.add(one("fragmented close", 1002, bytes(0x08, 2, 0x03, 0xE8)));
        v.add(one("64-bit length with top bit set", 1002, bytes(0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1)));
        v.add(one("non-minimal 16-bit length", 1002, bytes(0x81, 126, 0, 2, 'h', 'i')));
        v.add(one("continuation without a message", 1002, frame(0x80, utf8("abc"))));
        v.add(split("text frame during a fragmented message", 1002,
            frame(0x01, utf8("frag-")), frame(TEXT, utf8("new"))));
        v.add(split("binary frame during a fragmented message", 1002,
            frame(0x02, utf8("frag-")), frame(0x00, utf8("more")), frame(BINARY, utf8("new"))));
        v.add(one("text frame during a fragmented message, one read", 1002,
            concat(frame(0x01, utf8("frag-")), frame(TEXT, utf8("new")))));
        v.add(one("invalid UTF-8 text", 1007, frame(TEXT, bytes('o', 'k', 0xC3, 0x28))));
        v.add(one("UTF-16 surrogate encoded in UTF-8", 1007, frame(TEXT, bytes(0xED, 0xA0, 0x80))));
        v.add(one("overlong UTF-8", 1007, frame(TEXT, bytes(0xC0, 0xAF))));
        v.add(split("invalid UTF-8 in a middle fragment", 1007,
            frame(0x01, utf8("good ")), frame(0x00, bytes(0xFF)), frame(0x80, utf8("end"))));
        v.add(split("text message ending inside a code point", 1007,
            frame(0x01, bytes('a', 0xE2, 0x82)), frame(0x80, new byte[0])));
        v.add(one("close with a 1-byte payload", 1002, frame(CLOSE, bytes(0x03))));
        for (final int code : new int[]{0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
        {
            v.add(one("close code " + code, 1002, frame(CLOSE, closePayload(code, utf8("bye")))));
        }
        v.add(one("close reason invalid UTF-8", 1007, frame(CLOSE, closePayload(1000, bytes('b', 0xFF)))));
        v.add(limits("text frame over maxFrameLength", 1009, frame(TEXT, filled(SMALL_FRAME_LIMIT + 1, 'a'))));
        v.add(limits("binary frame header over maxFrameLength, payload never sent", 1009,
            bytes(BINARY, 127, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF)));
        v.add(limits("fragmented message over maxMessageLength", 1009,
            frame(0x02, filled(SMALL_FRAME_LIMIT, 'a')),
            frame(0x00, filled(SMALL_FRAME_LIMIT, 'b')),
            frame(0x00, filled(SMALL_FRAME_LIMIT, 'c')),
            frame(0x00, filled(SMALL_FRAME_LIMIT, 'd')),
            frame(0x80, filled(1, 'e'))));
        return v;
    }

    static Stream<Arguments> violationsInEveryMode()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final Violation violation : violations())
        {
            arguments.add(Arguments.of(violation, IoMode.VIRTUAL, PipelineMode.INLINE));
            arguments.add(Arguments.of(violation, IoMode.VIRTUAL, PipelineMode.QUEUED));
            arguments.add(Arguments.of(violation, IoMode.SPIN, PipelineMode.INLINE));
            arguments.add(Arguments.of(violation, IoMode.POLL, PipelineMode.INLINE));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} [{1} {2}]")
    @MethodSource("violationsInEveryMode")
    void shouldFailWithCloseCodeAndDeliverNothingWhenServerViolatesProtocol(
        final Violation violation, final IoMode ioMode, final PipelineMode pipelineMode) throws Exception
    {
        final CompletableFuture<Observed> observed = new CompletableFuture<>();
        final RecordingHandler handler = new RecordingHandler();
        final NovaOptions.Builder options = HostileSupport.options(ioMode).pipelineMode(pipelineMode);
        if (violation.smallLimits())
        {
            options.maxFrameLength(SMALL_FRAME_LIMIT).maxMessageLength(SMALL_MESSAGE_LIMIT);
        }

        try (TestServer server = HostileSupport.server(observed, connection ->
        {
            connection.acceptUpgrade();
            final List<byte[]> chunks = violation.chunks();
            connection.write(concat(frame(TEXT, utf8("before")), chunks.get(0)));
            for (int i = 1; i < chunks.size(); i++)
            {
                TimeUnit.MILLISECONDS.sleep(20);
                connection.write(chunks.get(i));
            }
            final Frame closeFrame = connection.readFrame();
            return new Observed(closeFrame, connection.awaitEof(WAIT_MS));
        });
            HostileSupport.Client client = HostileSupport.connect(server.url("/"), options.build(), handler))
        {
            final CloseStatus status = handler.awaitClose(WAIT_MS);
            assertThat(status.reason()).as(status.toString()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(status.closeCode()).as(status.toString()).isEqualTo(violation.expectedCode());
            assertThat(client.awaitClosed(WAIT_MS)).isSameAs(status);
            assertThat(client.webSocket().state()).isEqualTo(WebSocket.State.CLOSED);

            final Observed atServer = observed.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(atServer.closeFrame().opcode()).as("client sends a close frame").isEqualTo(0x8);
            assertThat(atServer.closeFrame().masked()).as("client frames are masked").isTrue();
            assertThat(atServer.closeFrame().closeCode()).isEqualTo(violation.expectedCode());
            assertThat(atServer.eof()).as("client closes TCP after failing").isTrue();

            assertThat(handler.next(0).text()).as("the valid message before the violation").isEqualTo("before");
            assertThat(handler.poll()).as("nothing of the violating data is delivered").isNull();
            assertThat(client.webSocket().sendText("late")).isEqualTo(WebSocket.NOT_CONNECTED);
        }
    }

    private static Violation one(final String name, final int code, final byte[] bytes)
    {
        return new Violation(name, code, false, List.of(bytes));
    }

    private static Violation split(final String name, final int code, final byte[]... chunks)
    {
        return new Violation(name + ", split reads", code, false, List.of(chunks));
    }

    private static Violation limits(final String name, final int code, final byte[]... chunks)
    {
        return new Violation(name, code, true, List.of(chunks));
    }
}
