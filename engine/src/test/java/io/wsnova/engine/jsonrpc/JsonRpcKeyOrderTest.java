package io.wsnova.engine.jsonrpc;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.behaviour.DefaultMessageHandler;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's JSON decoders do not depend on key order: every order of the top-level members ({@code jsonrpc},
 * {@code method}, {@code params}, {@code id}, {@code result}) and of the notification's {@code channel} and
 * {@code data}, with unknown members between them (decoys holding their own {@code channel}, {@code data},
 * {@code method} and {@code id}), decodes to the same route, data and kind.
 */
class JsonRpcKeyOrderTest
{
    private static final String[] UNKNOWN = {
        "\"u1\":{\"channel\":\"ticker.DECOY\",\"data\":{\"price\":-1},\"method\":\"heartbeat\",\"id\":9}",
        "\"u2\":[\"data\",{\"channel\":\"x\"}]",
        "\"u3\":\"data\\\"channel\\u0041\"",
    };

    private final PriceChannel book = new PriceChannel();
    private final PriceChannel ticker = new PriceChannel();
    private final JsonRpcMessageHandler handler = new JsonRpcMessageHandler()
        .route("book.", book)
        .route("ticker.", ticker);

    @Test
    void shouldRouteAndDecodeANotificationWhateverTheOrderOfItsMembers()
    {
        final List<String> paramsMembers = List.of("\"channel\":\"ticker.BTC-PERPETUAL.100ms\"",
            "\"data\":{\"name\":\"a\\\"b\",\"price\":4215,\"nested\":{\"channel\":\"book.X\",\"price\":1}}");
        int checked = 0;
        for (final List<String> paramsOrder : permutations(withUnknown(paramsMembers)))
        {
            final String params = "{" + String.join(",", paramsOrder) + "}";
            final List<String> top = withUnknown(List.of("\"jsonrpc\":\"2.0\"", "\"method\":\"subscription\"",
                "\"params\":" + params));
            for (final List<String> topOrder : permutations(top))
            {
                final String json = "{" + String.join(",", topOrder) + "}";
                ticker.price = 0;
                final int handledBefore = ticker.handled;
                assertThat(decode(json)).as(json).isTrue();
                assertThat(handler.classify(null)).as(json).isEqualTo(MessageHandler.KIND_DATA);
                handler.handle(null, null);
                assertThat(ticker.handled).as(json).isEqualTo(handledBefore + 1);
                assertThat(ticker.price).as(json).isEqualTo(4215);
                checked++;
            }
        }
        assertThat(book.decoded).as("the decoys never reach the book route").isZero();
        assertThat(handler.unknownChannelMessages()).isZero();
        assertThat(checked).isEqualTo(24 * 120);
    }

    @Test
    void shouldClassifyResponsesAndHeartbeatsWhateverTheOrderOfTheirMembers()
    {
        for (final List<String> order : permutations(withUnknown(List.of("\"jsonrpc\":\"2.0\"", "\"id\":42",
            "\"result\":{\"id\":7,\"channel\":\"ticker.X\"}"))))
        {
            final String json = "{" + String.join(",", order) + "}";
            assertThat(decode(json)).as(json).isTrue();
            assertThat(handler.classify(null)).as(json).isEqualTo(MessageHandler.KIND_RESPONSE);
            assertThat(handler.responseId(null)).as(json).isEqualTo(42L);
            assertDefaultHandlerSees(json, MessageHandler.KIND_RESPONSE, 42L);
        }
        for (final List<String> order : permutations(withUnknown(List.of("\"jsonrpc\":\"2.0\"", "\"id\":\"42\"",
            "\"error\":{\"code\":10028,\"message\":\"too_many_requests\"}"))))
        {
            final String json = "{" + String.join(",", order) + "}";
            assertThat(decode(json)).as(json).isTrue();
            assertThat(handler.classify(null)).as(json).isEqualTo(MessageHandler.KIND_RESPONSE);
            assertThat(handler.responseId(null)).as(json).isEqualTo(42L);
            assertDefaultHandlerSees(json, MessageHandler.KIND_RESPONSE, 42L);
        }
        for (final List<String> order : permutations(withUnknown(List.of("\"jsonrpc\":\"2.0\"",
            "\"method\":\"heartbeat\"", "\"params\":{\"type\":\"test_request\"}"))))
        {
            final String json = "{" + String.join(",", order) + "}";
            assertThat(decode(json)).as(json).isTrue();
            assertThat(handler.classify(null)).as(json).isEqualTo(MessageHandler.KIND_HEARTBEAT);
        }
    }

    private void assertDefaultHandlerSees(final String json, final int kind, final long id)
    {
        final DefaultMessageHandler plain = new DefaultMessageHandler();
        final InboundMessage message = message(json);
        assertThat(plain.decode(message)).isTrue();
        assertThat(plain.classify(message)).as(json).isEqualTo(kind);
        assertThat(plain.responseId(message)).as(json).isEqualTo(id);
    }

    private static List<String> withUnknown(final List<String> members)
    {
        final List<String> all = new ArrayList<>(members);
        all.add(UNKNOWN[members.size() % UNKNOWN.length]);
        all.add(UNKNOWN[(members.size() + 1) % UNKNOWN.length]);
        return all;
    }

    static List<List<String>> permutations(final List<String> items)
    {
        final List<List<String>> result = new ArrayList<>();
        permute(new ArrayList<>(items), 0, result);
        return result;
    }

    private static void permute(final List<String> items, final int from, final List<List<String>> result)
    {
        if (from == items.size())
        {
            result.add(List.copyOf(items));
            return;
        }
        for (int i = from; i < items.size(); i++)
        {
            java.util.Collections.swap(items, from, i);
            permute(items, from + 1, result);
            java.util.Collections.swap(items, from, i);
        }
    }

    private boolean decode(final String json)
    {
        return handler.decode(message(json));
    }

    private static InboundMessage message(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        return new InboundMessage().wrap(InboundMessage.TEXT, buffer, 0, bytes.length, 0L);
    }

    /**
     * Reads the top-level {@code price} of an object data value, skipping everything else.
     */
    static final class PriceChannel implements ChannelHandler
    {
        private static final byte[] PRICE = "price".getBytes(StandardCharsets.US_ASCII);
        int decoded;
        int handled;
        long price;

        @Override
        public boolean decode(
            final JsonParser parser, final byte[] channel, final int channelOffset, final int channelLength)
        {
            decoded++;
            if (parser.token() != JsonParser.START_OBJECT)
            {
                return false;
            }
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(PRICE) && parser.nextToken() == JsonParser.NUMBER)
                {
                    price = parser.readLong();
                }
                else
                {
                    parser.skipValue();
                }
            }
            return !parser.hasError();
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            handled++;
        }
    }
}
