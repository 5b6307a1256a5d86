package io.wsnova.adapters.okx;

import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.config.Option;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OKX's liveness rules (reference "OKX v5 public") against the adapter: the text {@code ping} sent while the
 * connection could otherwise stay quiet for less than 30 s (OKX closes a connection that has nothing pushed for 30 s),
 * its text {@code pong} recognised (and nothing else), a silent server detected within interval + deadline, and the
 * idle timeout above the ping interval (only pongs arrive on a quiet connection).
 */
class OkxLivenessSpecTest
{
    private final OkxAdapter adapter = OkxAdapter.builder().build();
    private final AppHeartbeat heartbeat = adapter.connectionHandler().appHeartbeat();

    @Test
    void shouldPingBeforeOkxClosesAQuietConnection()
    {
        assertThat(heartbeat.intervalMs()).isLessThan(30_000L);
        final long idleMs = adapter.defaultOptions().get(Option.IDLE_TIMEOUT_MS);
        assertThat(idleMs).isGreaterThan(heartbeat.intervalMs());
        assertThat(heartbeat.intervalMs() + heartbeat.deadlineMs()).isLessThanOrEqualTo(60_000L);
    }

    @Test
    void shouldRecogniseThePongAndNothingElse()
    {
        assertThat(heartbeat.answer().isAnswer(text("pong", InboundMessage.TEXT))).isTrue();
        assertThat(heartbeat.answer().isAnswer(text("ping", InboundMessage.TEXT))).isFalse();
        assertThat(heartbeat.answer().isAnswer(text("\"pong\"", InboundMessage.TEXT))).isFalse();
        assertThat(heartbeat.answer().isAnswer(text("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"books\"," +
            "\"instId\":\"BTC-USDT\"},\"connId\":\"a4d3ae55\"}", InboundMessage.TEXT))).isFalse();
    }

    private static InboundMessage text(final String text, final int type)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 3]);
        buffer.putBytes(3, bytes);
        return new InboundMessage().wrap(type, buffer, 3, bytes.length, 0L);
    }
}
