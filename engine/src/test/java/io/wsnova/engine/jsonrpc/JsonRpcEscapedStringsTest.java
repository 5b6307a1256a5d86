package io.wsnova.engine.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JSON-RPC routing reads names and values decoded: a message whose method, keys and channel are written with
 * escapes (RFC 8259 section 7) is classified and routed exactly like the plain one.
 */
class JsonRpcEscapedStringsTest
{
    private static final class Recorder implements ChannelHandler
    {
        private final List<String> channels = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public boolean decode(final JsonParser parser, final byte[] channel, final int offset, final int length)
        {
            channels.add(new String(channel, offset, length, StandardCharsets.UTF_8));
            int field;
            while ((field = parser.nextToken()) != JsonParser.END_OBJECT && field != JsonParser.ERROR)
            {
                if (field == JsonParser.STRING)
                {
                    parser.readString(text);
                }
            }
            return true;
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
        }
    }

    private static String escapeAll(final String text)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++)
        {
            out.append(String.format("\\u%04x", (int)text.charAt(i)));
        }
        return out.toString();
    }

    private static InboundMessage message(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new InboundMessage().wrap(InboundMessage.TEXT, new UnsafeBuffer(bytes), 0, bytes.length, 0L);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldRouteSubscriptionWhenMethodKeysAndChannelAreEscaped(final boolean dataFirst)
    {
        final Recorder ticker = new Recorder();
        final Recorder book = new Recorder();
        final JsonRpcMessageHandler handler = new JsonRpcMessageHandler().route("ticker.", ticker).route("book.", book);
        final String channel = "\"" + escapeAll("channel") + "\":\"" + escapeAll("ticker.") + "BTC\\/USD\"";
        final String data = "\"" + escapeAll("data") + "\":{\"k\":\"v\\u0041\"}";
        final String json = "{\"" + escapeAll("method") + "\":\"" + escapeAll("subscription") + "\",\"" +
            escapeAll("params") + "\":{" + (dataFirst ? data + "," + channel : channel + "," + data) + "}}";

        final InboundMessage message = message(json);
        assertThat(handler.decode(message)).isTrue();
        assertThat(handler.classify(message)).isEqualTo(MessageHandler.KIND_DATA);
        handler.handle(message, null);
        assertThat(handler.unknownChannelMessages()).isZero();
        assertThat(ticker.channels).containsExactly("ticker.BTC/USD");
        assertThat(ticker.text.toString()).isEqualTo("vA");
        assertThat(book.channels).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"heartbeat", "\\u0068eartbeat", "heart\\u0062eat"})
    void shouldClassifyEscapedHeartbeat(final String method)
    {
        final JsonRpcMessageHandler handler = new JsonRpcMessageHandler();
        final InboundMessage message =
            message("{\"jsonrpc\":\"2.0\",\"" + escapeAll("method") + "\":\"" + method + "\",\"params\":{}}");
        assertThat(handler.decode(message)).isTrue();
        assertThat(handler.classify(message)).isEqualTo(MessageHandler.KIND_HEARTBEAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"result", "\\u0072esult", "error"})
    void shouldClassifyResponseWhenKeysAreEscaped(final String outcome)
    {
        final JsonRpcMessageHandler handler = new JsonRpcMessageHandler();
        final InboundMessage message = message("{\"" + escapeAll("id") + "\":42,\"" + outcome + "\":{}}");
        assertThat(handler.decode(message)).isTrue();
        assertThat(handler.classify(message)).isEqualTo(MessageHandler.KIND_RESPONSE);
        assertThat(handler.responseId(message)).isEqualTo(42L);
    }
}
