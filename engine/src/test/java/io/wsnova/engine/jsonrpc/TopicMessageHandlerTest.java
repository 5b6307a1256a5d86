package io.wsnova.engine.jsonrpc;

import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.wsnova.engine.jsonrpc.JsonRpcKeyOrderTest.permutations;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-JSON topic decoder (Bybit's {@code topic}/{@code data}, {@code req_id}) does not depend on key order:
 * every order of a push's members, unknown members between them included (decoys with their own topic, data and
 * id), routes to the same handler with the same data; every order of a response's members gives the same id;
 * string ids that are not ours are responses with no id (unmatched), never malformed.
 */
class TopicMessageHandlerTest
{
    private static final String DECOY =
        "\"decoy\":{\"topic\":\"orderbook.DECOY\",\"data\":{\"price\":-1},\"req_id\":\"9\"}";

    private final JsonRpcKeyOrderTest.PriceChannel book = new JsonRpcKeyOrderTest.PriceChannel();
    private final JsonRpcKeyOrderTest.PriceChannel trades = new JsonRpcKeyOrderTest.PriceChannel();
    private final TopicMessageHandler handler = new TopicMessageHandler("topic", "data", "req_id")
        .route("orderbook.", book)
        .route("publicTrade.", trades);

    @Test
    void shouldRoutePushesWhateverTheOrderOfTheirMembers()
    {
        int checked = 0;
        for (final List<String> order : permutations(List.of("\"topic\":\"orderbook.50.BTCUSDT\"",
            "\"type\":\"snapshot\"", "\"ts\":1672304484978", "\"data\":{\"s\":\"BTC\\\"USDT\",\"price\":16493," +
            "\"b\":[[\"16493.50\",\"0.006\"]],\"topic\":\"publicTrade.X\"}", DECOY, "\"cts\":1672304484976")))
        {
            final String json = "{" + String.join(",", order) + "}";
            book.price = 0;
            assertThat(decode(json)).as(json).isTrue();
            assertThat(handler.classify(null)).as(json).isEqualTo(MessageHandler.KIND_DATA);
            handler.handle(null, null);
            assertThat(book.price).as(json).isEqualTo(16493);
            checked++;
        }
        assertThat(checked).isEqualTo(720);
        assertThat(book.handled).isEqualTo(720);
        assertThat(trades.decoded).as("decoys never route").isZero();
        assertThat(handler.unknownTopicMessages()).isZero();
    }

    @Test
    void shouldMatchResponsesByStringIdWhateverTheOrderOfTheirMembers()
    {
        for (final List<String> order : permutations(List.of("\"success\":true", "\"ret_msg\":\"\"",
            "\"conn_id\":\"2324d924\"", "\"req_id\":\"42\"", "\"op\":\"subscribe\"")))
        {
            final String json = "{" + String.join(",", order) + "}";
            assertThat(decode(json)).as(json).isTrue();
            assertThat(handler.classify(null)).as(json).isEqualTo(MessageHandler.KIND_RESPONSE);
            assertThat(handler.responseId(null)).as(json).isEqualTo(42L);
        }
    }

    @Test
    void shouldTreatForeignIdsAsUnmatchedResponsesAndEverythingElseAsRawNeverMalformed()
    {
        for (final String foreign : new String[]{"\"\"", "\"abc\"", "\"042\"", "\"-1\"", "\"1e2\""})
        {
            final String json = "{\"req_id\":" + foreign + ",\"op\":\"ping\",\"success\":true}";
            assertThat(decode(json)).as(json).isTrue();
            assertThat(handler.classify(null)).as(json).isEqualTo(MessageHandler.KIND_RESPONSE);
            assertThat(handler.responseId(null)).as(json).isEqualTo(MessageHandler.NO_ID);
        }
        assertThat(decode("{\"req_id\":7,\"op\":\"auth\"}")).isTrue();
        assertThat(handler.responseId(null)).isEqualTo(7L);

        for (final String raw : new String[]{"{\"topic\":\"tickers.BTCUSDT\",\"data\":{}}", "{\"op\":\"pong\"}",
            "[1,2]", "\"pong\"", "{\"req_id\":null,\"op\":\"x\"}"})
        {
            assertThat(decode(raw)).as(raw).isTrue();
            assertThat(handler.classify(null)).as(raw).isEqualTo(MessageHandler.KIND_DATA);
            handler.handle(null, null);
        }
        assertThat(handler.unknownTopicMessages()).isEqualTo(5);

        assertThat(decode("{\"topic\":\"orderbook.1.X\"}")).as("a routed topic without data").isFalse();
        assertThat(decode("{\"topic\":\"orderbook.1.X\",\"data\":[1]}")).as("data the route refuses").isFalse();
        assertThat(decode("{\"topic\":")).as("not JSON").isFalse();
    }

    private boolean decode(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        return handler.decode(new InboundMessage().wrap(InboundMessage.TEXT, buffer, 0, bytes.length, 0L));
    }
}
