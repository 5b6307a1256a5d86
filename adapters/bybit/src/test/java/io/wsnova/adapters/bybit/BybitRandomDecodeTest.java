package io.wsnova.adapters.bybit;

import io.wsnova.market.OrderBook;
import io.wsnova.market.PriceLevels;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid-but-unusual Bybit messages, generated from a seed (printed; {@code -Dwsnova.seed=N} replays one): keys in
 * any order, unknown fields of every JSON type, numbers as strings or bare, in exponent form or with trailing zeros,
 * zero sizes spelled several ways, duplicate levels, empty level arrays, escaped topics, whitespace. A book fed
 * such deltas equals a {@code TreeMap} oracle after every message, and every trade of an array is delivered. Then
 * malformed variants (cut, a byte changed): counted or decoded, never an exception.
 */
class BybitRandomDecodeTest
{
    private static final int MESSAGES = 3_000;
    private static final int MALFORMED = 3_000;
    private static final String TOPIC = "orderbook.50.BTCUSDT";

    @Test
    void shouldMatchTheOracleOnUnusualButValidMessages()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("BybitRandomDecodeTest seed " + seed + " (-Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        long u = 100;
        int expectedTrades = 0;
        for (int i = 0; i < MESSAGES; i++)
        {
            if (i == 0 || random.nextInt(200) == 0)
            {
                bids.clear();
                asks.clear();
                final List<String[]> b = levels(random, bids, true, 1 + random.nextInt(15), false);
                final List<String[]> a = levels(random, asks, false, 1 + random.nextInt(15), false);
                u += 1 + random.nextInt(1000);
                assertThat(harness.receive(book(random, "snapshot", b, a, u))).as("seed %d message %d", seed, i)
                    .isZero();
            }
            else if (random.nextInt(4) == 0)
            {
                final int count = random.nextInt(4);
                final StringBuilder data = new StringBuilder("[");
                for (int t = 0; t < count; t++)
                {
                    data.append(t > 0 ? "," : "").append(object(List.of(
                        "\"p\":" + number(random, new BigDecimal(30_000 + random.nextInt(100)).movePointLeft(1)),
                        "\"v\":" + number(random, new BigDecimal(1 + random.nextInt(100)).movePointLeft(3)),
                        "\"i\":\"id-" + i + "-" + t + "\"", "\"S\":\"" + (random.nextBoolean() ? "Buy" : "Sell") + "\"",
                        "\"T\":" + (1_700_000_000_000L + i)), random));
                }
                expectedTrades += count;
                assertThat(harness.receive(envelope(random, "publicTrade.BTC\\u0055SDT", "snapshot",
                    data.append(']').toString()))).isZero();
            }
            else
            {
                final List<String[]> b = levels(random, bids, true, random.nextInt(4), true);
                final List<String[]> a = levels(random, asks, false, random.nextInt(4), true);
                u++;
                assertThat(harness.receive(book(random, "delta", b, a, u))).as("seed %d message %d", seed, i)
                    .isZero();
            }
            final OrderBook book = harness.handler.book(TOPIC);
            assertThat(text(book.bids())).as("bids, seed %d message %d", seed, i).isEqualTo(text(bids));
            assertThat(text(book.asks())).as("asks, seed %d message %d", seed, i).isEqualTo(text(asks));
        }
        assertThat(harness.listener.trades).hasSize(expectedTrades);
        assertThat(harness.adapter.counters().malformedMessages()).isZero();
        assertThat(harness.adapter.counters().bookGaps()).isZero();
    }

    @Test
    void shouldCountMalformedMessagesWithoutThrowing()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("BybitRandomDecodeTest malformed seed " + seed + " (-Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final BybitHandlerHarness harness = new BybitHandlerHarness(BybitCategory.LINEAR);
        final String[] samples = {
            book(random, "snapshot", List.<String[]>of(new String[] {"\"1.5\"", "\"2\""}), List.of(), 5),
            book(random, "delta", List.<String[]>of(new String[] {"\"1.5\"", "\"0\""}), List.of(), 6),
            envelope(random, "publicTrade.BTCUSDT", "snapshot",
                "[{\"p\":\"1\",\"v\":\"2\",\"i\":\"x\",\"S\":\"Buy\"}]"),
            envelope(random, "tickers.BTCUSDT", "delta", "{\"markPrice\":\"1.25\",\"nextFundingTime\":\"17\"}"),
            "{\"success\":false,\"ret_msg\":\"error\",\"req_id\":\"3\",\"op\":\"subscribe\"}",
        };
        int refused = 0;
        for (int i = 0; i < MALFORMED; i++)
        {
            final byte[] bytes = samples[random.nextInt(samples.length)].getBytes();
            final int length = random.nextBoolean() ? random.nextInt(bytes.length) : bytes.length;
            if (length == bytes.length)
            {
                bytes[random.nextInt(bytes.length)] = (byte)"{}[]\",:0aZ\\ \u0001".charAt(random.nextInt(13));
            }
            final int kind = harness.receive(new String(bytes, 0, length));
            refused += kind < 0 ? 1 : 0;
        }
        assertThat(harness.adapter.counters().malformedMessages()).as("seed %d", seed).isGreaterThanOrEqualTo(refused);
        assertThat(refused).isGreaterThan(MALFORMED / 4);
    }

    private static List<String[]> levels(final SplittableRandom random, final TreeMap<BigDecimal, BigDecimal> side,
        final boolean bid, final int count, final boolean delta)
    {
        final List<String[]> levels = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final BigDecimal price = new BigDecimal(bid ? 29_000 + random.nextInt(900) : 30_100 + random.nextInt(900))
                .movePointLeft(1);
            final boolean delete = delta && (random.nextInt(3) == 0 || side.containsKey(price) && random.nextBoolean());
            final BigDecimal size = delete ? BigDecimal.ZERO :
                new BigDecimal(1 + random.nextInt(99_999)).movePointLeft(3);
            if (delete)
            {
                side.remove(price);
                levels.add(new String[] {number(random, price),
                    List.of("\"0\"", "\"0.000\"", "0", "\"0E-3\"", "0.0").get(random.nextInt(5))});
            }
            else
            {
                side.put(price, size);
                levels.add(new String[] {number(random, price), number(random, size)});
            }
        }
        return levels;
    }

    private static String number(final SplittableRandom random, final BigDecimal value)
    {
        final String text = switch (random.nextInt(4))
        {
            case 0 -> value.toPlainString();
            case 1 -> value.setScale(value.scale() + 2).toPlainString();
            case 2 -> value.unscaledValue() + "E-" + value.scale();
            default -> value.unscaledValue() + "e" + (-value.scale());
        };
        return random.nextInt(4) == 0 ? text : "\"" + text + "\"";
    }

    private static String book(final SplittableRandom random, final String type, final List<String[]> bids,
        final List<String[]> asks, final long u)
    {
        final String data = object(List.of("\"s\":\"BTCUSDT\"", "\"b\":" + array(bids), "\"a\":" + array(asks),
            "\"u\":" + u, "\"seq\":" + (u * 7)), random);
        return envelope(random, random.nextBoolean() ? TOPIC : "orderbook.50.\\u0042TCUSDT", type, data);
    }

    private static String envelope(final SplittableRandom random, final String topic, final String type,
        final String data)
    {
        return object(List.of("\"topic\":\"" + topic + "\"", "\"type\":\"" + type + "\"",
            "\"ts\":1687940967466", "\"data\":" + data, "\"cts\":1687940967464"), random);
    }

    private static String array(final List<String[]> levels)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < levels.size(); i++)
        {
            text.append(i > 0 ? "," : "").append('[').append(levels.get(i)[0]).append(" , ").append(levels.get(i)[1])
                .append(']');
        }
        return text.append(']').toString();
    }

    /** The fields in a random order, with unknown fields of every type mixed in. */
    private static String object(final List<String> fields, final SplittableRandom random)
    {
        final List<String> all = new ArrayList<>(fields);
        final String[] unknown = {"\"x\":null", "\"y\":[1,{\"p\":\"z\"},[]]", "\"z\":{\"u\":1,\"b\":[[\"1\",\"2\"]]}",
            "\"w\":\"\\\"quoted\\\" \\u00e9\"", "\"v2\":-1.5e+300", "\"t\":true"};
        for (int i = random.nextInt(3); i > 0; i--)
        {
            all.add(unknown[random.nextInt(unknown.length)]);
        }
        Collections.shuffle(all, new java.util.Random(random.nextLong()));
        return "{" + String.join(random.nextBoolean() ? "," : " ,\n\t", all) + "}";
    }

    private static String text(final PriceLevels side)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < side.depth(); i++)
        {
            text.append(new BigDecimal(side.price(i).toString()).stripTrailingZeros().toPlainString()).append(':')
                .append(new BigDecimal(side.size(i).toString()).stripTrailingZeros().toPlainString()).append(' ');
        }
        return text.toString();
    }

    private static String text(final TreeMap<BigDecimal, BigDecimal> side)
    {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<BigDecimal, BigDecimal> level : side.entrySet())
        {
            text.append(level.getKey().stripTrailingZeros().toPlainString()).append(':')
                .append(level.getValue().stripTrailingZeros().toPlainString()).append(' ');
        }
        return text.toString();
    }
}
