package io.wsnova.adapters.bybit;

import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.behaviour.InboundMessage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bybit's liveness rules (reference section B) against the adapter's heartbeat: {@code {"op":"ping"}} at most every
 * 20 s (Bybit's recommendation; it cuts a connection after ~10 min without ping-pong or data), a silent server
 * detected within interval + deadline, and every pong shape Bybit documents (spot, linear/inverse, option/spread,
 * private), in any key order and with unknown fields, recognised as the answer: a pong the matcher misses would
 * fail a healthy connection at the deadline. Data and subscribe answers are not pongs.
 */
class BybitLivenessSpecTest
{
    private final AppHeartbeat heartbeat = BybitAdapter.builder().build().connectionHandler().appHeartbeat();

    @Test
    void shouldPingWithinTheVenueRecommendationAndDetectSilenceWithinItsCut()
    {
        assertThat(heartbeat.intervalMs()).isLessThanOrEqualTo(20_000L);
        assertThat(heartbeat.intervalMs() + heartbeat.deadlineMs()).isLessThan(600_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817-426e-429a-a679-ff7f55e0b16a\",\"op\":\"ping\"}",
        "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"465772b1-7630-4fdc-a492-e003e6f0f260\",\"req_id\":\"\"," +
            "\"op\":\"ping\"}",
        "{\"args\":[\"1672916271846\"],\"op\":\"pong\"}",
        "{\"req_id\":\"test\",\"op\":\"pong\",\"args\":[\"1675418560633\"],\"conn_id\":\"cfcb4ocsvfriu23r3er0-1b\"}",
        "{\"op\":\"ping\",\"conn_id\":\"x\",\"req_id\":\"\",\"ret_msg\":\"pong\",\"success\":true}",
        "{\"extra\":{\"nested\":[1,{\"ret_msg\":\"x\"}]},\"success\":true,\"ret_msg\":\"pong\",\"op\":\"ping\"}",
        " {\n \"args\" : [ \"1672916271846\" ] ,\n \"op\" : \"pong\" }",
    })
    void shouldRecogniseEveryDocumentedPongShape(final String pong)
    {
        assertThat(heartbeat.answer().isAnswer(text(pong))).as(pong).isTrue();
        assertThat(pong.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(heartbeat.answerMaxLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"success\":true,\"ret_msg\":\"subscribe\",\"conn_id\":\"2324d924\",\"req_id\":\"10001\"," +
            "\"op\":\"subscribe\"}",
        "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1687940967466,\"data\":{\"s\":\"BTCUSDT\"," +
            "\"b\":[],\"a\":[],\"u\":177400507,\"seq\":66544703342,\"op\":\"pong\"},\"cts\":1687940967464}",
        "pong",
    })
    void shouldNotTakeDataOrAnswersForPongs(final String message)
    {
        assertThat(heartbeat.answer().isAnswer(text(message))).as(message).isFalse();
    }

    private static InboundMessage text(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 5]);
        buffer.putBytes(5, bytes);
        return new InboundMessage().wrap(InboundMessage.TEXT, buffer, 5, bytes.length, 0L);
    }
}
