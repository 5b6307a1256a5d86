package io.wsnova.adapters.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsnova.codec.json.Decimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeribitMessageDecoderTest
{
    static final String TICKER_DATA =
        "{\"best_ask_amount\":100,\"best_ask_price\":36443,\"best_bid_amount\":5000,\"best_bid_price\":36442.5," +
        "\"current_funding\":0,\"estimated_delivery_price\":36441.64,\"funding_8h\":2.11e-05," +
        "\"index_price\":36441.64," +
        "\"instrument_name\":\"BTC-PERPETUAL\",\"interest_value\":1.7362511643080387,\"last_price\":36457.5," +
        "\"mark_price\":36446.51,\"max_price\":36991.72,\"min_price\":35898.37,\"open_interest\":502097590," +
        "\"settlement_price\":36169.49,\"state\":\"open\"," +
        "\"stats\":{\"high\":36824.5,\"low\":35213.5,\"price_change\":0.7229,\"volume\":7871.02139035," +
        "\"volume_usd\":284061480}," +
        "\"timestamp\":1623060194301}";
    static final String TICKER_NOTIFICATION =
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"," +
        "\"data\":" + TICKER_DATA + "}}";

    private final DeribitMessageDecoder decoder = new DeribitMessageDecoder();

    static List<String> fieldOrderPermutations()
    {
        final String method = "\"method\":\"subscription\"";
        final String jsonrpc = "\"jsonrpc\":\"2.0\"";
        final String channel = "\"channel\":\"ticker.BTC-PERPETUAL.100ms\"";
        final String data = "\"data\":" + TICKER_DATA;
        final List<String> messages = new ArrayList<>();
        for (final String params : List.of("{" + channel + "," + data + "}", "{" + data + "," + channel + "}",
            "{\"extra\":[1,{\"a\":null}]," + data + ",\"label\":\"x\"," + channel + "}"))
        {
            messages.add("{" + jsonrpc + "," + method + ",\"params\":" + params + "}");
            messages.add("{\"params\":" + params + "," + method + "," + jsonrpc + "}");
            messages.add("{" + method + ",\"params\":" + params + "," + jsonrpc + ",\"usIn\":1}");
        }
        messages.add(" \n{ \"jsonrpc\" : \"2.0\" , \"method\" : \"subscription\" , \"params\" : { \"channel\" : " +
            "\"ticker.BTC-PERPETUAL.100ms\" , \"data\" : " + TICKER_DATA.replace(",", " ,\n ") + " } } \r\n");
        return messages;
    }

    @Test
    void shouldDecodeReferenceTickerIntoExactFieldValues()
    {
        final int result = decode(TICKER_NOTIFICATION);

        assertThat(result).isEqualTo(DeribitMessageDecoder.TICKER);
        assertReferenceTicker(decoder.ticker());
    }

    @ParameterizedTest
    @MethodSource("fieldOrderPermutations")
    void shouldDecodeTickerWhateverTheFieldOrder(final String message)
    {
        final int result = decode(message);

        assertThat(result).as(decoder.errorDescription()).isEqualTo(DeribitMessageDecoder.TICKER);
        assertReferenceTicker(decoder.ticker());
    }

    @Test
    void shouldDecodeTickerDataFieldsInShuffledOrder()
    {
        final long seed = System.nanoTime();
        System.out.println("DeribitMessageDecoderTest seed=" + seed);
        final Random random = new Random(seed);
        final int statsStart = TICKER_DATA.indexOf("\"stats\"");
        final int statsEnd = TICKER_DATA.indexOf('}', statsStart) + 1;
        final String stats = TICKER_DATA.substring(statsStart, statsEnd);
        final String rest = TICKER_DATA.substring(1, statsStart) + TICKER_DATA.substring(statsEnd + 1,
            TICKER_DATA.length() - 1);
        final List<String> fields = new ArrayList<>(List.of(rest.split(",")));
        fields.add(stats);
        for (int i = 0; i < 20; i++)
        {
            java.util.Collections.shuffle(fields, random);
            final String data = "{" + String.join(",", fields) + "}";
            final String message = "{\"method\":\"subscription\",\"params\":{" +
                "\"channel\":\"ticker.BTC-PERPETUAL.100ms\",\"data\":" + data + "},\"jsonrpc\":\"2.0\"}";

            assertThat(decode(message)).as(message).isEqualTo(DeribitMessageDecoder.TICKER);
            assertReferenceTicker(decoder.ticker());
        }
    }

    @Test
    void shouldDecodeTickerVariantsAlikeOnTheFastAndGeneralPaths()
    {
        // The decimal-field fast path reads only compact fields; a space after every '{' and ',' sends every field
        // through nextField. Both spellings of each generated variant (fields dropped, repeated, unknown or
        // reordered, escaped names, other number forms, truncated) must give the same result and ticker.
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("DeribitMessageDecoderTest variants seed=" + seed + " (rerun with -Dwsnova.seed=" + seed +
            ")");
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        final String[] numbers = {"0", "-0", "1", "-1.5", "36442.50", "3.64425E+4", "2.11e-05", "1e3", "01", "1.",
            "-", "123456789012345678", "1234567890123456789", "0.0000000000000000001", "null", "\"36442.5\"",
            "true", "{}", "[1]", "\"x\""};
        final DeribitMessageDecoder general = new DeribitMessageDecoder();
        final String data = TICKER_DATA.substring(1, TICKER_DATA.length() - 1);
        final String stats = data.substring(data.indexOf("\"stats\""), data.indexOf('}') + 1);
        final List<String> reference = new ArrayList<>(List.of(data.replace(stats + ",", "").split(",")));
        reference.add(reference.size() - 1, stats);
        for (int m = 0; m < 400; m++)
        {
            final List<String> fields = new ArrayList<>(reference);
            for (int k = random.nextInt(4); k > 0; k--)
            {
                final int i = random.nextInt(fields.size());
                final String field = fields.get(i);
                final String name = field.substring(0, field.indexOf(':'));
                switch (random.nextInt(6))
                {
                    case 0 -> fields.remove(i);
                    case 1 -> fields.add(random.nextInt(fields.size() + 1), field);
                    case 2 -> fields.add(random.nextInt(fields.size() + 1), "\"greeks\":{\"a\":[1,\"\\\"}\"]}");
                    case 3 -> fields.add(random.nextInt(fields.size()), fields.remove(i));
                    case 4 -> fields.set(i, name.replace("_", "\\u005f") + field.substring(name.length()));
                    default -> fields.set(i, name + ":" + numbers[random.nextInt(numbers.length)]);
                }
            }
            final String compact = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
                "\"ticker.BTC-PERPETUAL.100ms\",\"data\":{" + String.join(",", fields) + "}}}";
            final String spaced = compact.replace("{", "{ ").replace(",", ", ");
            final int cut = random.nextInt(8) == 0 ? random.nextInt(compact.length()) : compact.length();
            final String fastMessage = compact.substring(0, cut);
            final String generalMessage = cut == compact.length() ? spaced :
                fastMessage.replace("{", "{ ").replace(",", ", ");
            final int fastResult = decode(fastMessage);
            final UnsafeBuffer buffer = offHeap(generalMessage, 5);
            final int generalResult =
                general.decode(buffer, 5, generalMessage.getBytes(StandardCharsets.UTF_8).length);
            assertThat(fastResult).as("seed=" + seed + " " + fastMessage).isEqualTo(generalResult);
            if (fastResult == DeribitMessageDecoder.TICKER)
            {
                assertThat(decoder.ticker().toString()).as("seed=" + seed + " " + fastMessage)
                    .isEqualTo(general.ticker().toString());
            }
            assertThat(decoder.inexactNumberCount()).as("seed=" + seed + " " + fastMessage)
                .isEqualTo(general.inexactNumberCount());
        }
    }

    @Test
    void shouldDecodeNullLastPriceAsNullDecimal()
    {
        final int result = decode(TICKER_NOTIFICATION.replace("\"last_price\":36457.5", "\"last_price\":null"));

        assertThat(result).isEqualTo(DeribitMessageDecoder.TICKER);
        assertThat(decoder.ticker().lastPrice().isNull()).isTrue();
        assertThat(decoder.ticker().markPrice()).isEqualTo(new Decimal(3644651, 2));
    }

    @Test
    void shouldClearFieldsAbsentFromTheNextTicker()
    {
        decode(TICKER_NOTIFICATION);

        final int result = decode("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"ticker.ETH-PERPETUAL.100ms\",\"data\":{\"instrument_name\":\"ETH-PERPETUAL\",\"state\":\"closed\"," +
            "\"greeks\":{\"delta\":0.5},\"timestamp\":1}}}");

        final DeribitTicker ticker = decoder.ticker();
        assertThat(result).isEqualTo(DeribitMessageDecoder.TICKER);
        assertThat(ticker.instrumentName().toString()).isEqualTo("ETH-PERPETUAL");
        assertThat(ticker.state()).isEqualTo(DeribitTicker.STATE_CLOSED);
        assertThat(ticker.timestampMs()).isEqualTo(1L);
        assertThat(ticker.bestBidPrice().isNull()).isTrue();
        assertThat(ticker.statsHigh().isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"book.BTC-PERPETUAL.100ms\"," +
            "\"data\":{\"type\":\"snapshot\",\"timestamp\":1554373962454,\"instrument_name\":\"BTC-PERPETUAL\"," +
            "\"change_id\":297217,\"bids\":[[\"new\",5042.34,30]],\"asks\":[[\"new\",5042.64,40]]}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"trades.BTC-PERPETUAL.100ms\"," +
            "\"data\":[{\"trade_seq\":30289442,\"price\":8950,\"direction\":\"sell\",\"amount\":10}]}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"data\":{\"timestamp\":1535098298227," +
            "\"price\":6521.17,\"index_name\":\"btc_usd\"},\"channel\":\"deribit_price_index.btc_usd\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
            "\"channel\":\"incremental_ticker.BTC-PERPETUAL\",\"data\":{\"timestamp\":1}}}",
    })
    void shouldClassifyOtherChannels(final String message)
    {
        assertThat(decode(message)).isEqualTo(DeribitMessageDecoder.OTHER_CHANNEL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3600,\"result\":[\"deribit_price_index.btc_usd\"]}",
        "{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":10028,\"message\":\"too_many_requests\"},\"usIn\":0}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"channel\":\"ticker.X.raw\",\"data\":{}}}",
        "{}",
    })
    void shouldClassifyMessagesThatAreNotSubscriptions(final String message)
    {
        assertThat(decode(message)).isEqualTo(DeribitMessageDecoder.NOT_A_SUBSCRIPTION);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\"",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"," +
            "\"data\":{\"best_bid_price\":36442.5x}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"," +
            "\"data\":{\"timestamp\":\"soon\"}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"," +
            "\"data\":[1,2]}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"data\":{\"timestamp\":1.5}," +
            "\"channel\":\"ticker.BTC-PERPETUAL.100ms\"}}",
        "{\"jsonrpc\":\"2.0\"} trailing",
    })
    void shouldReturnErrorWhenMessageIsMalformed(final String message)
    {
        assertThat(decode(message)).isEqualTo(DeribitMessageDecoder.ERROR);
        assertThat(decoder.errorDescription()).isNotBlank();
        assertThat(decoder.errorOffset()).isBetween(-1, message.length());
    }

    @Test
    void shouldReportErrorOffsetInsideDeferredDataRelativeToMessageStart()
    {
        final String message = "{\"method\":\"subscription\",\"params\":{\"data\":{\"timestamp\":1.5}," +
            "\"channel\":\"ticker.BTC-PERPETUAL.100ms\"}}";

        assertThat(decode(message)).isEqualTo(DeribitMessageDecoder.ERROR);
        assertThat(decoder.errorOffset()).isEqualTo(message.indexOf("1.5"));
    }

    @Test
    void shouldReturnErrorForEveryTruncationOfTheTicker()
    {
        for (int length = 0; length < TICKER_NOTIFICATION.length(); length++)
        {
            assertThat(decode(TICKER_NOTIFICATION.substring(0, length))).isEqualTo(DeribitMessageDecoder.ERROR);
        }
    }

    static void assertReferenceTicker(final DeribitTicker ticker)
    {
        assertThat(ticker.instrumentName().toString()).isEqualTo("BTC-PERPETUAL");
        assertThat(ticker.timestampMs()).isEqualTo(1623060194301L);
        assertThat(ticker.state()).isEqualTo(DeribitTicker.STATE_OPEN);
        assertDecimal(ticker.bestAskAmount(), 100, 0);
        assertDecimal(ticker.bestAskPrice(), 36443, 0);
        assertDecimal(ticker.bestBidAmount(), 5000, 0);
        assertDecimal(ticker.bestBidPrice(), 364425, 1);
        assertDecimal(ticker.currentFunding(), 0, 0);
        assertDecimal(ticker.estimatedDeliveryPrice(), 3644164, 2);
        assertDecimal(ticker.funding8h(), 211, 7);
        assertDecimal(ticker.indexPrice(), 3644164, 2);
        assertDecimal(ticker.interestValue(), 17362511643080387L, 16);
        assertDecimal(ticker.lastPrice(), 364575, 1);
        assertDecimal(ticker.markPrice(), 3644651, 2);
        assertDecimal(ticker.maxPrice(), 3699172, 2);
        assertDecimal(ticker.minPrice(), 3589837, 2);
        assertDecimal(ticker.openInterest(), 502097590, 0);
        assertDecimal(ticker.settlementPrice(), 3616949, 2);
        assertDecimal(ticker.statsHigh(), 368245, 1);
        assertDecimal(ticker.statsLow(), 352135, 1);
        assertDecimal(ticker.statsPriceChange(), 7229, 4);
        assertDecimal(ticker.statsVolume(), 787102139035L, 8);
        assertDecimal(ticker.statsVolumeUsd(), 284061480, 0);
        assertThat(ticker.funding8h().toString()).isEqualTo("0.0000211");
    }

    static UnsafeBuffer offHeap(final String message, final int offset)
    {
        final byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(offset + bytes.length + 8));
        buffer.putBytes(offset, bytes);
        return buffer;
    }

    private int decode(final String message)
    {
        final UnsafeBuffer buffer = offHeap(message, 5);
        return decoder.decode(buffer, 5, message.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void assertDecimal(final Decimal actual, final long mantissa, final int scale)
    {
        assertThat(actual.isNull()).isFalse();
        assertThat(actual.mantissa()).isEqualTo(mantissa);
        assertThat(actual.scale()).isEqualTo(scale);
    }
}
