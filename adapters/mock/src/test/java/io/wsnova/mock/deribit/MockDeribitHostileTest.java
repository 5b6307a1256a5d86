package io.wsnova.mock.deribit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile mode against an independent RFC 6455 client (Java-WebSocket, which refuses invalid frames): every
 * message it reads is valid JSON, the same market is served (a book rebuilt from the hostile notifications equals
 * the exchange's book), and every notification counted as written reaches the client across a drop.
 */
@Timeout(60)
class MockDeribitHostileTest
{
    private static final String BTC_BOOK = "book.BTC-PERPETUAL.100ms";
    private static final String ETH_TRADES = "trades.ETH-PERPETUAL.100ms";
    private static final long SEED = Long.getLong("wsnova.seed", System.nanoTime());

    private final List<MockDeribitExchange> exchanges = new ArrayList<>();
    private final List<MockClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        clients.forEach(MockClient::closeQuietly);
        exchanges.forEach(MockDeribitExchange::close);
    }

    @Test
    void shouldServeTheSameBookInEveryHostileFormThroughValidFrames() throws InterruptedException
    {
        System.out.println("MockDeribitHostileTest seed=" + SEED + " (-Dwsnova.seed=" + SEED + ")");
        // Without EXTRA_FIELDS, the one source of non-ASCII text: Java-WebSocket 1.6.0 checks a first text fragment
        // as if it were a whole message (Draft_6455.processFrameContinuousAndNonFin) and closes with 1007 when a
        // valid multi-byte character is split across fragments, which RFC 6455 allows and the mock does.
        final MockDeribitExchange exchange = givenHostileExchange(EnumSet.complementOf(
            EnumSet.of(MockHostileFeature.LATE_RESPONSES, MockHostileFeature.EXTRA_FIELDS)), 0);
        final MockClient client = givenSubscribed(exchange, BTC_BOOK, ETH_TRADES);
        final ClientBook btc = new ClientBook();
        for (int i = 0; i < 400; i++)
        {
            final Object data = client.nextData(BTC_BOOK);
            assertThat(btc.apply(data)).as("no gap at %s after %s; skipped %s; %s", data, btc.lastChangeId,
                exchange.stats().notificationsSkipped(), exchange.hostileStats()).isTrue();
        }
        exchange.pauseMarketData();
        final MockBookSnapshot mock = exchange.book("BTC-PERPETUAL");
        while (btc.lastChangeId < mock.changeId())
        {
            final Object data = client.nextData(BTC_BOOK);
            assertThat(data).as("at %s of %s: open %s, close %s %s; %s", btc.lastChangeId, mock.changeId(),
                client.isOpen(), client.closeCode, client.closeReason, exchange.hostileStats()).isNotNull();
            assertThat(btc.apply(data)).as("no gap at %s after %s; skipped %s", data, btc.lastChangeId,
                exchange.stats().notificationsSkipped()).isTrue();
        }

        assertThat(btc.lastChangeId).isEqualTo(mock.changeId());
        assertThat(normalised(ClientBook.levels(btc.bids))).isEqualTo(ClientBook.levels(mock.bids()));
        assertThat(normalised(ClientBook.levels(btc.asks))).isEqualTo(ClientBook.levels(mock.asks()));
        assertThat(client.unparseable).as("every message valid JSON").isEmpty();
        assertThat(client.isOpen()).as("no protocol error: " + client.closeReason).isTrue();
        final MockHostileStats stats = exchange.hostileStats();
        assertThat(stats.fragmentedMessages()).as(stats.toString()).isPositive();
        assertThat(stats.continuationFrames()).isPositive();
        assertThat(stats.rewrittenMessages()).isPositive();
        assertThat(stats.coalescedBatches() + stats.socketWrites()).isPositive();
    }

    @Test
    void shouldDeliverEveryNotificationCountedAsWrittenWhenItDropsTheConnection() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenHostileExchange(EnumSet.of(MockHostileFeature.FRAGMENTATION,
            MockHostileFeature.COALESCING, MockHostileFeature.CONTROL_FRAMES, MockHostileFeature.NUMBER_FORMS), 0);
        final MockClient client = givenSubscribed(exchange, ETH_TRADES);
        for (int i = 0; i < 50; i++)
        {
            assertThat(client.nextData(ETH_TRADES)).isNotNull();
        }

        assertThat(exchange.dropConnections()).isEqualTo(1);

        assertThat(client.awaitClosed(10_000)).isTrue();
        final List<Long> received = new ArrayList<>();
        for (final String frame : client.frames)
        {
            final Object data = MockTestSupport.path(MockJson.parse(frame), "params", "data");
            if (data instanceof List<?> trades)
            {
                for (final Object trade : trades)
                {
                    received.add(((BigDecimal)Objects.requireNonNull(MockTestSupport.path(trade, "trade_seq")))
                        .longValueExact());
                }
            }
        }
        final long[] written = exchange.hostileStats().tradeSeqsWritten("ETH-PERPETUAL");
        assertThat(received).as("every trade written was read").containsExactly(
            java.util.Arrays.stream(written).boxed().toArray(Long[]::new));
        assertThat(exchange.hostileStats().drops()).isEqualTo(1);
    }

    @Test
    void shouldRewriteJsonIntoTheSameValue()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final MockHostileJson json = new MockHostileJson(random, EnumSet.allOf(MockHostileFeature.class));
        final String[] texts = {
            "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"book.BTC-PERPETUAL.100ms\"," +
                "\"data\":{\"type\":\"change\",\"timestamp\":1700000000000,\"prev_change_id\":1000001," +
                "\"change_id\":1000002,\"bids\":[[\"new\",36000.5,100],[\"delete\",35999,0]]," +
                "\"asks\":[[\"change\",0.05,7]]}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":[\"book.BTC-PERPETUAL.100ms\"],\"usIn\":1,\"usOut\":2," +
                "\"usDiff\":1,\"testnet\":true}",
            "{\"a\":-0.00002110,\"b\":[],\"c\":{},\"d\":null,\"e\":false,\"f\":\"caf\u00e9/x\"}",
        };
        for (int i = 0; i < 3_000; i++)
        {
            final String text = texts[i % texts.length];
            final String rewritten = json.rewrite(text);
            final Object value = MockJson.parse(rewritten);
            assertThat(value).as(rewritten).isNotSameAs(MockJson.INVALID);
            assertThat(same(MockJson.parse(text), value)).as(text + "\n->\n" + rewritten).isTrue();
            if (text.contains("\"id\":42"))
            {
                assertThat(((Map<?, ?>)value).get("id")).isEqualTo(new BigDecimal("42"));
            }
        }
    }

    /**
     * {@code price@amount} with the amount's trailing zeros (a hostile form) folded away.
     */
    private static List<String> normalised(final List<String> levels)
    {
        final List<String> texts = new ArrayList<>(levels.size());
        for (final String level : levels)
        {
            final int at = level.indexOf('@');
            texts.add(level.substring(0, at + 1) +
                new BigDecimal(level.substring(at + 1)).stripTrailingZeros().toPlainString());
        }
        return texts;
    }

    private static boolean same(final Object expected, final Object actual)
    {
        if (expected instanceof Map<?, ?> map)
        {
            if (!(actual instanceof Map<?, ?> other))
            {
                return false;
            }
            int known = 0;
            for (final Map.Entry<?, ?> member : other.entrySet())
            {
                if (!String.valueOf(member.getKey()).startsWith("x_mock_extra_"))
                {
                    known++;
                    if (!map.containsKey(member.getKey()) || !same(map.get(member.getKey()), member.getValue()))
                    {
                        return false;
                    }
                }
            }
            return known == map.size();
        }
        if (expected instanceof List<?> list)
        {
            if (!(actual instanceof List<?> other) || other.size() != list.size())
            {
                return false;
            }
            for (int i = 0; i < list.size(); i++)
            {
                if (!same(list.get(i), other.get(i)))
                {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof BigDecimal number)
        {
            return actual instanceof BigDecimal other && number.compareTo(other) == 0;
        }
        return Objects.equals(expected, actual);
    }

    private MockDeribitExchange givenHostileExchange(final java.util.Set<MockHostileFeature> features,
        final int historyDepth)
    {
        final MockDeribitExchange exchange = MockTestSupport.started(MockTestSupport.config()
            .messagesPerSecond(1_000)
            .hostile(SEED, features)
            .maxStallMs(50)
            .bookHistoryDepth(historyDepth)
            .build());
        exchanges.add(exchange);
        return exchange;
    }

    private MockClient givenSubscribed(final MockDeribitExchange exchange, final String... channels)
        throws InterruptedException
    {
        final MockClient client = MockClient.open(exchange);
        clients.add(client);
        final Map<?, ?> response =
            client.call("public/subscribe", "{\"channels\":[\"" + String.join("\",\"", channels) + "\"]}");
        assertThat(response.get("result")).as(String.valueOf(response)).isInstanceOf(List.class);
        return client;
    }
}
