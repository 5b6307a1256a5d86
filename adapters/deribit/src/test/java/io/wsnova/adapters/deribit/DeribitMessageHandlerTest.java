package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.wsnova.testkit.Allocation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeribitMessageHandlerTest
{
    private static final String TEST_REQUEST =
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}";
    private static final String HEARTBEAT =
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"heartbeat\"}}";
    private static final String INDEX = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
        "\"deribit_price_index.btc_usd\",\"data\":{\"timestamp\":1535098298227,\"price\":6521.17}}}";
    private static final String RESPONSE = "{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":\"ok\",\"usIn\":1}";
    private static final int OFFSET = 7;

    private final CountingListener listener = new CountingListener();
    private final CountingContext context = new CountingContext();
    private final DeribitMessageHandler handler = new DeribitMessageHandler(listener);
    private final InboundMessage message = new InboundMessage();

    @Test
    void shouldRouteTickersHeartbeatsResponsesAndOtherChannels()
    {
        assertThat(receive(DeribitClientTest.TICKER_NOTIFICATION)).isEqualTo(MessageHandler.KIND_DATA);
        assertThat(listener.tickers).isEqualTo(1);
        assertThat(listener.lastTimestampMs).isEqualTo(1623060194301L);

        assertThat(receive(TEST_REQUEST)).isEqualTo(MessageHandler.KIND_HEARTBEAT);
        assertThat(context.requests).isEqualTo(1);
        assertThat(context.lastMethod).isEqualTo("public/test");

        assertThat(receive(HEARTBEAT)).isEqualTo(MessageHandler.KIND_HEARTBEAT);
        assertThat(context.requests).isEqualTo(1);
        assertThat(handler.heartbeats()).isEqualTo(2);
        assertThat(handler.testRequestsAnswered()).isEqualTo(1);

        assertThat(receive(INDEX)).isEqualTo(MessageHandler.KIND_DATA);
        assertThat(listener.raw).isEqualTo(1);

        assertThat(receive(RESPONSE)).isEqualTo(MessageHandler.KIND_RESPONSE);
        assertThat(handler.responseId(message)).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\",\"x\":[1]}}",
        "{\"params\":{\"extra\":{\"a\":1},\"type\":\"test_request\"},\"method\":\"heartbeat\"}",
        "{\"method\" : \"heartbeat\" , \"params\" : { \"type\" : \"test_request\" } }"})
    void shouldAnswerTestRequestWhateverTheFieldOrder(final String heartbeat)
    {
        receive(heartbeat);

        assertThat(context.requests).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"heartbeat\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_requests\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":\"test_request\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\"}"})
    void shouldNotAnswerOtherHeartbeats(final String heartbeat)
    {
        receive(heartbeat);

        assertThat(context.requests).isZero();
    }

    @Test
    void shouldHandleTickersHeartbeatsAndOtherChannelsMillionTimesWithoutAllocating()
    {
        final String[] messages = {DeribitClientTest.TICKER_NOTIFICATION, TEST_REQUEST, HEARTBEAT, INDEX};
        final UnsafeBuffer[] buffers = new UnsafeBuffer[messages.length];
        final int[] lengths = new int[messages.length];
        for (int i = 0; i < messages.length; i++)
        {
            final byte[] bytes = messages[i].getBytes(StandardCharsets.UTF_8);
            buffers[i] = new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + bytes.length));
            buffers[i].putBytes(OFFSET, bytes);
            lengths[i] = bytes.length;
        }
        final long tickersBefore = listener.tickers;

        final Allocation.Result result = Allocation.measure(() -> receiveMany(buffers, lengths, 1_000_000));

        assertThat(result.bytes()).isZero();
        assertThat(listener.tickers - tickersBefore)
            .isEqualTo(250_000L * (result.warmUpRounds() + result.measuredRounds()));
        assertThat(context.requests).isEqualTo(listener.tickers);
        assertThat(listener.raw).isEqualTo(listener.tickers);
    }

    private void receiveMany(final UnsafeBuffer[] buffers, final int[] lengths, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int which = i & 3;
            receive(buffers[which], lengths[which]);
        }
    }

    private int receive(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + bytes.length]);
        buffer.putBytes(OFFSET, bytes);
        return receive(buffer, bytes.length);
    }

    private int receive(final DirectBuffer buffer, final int length)
    {
        message.wrap(InboundMessage.TEXT, buffer, OFFSET, length, 0L);
        if (!handler.decode(message))
        {
            throw new AssertionError("malformed: " + message.asString());
        }
        final int kind = handler.classify(message);
        if (kind != MessageHandler.KIND_RESPONSE)
        {
            handler.handle(message, context);
        }
        return kind;
    }

    private static final class CountingListener implements DeribitMarketListener
    {
        long tickers;
        long raw;
        long lastTimestampMs;

        @Override
        public void onTicker(final DeribitTicker ticker)
        {
            tickers++;
            lastTimestampMs = ticker.timestampMs();
        }

        @Override
        public void onRaw(final InboundMessage message)
        {
            raw++;
        }
    }

    private static final class CountingContext implements MessageContext
    {
        long requests;
        String lastMethod;

        @Override
        public Connection connection()
        {
            return null;
        }

        @Override
        public int reply(final CharSequence text)
        {
            return 0;
        }

        @Override
        public int reply(final DirectBuffer buffer, final int offset, final int length)
        {
            return 0;
        }

        @Override
        public int replyJson(final JsonPayload payload)
        {
            return 0;
        }

        @Override
        public long request(final String method, final JsonPayload params)
        {
            requests++;
            lastMethod = method;
            return requests;
        }

        @Override
        public void close(final int code, final String reason)
        {
        }
    }
}
