package io.wsnova.benchmarks.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsnova.adapters.deribit.DeribitMessageDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TickerMessageTest
{
    private static final long INTENDED_NS = 1_234_567_890_123_456L;
    private static final long SENT_NS = 1_234_567_890_987_654L;
    private static final long TIMESTAMP_MS = 1_623_060_199_999L;

    @ParameterizedTest
    @ValueSource(ints = {0, 450, 512, 600, 718, 800, 1024, 4096})
    void shouldHaveExactSizeAndStayDecodableWhenSizedTo(final int size)
    {
        final TickerMessage message = TickerMessage.ofSize(size);
        final byte[] payload = stamped(message);

        if (size > 0)
        {
            assertThat(payload).hasSize(size);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(payload);
        final DeribitMessageDecoder decoder = new DeribitMessageDecoder();
        assertThat(decoder.decode(buffer, 0, payload.length)).isEqualTo(DeribitMessageDecoder.TICKER);
        assertThat(decoder.ticker().timestampMs()).isEqualTo(TIMESTAMP_MS);
        assertThat(decoder.ticker().instrumentName().toString()).isEqualTo("BTC-PERPETUAL");
    }

    @Test
    void shouldCarryBothTimesReadableFromBytesTextAndJackson() throws Exception
    {
        final byte[] payload = stamped(TickerMessage.ofSize(600));
        final String text = new String(payload, StandardCharsets.US_ASCII);

        final int intended = TickerMessage.INTENDED_NS_OFFSET;
        final int sent = TickerMessage.SENT_NS_OFFSET;
        assertThat(TickerMessage.nanos(new UnsafeBuffer(payload), intended)).isEqualTo(INTENDED_NS);
        assertThat(TickerMessage.nanos(ByteBuffer.wrap(payload), intended)).isEqualTo(INTENDED_NS);
        assertThat(TickerMessage.nanos(text, intended)).isEqualTo(INTENDED_NS);
        assertThat(TickerMessage.nanos(new UnsafeBuffer(payload), sent)).isEqualTo(SENT_NS);
        assertThat(TickerMessage.nanos(ByteBuffer.wrap(payload), sent)).isEqualTo(SENT_NS);
        assertThat(TickerMessage.nanos(text, sent)).isEqualTo(SENT_NS);
        final JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.get("intended_ns").asText()).isEqualTo("0001234567890123456");
        assertThat(json.get("sent_ns").asText()).isEqualTo("0001234567890987654");
        assertThat(json.at("/params/data/best_bid_price").asDouble()).isEqualTo(36442.5);
        final JacksonTicker.Notification pojo = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .readValue(text, JacksonTicker.Notification.class);
        assertThat(pojo.params.data.timestamp).isEqualTo(TIMESTAMP_MS);
        assertThat(new JacksonTicker().decode(text)).isTrue();
    }

    @Test
    void shouldCarryBothTimesInTheTradeAsJsonNumbersDecodedByTheBinanceHandlerAndJackson() throws Exception
    {
        final TickerMessage trade = TickerMessage.trade();
        final byte[] payload = stamped(trade);
        final String text = new String(payload, StandardCharsets.US_ASCII);

        assertThat(payload).hasSize(132);
        assertThat(TickerMessage.nanos(new UnsafeBuffer(payload), trade.intendedOffset())).isEqualTo(INTENDED_NS);
        assertThat(TickerMessage.nanos(text, trade.intendedOffset())).isEqualTo(INTENDED_NS);
        assertThat(TickerMessage.nanos(ByteBuffer.wrap(payload), trade.sentOffset())).isEqualTo(SENT_NS);
        final JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.get("t").asLong()).isEqualTo(TickerMessage.TRADE_MARKER + INTENDED_NS);
        assertThat(json.get("E").asLong()).isEqualTo(TickerMessage.TRADE_MARKER + SENT_NS);
        assertThat(json.get("T").asLong()).isEqualTo(TIMESTAMP_MS);
        assertThat(new VenueDecoder(true).decode(new UnsafeBuffer(payload), 0, payload.length)).isTrue();
        assertThat(new JacksonTicker(true).decode(text)).isTrue();
        assertThat(new JacksonTicker(false).decode(text)).as("not a ticker").isFalse();
    }

    @Test
    void shouldDropFieldsInOrderWhenSizeIsBelowTheFullMessage()
    {
        final int full = TickerMessage.ofSize(0).length();

        final TickerMessage trimmed = TickerMessage.ofSize(full - 1);

        assertThat(trimmed.droppedFields()).isEqualTo(1);
        assertThat(new String(trimmed.payload(), StandardCharsets.US_ASCII)).doesNotContain("interest_value");
    }

    @Test
    void shouldRejectSizeBelowSmallestMessage()
    {
        assertThatThrownBy(() -> TickerMessage.ofSize(100))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("smallest ticker message");
    }

    @Test
    void shouldComputeAcceptKeyOfRfc6455Example()
    {
        assertThat(TickerServer.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void shouldFrameEveryPayloadLength(final int length)
    {
        final byte[] frame = TickerServer.frame(new byte[length]);

        final int headerLength = length <= 125 ? 2 : length <= 65535 ? 4 : 10;
        assertThat(frame).hasSize(headerLength + length);
        assertThat(frame[0]).isEqualTo((byte)0x81);
        final int len7 = frame[1] & 0x7F;
        assertThat(len7).isEqualTo(length <= 125 ? length : length <= 65535 ? 126 : 127);
    }

    private static byte[] stamped(final TickerMessage message)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(message.payload());
        message.stamp(buffer, 0, INTENDED_NS, TIMESTAMP_MS);
        message.stampSent(buffer, 0, SENT_NS);
        return buffer.array();
    }
}
