package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.InboundMessage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Findings of {@link DeribitDecodersFuzzTest} (docs/FUZZING.md, "Findings"), each reduced to named tests, both
 * fixed; the fuzzer's original inputs are now part of the replayed corpus
 * ({@code DeribitDecodersFuzzTestInputs/<method>/}) and also replayed by name here.
 * <p>
 * F1: a field whose decoder neither reads nor skips a container value leaves the parser inside that container;
 * the decoder's next {@code nextField} then throws {@link IllegalStateException} ("nextField called outside an
 * object") out of {@code decode}. On the message path that is a handler exception, so one notification with such
 * a value fails the connection instead of being counted as malformed.
 * <p>
 * F2: a subscription notification whose {@code params} name a routed channel but hold no {@code data} is
 * classified as data and handled without its channel decoder having run: a {@code book.*} channel throws
 * {@link NullPointerException} (no book yet) or re-applies the previous update; {@code ticker.*}, {@code trades.*}
 * and {@code quote.*} re-deliver the previous message's objects.
 */
class DeribitDecodersFuzzFindingsTest
{
    @Test
    void shouldNotThrowWhenBookTypeIsAnArray()
    {
        final JsonParser parser = parserOn("{\"type\":[\"snapshot\"],\"change_id\":1,\"bids\":[],\"asks\":[]}");

        assertThatCode(() -> new DeribitBookDecoder().decode(parser, new DeribitBookUpdate()))
            .doesNotThrowAnyException();
    }

    @Test
    void shouldNotThrowWhenTradeDirectionIsAnArray()
    {
        final JsonParser parser = parserOn("[{\"trade_seq\":1,\"direction\":[\"buy\"],\"price\":1}]");

        assertThatCode(() -> new DeribitTradesDecoder().decode(parser)).doesNotThrowAnyException();
    }

    @Test
    void shouldNotThrowWhenOrderFlagIsAnArray()
    {
        final String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"order_id\":\"ETH-1\",\"post_only\":[true]," +
            "\"reduce_only\":{},\"direction\":[\"buy\"]}}";
        final UnsafeBuffer buffer = new UnsafeBuffer(json.getBytes(StandardCharsets.UTF_8));
        final Response response = Response.fromJson(1L, buffer, 0, buffer.capacity());

        assertThatCode(() -> DeribitOrderParser.parse(response)).doesNotThrowAnyException();
    }

    @Test
    void shouldNotThrowWhenOrderTradesHoldAnArray()
    {
        final String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"trades\":[[{\"trade_id\":\"1\"}]]," +
            "\"order\":{\"order_id\":\"ETH-1\"}}}";
        final UnsafeBuffer buffer = new UnsafeBuffer(json.getBytes(StandardCharsets.UTF_8));
        final Response response = Response.fromJson(1L, buffer, 0, buffer.capacity());

        assertThatCode(() -> DeribitOrderParser.parse(response)).doesNotThrowAnyException();
    }

    @Test
    void shouldCountBookNotificationWithArrayTypeAsMalformedInsteadOfThrowing()
    {
        final String json = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"book.BTC-PERPETUAL.100ms\",\"data\":{\"type\":[],\"change_id\":1,\"bids\":[],\"asks\":[]}}}";
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        final DeribitMessageHandler handler = new DeribitMessageHandler(new DeribitMarketListener()
        {
        });
        final InboundMessage message = new InboundMessage().wrap(InboundMessage.TEXT, buffer, 0, bytes.length, 0L);

        assertThatCode(() -> handler.decode(message)).doesNotThrowAnyException();
    }

    @Test
    void shouldReplayTheFuzzerInputsOfFindingF1() throws IOException
    {
        final byte[] book = resource("DeribitDecodersFuzzTestInputs/book/book-F1-type-array");
        final byte[] trades = resource("DeribitDecodersFuzzTestInputs/trades/trades-F1-direction-array");
        final byte[] order = resource("DeribitDecodersFuzzTestInputs/order/order-F1-trades-nested-array");

        assertThatCode(() -> DeribitDecodersFuzzTest.bookOnce(book)).doesNotThrowAnyException();
        assertThatCode(() -> DeribitDecodersFuzzTest.tradesOnce(trades)).doesNotThrowAnyException();
        assertThatCode(() -> DeribitDecodersFuzzTest.orderOnce(order)).doesNotThrowAnyException();
    }

    @Test
    void shouldNotThrowWhenBookNotificationHasNoData()
    {
        final DeribitHandlerHarness harness = new DeribitHandlerHarness();
        final String json = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":" +
            "{\"channel\":\"book.BTC-PERPETUAL.100ms\"}}";

        // Refused as malformed by decode (the engine counts it), so never handled: before the fix decode passed and
        // handle threw NullPointerException.
        assertThat(harness.decodes(json)).as("decodes").isFalse();
        assertThat(harness.listener.books).isZero();
    }

    @Test
    void shouldNotRedeliverPreviousTradesWhenNotificationHasNoData()
    {
        final DeribitHandlerHarness harness = new DeribitHandlerHarness();
        harness.receive(DeribitHandlerHarness.REFERENCE_TRADES);
        final long trades = harness.listener.tradeCount;

        assertThat(harness.decodes("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":" +
            "{\"channel\":\"trades.BTC-PERPETUAL.100ms\"}}")).as("decodes").isFalse();
        assertThat(harness.listener.tradeCount).as("trades delivered").isEqualTo(trades);
    }

    @Test
    void shouldReplayTheFuzzerInputOfFindingF2() throws IOException
    {
        final byte[] lines =
            resource("DeribitDecodersFuzzTestInputs/messageHandler/messageHandler-F2-book-channel-without-data");

        assertThatCode(() -> DeribitDecodersFuzzTest.messageHandlerOnce(lines)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseBookTypeThatIsAnObjectInsteadOfReadingItsFieldsAsTheUpdates()
    {
        // Before the fix the nested fields were read as the update's own: a valid snapshot with change_id 5.
        final JsonParser parser =
            parserOn("{\"type\":{\"type\":\"snapshot\",\"change_id\":5},\"bids\":[],\"asks\":[]}");

        assertThat(new DeribitBookDecoder().decode(parser, new DeribitBookUpdate())).isFalse();
    }

    @Test
    void shouldSkipAloneATradeWhoseDirectionOrPriceIsAnObject()
    {
        final JsonParser parser = parserOn("[{\"trade_seq\":1,\"direction\":{\"price\":5},\"price\":1}," +
            "{\"trade_seq\":2,\"price\":{\"trade_seq\":9},\"amount\":1},{\"trade_seq\":3,\"price\":7}]");
        final DeribitTradesDecoder decoder = new DeribitTradesDecoder();

        assertThat(decoder.decode(parser)).isTrue();
        assertThat(decoder.count()).isEqualTo(1);
        assertThat(decoder.trade(0).tradeSeq()).isEqualTo(3L);
        assertThat(decoder.trade(0).price().mantissa()).isEqualTo(7L);
        assertThat(decoder.skippedInMessage()).isEqualTo(2);
    }

    @Test
    void shouldRefuseOrderWhoseDirectionOrFlagIsAnObjectInsteadOfReadingItsFieldsAsTheOrders()
    {
        // Before the fix the nested order_id replaced the order's own.
        assertThat(DeribitOrderParser.parse(
            response("{\"order_id\":\"ETH-1\",\"direction\":{\"order_id\":\"X\"}}"))).isNull();
        assertThat(DeribitOrderParser.parse(
            response("{\"order_id\":\"ETH-1\",\"post_only\":{\"order_id\":\"X\"}}"))).isNull();
        assertThat(DeribitOrderParser.parse(response("{\"order_id\":\"ETH-1\",\"reduce_only\":\"yes\"}")))
            .isNull();
        assertThat(DeribitOrderParser.parse(
            response("{\"trades\":[{},7],\"order\":{\"order_id\":\"ETH-1\"}}"))).isNull();
        assertThat(DeribitOrderParser.parse(response("{\"order_id\":\"ETH-1\",\"direction\":\"buy\"," +
            "\"post_only\":true,\"reduce_only\":null,\"trades\":[]}")).direction()).isEqualTo(DeribitDirection.BUY);
    }

    @Test
    void shouldSkipEnvelopeMethodOrChannelThatIsAnObject()
    {
        final DeribitMessageDecoder decoder = new DeribitMessageDecoder();
        final String ticker =
            "\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\",\"data\":{\"timestamp\":1}}";

        assertThat(decode(decoder, "{\"method\":{\"method\":\"subscription\"}," + ticker + "}"))
            .isEqualTo(DeribitMessageDecoder.NOT_A_SUBSCRIPTION);
        assertThat(decode(decoder, "{\"method\":\"subscription\",\"params\":{\"channel\":" +
            "{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"},\"data\":{\"timestamp\":1}}}"))
            .isEqualTo(DeribitMessageDecoder.OTHER_CHANNEL);
        assertThat(decode(decoder, "{\"method\":\"subscription\"," + ticker + "}"))
            .isEqualTo(DeribitMessageDecoder.TICKER);
    }

    @Test
    void shouldRefuseTickerAndQuoteNotificationsWithoutData()
    {
        final DeribitHandlerHarness harness = new DeribitHandlerHarness();
        harness.receive(DeribitHandlerHarness.QUOTE);

        assertThat(harness.decodes("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":" +
            "{\"channel\":\"ticker.BTC-PERPETUAL.100ms\"}}")).isFalse();
        assertThat(harness.decodes("{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":" +
            "{\"channel\":\"quote.BTC-PERPETUAL\",\"data\":[]}}")).isFalse();
        assertThat(harness.listener.quoteCount).isEqualTo(1L);
    }

    @Test
    void shouldNeverDeliverPreviousDataWhenAChannelIsHandledWithoutASuccessfulDecode()
    {
        final DeribitHandlerHarness harness = new DeribitHandlerHarness();
        harness.receive(DeribitHandlerHarness.REFERENCE_SNAPSHOT);
        harness.receive(DeribitHandlerHarness.REFERENCE_TRADES);
        harness.receive(DeribitHandlerHarness.QUOTE);
        final long books = harness.listener.books;
        final long trades = harness.listener.tradeCount;
        final long quotes = harness.listener.quoteCount;
        final long changeId = harness.book().changeId();

        // A handle the engine would never run after a refused decode: each channel must still deliver nothing.
        for (final String channel : new String[] {"book.BTC-PERPETUAL.100ms", "trades.BTC-PERPETUAL.100ms",
            "quote.BTC-PERPETUAL", "ticker.BTC-PERPETUAL.100ms"})
        {
            final String json = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{" +
                "\"channel\":\"" + channel + "\",\"data\":7}}";
            final InboundMessage message = new InboundMessage().wrap(InboundMessage.TEXT,
                DeribitHandlerHarness.offHeap(json), DeribitHandlerHarness.OFFSET,
                DeribitHandlerHarness.length(json), 0L);
            assertThat(harness.handler.decode(message)).as(channel).isFalse();
            harness.handler.handle(message, harness.context);
        }

        assertThat(harness.listener.books).isEqualTo(books);
        assertThat(harness.listener.tradeCount).isEqualTo(trades);
        assertThat(harness.listener.quoteCount).isEqualTo(quotes);
        assertThat(harness.book().changeId()).isEqualTo(changeId);
    }

    private static int decode(final DeribitMessageDecoder decoder, final String json)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(json.getBytes(StandardCharsets.UTF_8));
        return decoder.decode(buffer, 0, buffer.capacity());
    }

    private static Response response(final String result)
    {
        final String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + result + "}";
        final UnsafeBuffer buffer = new UnsafeBuffer(json.getBytes(StandardCharsets.UTF_8));
        return Response.fromJson(1L, buffer, 0, buffer.capacity());
    }

    private static JsonParser parserOn(final String json)
    {
        final JsonParser parser = new JsonParser();
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        parser.wrap(bytes, 0, bytes.length);
        parser.nextToken();
        return parser;
    }

    private static byte[] resource(final String name) throws IOException
    {
        try (InputStream in = DeribitDecodersFuzzFindingsTest.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
