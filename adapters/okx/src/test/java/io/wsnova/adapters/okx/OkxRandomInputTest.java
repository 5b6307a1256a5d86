package io.wsnova.adapters.okx;

import io.wsnova.market.OrderBook;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid-but-unusual and malformed OKX messages, generated from a seed (printed; {@code -Dwsnova.seed=N} replays):
 * book messages with keys in any order, unknown fields, numbers as strings or bare JSON numbers, extra level fields,
 * duplicate levels, zero sizes, {@code data} before {@code arg}; the book must equal a {@link TreeMap} model after
 * every message. Then the same messages cut or corrupted anywhere: counted as malformed or decoded, never an
 * exception.
 */
class OkxRandomInputTest
{
    private static final int MESSAGES = 1_500;
    private static final String NOISE = "{}[]\",:0a-\\\u0000 e.";

    @Test
    void shouldKeepTheBookEqualToAModelWhateverValidFormTheMessagesTake()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("OkxRandomInputTest seed " + seed + " (replay with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final OkxHandlerHarness harness = new OkxHandlerHarness();
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        long seqId = 100;
        for (int i = 0; i < MESSAGES; i++)
        {
            final boolean snapshot = i == 0 || random.nextInt(200) == 0;
            if (snapshot)
            {
                bids.clear();
                asks.clear();
            }
            final String bidLevels = levels(random, bids, snapshot);
            final String askLevels = levels(random, asks, snapshot);
            final long next = seqId + 1 + random.nextInt(50);
            final List<String> fields = new ArrayList<>(List.of(
                "\"bids\":" + bidLevels, "\"asks\":" + askLevels, "\"ts\":" + quoted(random, "1629966436396"),
                "\"checksum\":0", "\"prevSeqId\":" + (snapshot ? -1 : seqId), "\"seqId\":" + next));
            if (random.nextBoolean())
            {
                fields.add("\"unknownField\":{\"a\":[1,{\"b\":null}],\"c\":\"\\u0041\"}");
            }
            Collections.shuffle(fields, new java.util.Random(random.nextLong()));
            final List<String> envelope = new ArrayList<>(List.of(
                "\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}",
                "\"action\":\"" + (snapshot ? "snapshot" : "update") + "\"",
                "\"data\":[{" + String.join(",", fields) + "}]"));
            Collections.shuffle(envelope, new java.util.Random(random.nextLong()));
            final String message = "{" + String.join(random.nextBoolean() ? "," : " , ", envelope) + "}";
            seqId = next;

            harness.feed(message);

            final OrderBook book = harness.handler.book("books:BTC-USDT");
            assertThat(side(book.bids())).as("bids after %s", message).isEqualTo(bids);
            assertThat(side(book.asks())).as("asks after %s", message).isEqualTo(asks);
        }
        assertThat(harness.adapter.counters().malformedMessages()).isZero();
        assertThat(harness.adapter.counters().sequenceGaps()).isZero();
    }

    @Test
    void shouldCountMalformedMessagesAndNeverThrow()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("OkxRandomInputTest malformed seed " + seed + " (replay with -Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final OkxHandlerHarness harness = new OkxHandlerHarness();
        final String[] samples = {
            OkxMessageHandlerTest.books("snapshot", "[[\"41006.8\",\"0.6\",\"0\",\"1\"]]", "[[\"41006.3\",\"1\"]]", 0,
                -1, 5),
            OkxMessageHandlerTest.books("update", "[[\"41006.8\",\"0\",\"0\",\"1\"]]", "[]", 0, 5, 9),
            OkxMessageHandlerTest.trade("12", "1.5", "2", "sell"),
            "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"instType\":\"SWAP\"," +
                "\"last\":\"9999.5\",\"bidPx\":\"1\",\"bidSz\":\"2\",\"askPx\":\"3\",\"askSz\":\"4\",\"ts\":\"1\"}]}",
            "{\"event\":\"error\",\"code\":\"60012\",\"msg\":\"Invalid request\"}",
        };
        long refused = 0;
        for (int i = 0; i < MESSAGES; i++)
        {
            final byte[] bytes = samples[random.nextInt(samples.length)].getBytes(StandardCharsets.UTF_8);
            final int length;
            if (random.nextBoolean())
            {
                length = random.nextInt(bytes.length);
            }
            else
            {
                length = bytes.length;
                bytes[random.nextInt(bytes.length)] = (byte)NOISE.charAt(random.nextInt(NOISE.length()));
            }
            if (harness.feed(bytes, length) < 0)
            {
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(harness.adapter.counters().malformedMessages()).isGreaterThanOrEqualTo(refused);
    }

    private static String levels(final SplittableRandom random, final TreeMap<BigDecimal, BigDecimal> model,
        final boolean snapshot)
    {
        final StringBuilder text = new StringBuilder("[");
        final int count = snapshot ? random.nextInt(30) : random.nextInt(5);
        for (int i = 0; i < count; i++)
        {
            final BigDecimal price = BigDecimal.valueOf(30_000 + random.nextInt(60), random.nextInt(3));
            final boolean delete = !snapshot && random.nextInt(4) == 0;
            final BigDecimal size = delete ? BigDecimal.ZERO : BigDecimal.valueOf(1 + random.nextInt(100_000),
                random.nextInt(6));
            if (delete)
            {
                model.remove(price);
            }
            else
            {
                model.put(price, size);
            }
            text.append(i == 0 ? "" : ",").append('[').append(quoted(random, price.toPlainString())).append(',')
                .append(quoted(random, delete && random.nextBoolean() ? "0.000" : size.toPlainString()));
            if (random.nextBoolean())
            {
                text.append(",\"0\",\"").append(random.nextInt(9)).append('"');
            }
            text.append(']');
        }
        return text.append(']').toString();
    }

    private static String quoted(final SplittableRandom random, final String number)
    {
        return random.nextInt(4) == 0 ? number : "\"" + number + "\"";
    }

    private static Map<BigDecimal, BigDecimal> side(final io.wsnova.market.PriceLevels levels)
    {
        final TreeMap<BigDecimal, BigDecimal> side = new TreeMap<>();
        for (int i = 0; i < levels.depth(); i++)
        {
            side.put(new BigDecimal(levels.price(i).toString()), new BigDecimal(levels.size(i).toString()));
        }
        return side;
    }
}
