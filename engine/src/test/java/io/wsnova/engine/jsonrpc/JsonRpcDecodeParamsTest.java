package io.wsnova.engine.jsonrpc;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code params} of a notification (finding F2, docs/FUZZING.md): a routed channel is handled only after its own
 * handler decoded this message's {@code data}; a notification without one, or whose {@code data} the handler
 * refuses, is malformed (decode returns false) and never reaches the handler.
 */
class JsonRpcDecodeParamsTest
{
    private final RecordingChannel book = new RecordingChannel();
    private final RecordingChannel ticker = new RecordingChannel();
    private final JsonRpcMessageHandler handler = new JsonRpcMessageHandler()
        .route("book.", book)
        .route("ticker.", ticker);

    @Test
    void shouldRefuseRoutedNotificationWithoutData()
    {
        assertThat(decode(notification("{\"channel\":\"book.A.100ms\"}"))).isFalse();
        assertThat(decode(notification("{\"channel\":\"book.A.100ms\",\"other\":{\"data\":1}}"))).isFalse();

        assertThat(book.decoded).isZero();
    }

    @Test
    void shouldRefuseRoutedNotificationWhoseDataTheChannelRefuses()
    {
        assertThat(decode(notification("{\"channel\":\"book.A.100ms\",\"data\":7}"))).isFalse();
        assertThat(decode(notification("{\"data\":[1],\"channel\":\"book.A.100ms\"}"))).isFalse();

        assertThat(book.decoded).isEqualTo(2);
    }

    @Test
    void shouldRefuseDataDecodedForAnotherChannelThanTheOneRouted()
    {
        // data decoded by the book route, then a second channel routes to the ticker, which decoded nothing.
        assertThat(decode(notification("{\"channel\":\"book.A.100ms\",\"data\":{},\"channel\":\"ticker.B\"}")))
            .isFalse();

        assertThat(ticker.decoded).isZero();
    }

    @Test
    void shouldSkipChannelThatIsNotAString()
    {
        // Before the fix the object's fields were read as the params' own: its "data" was decoded for the book.
        final boolean decoded = decode(notification("{\"channel\":{\"channel\":\"book.A\",\"data\":{}}}"));

        assertThat(book.decoded).isZero();
        assertThat(decoded).isTrue();
        assertThat(handler.classify(null)).isEqualTo(MessageHandler.KIND_DATA);
    }

    @Test
    void shouldStillDecodeAndHandleRoutedNotificationInEitherOrder()
    {
        assertThat(decode(notification("{\"channel\":\"book.A.100ms\",\"data\":{}}"))).isTrue();
        handler.handle(null, null);
        assertThat(decode(notification("{\"data\":{},\"channel\":\"book.A.100ms\"}"))).isTrue();
        handler.handle(null, null);

        assertThat(book.decoded).isEqualTo(2);
        assertThat(book.handled).isEqualTo(2);
    }

    private boolean decode(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        return handler.decode(new InboundMessage().wrap(InboundMessage.TEXT, buffer, 0, bytes.length, 0L));
    }

    private static String notification(final String params)
    {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":" + params + "}";
    }

    /**
     * Accepts an object as data (read whole), refuses anything else.
     */
    private static final class RecordingChannel implements ChannelHandler
    {
        int decoded;
        int handled;

        @Override
        public boolean decode(
            final JsonParser parser, final byte[] channel, final int channelOffset, final int channelLength)
        {
            decoded++;
            if (parser.token() != JsonParser.START_OBJECT)
            {
                return false;
            }
            return parser.skipValue() == JsonParser.END_OBJECT;
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            handled++;
        }
    }
}
