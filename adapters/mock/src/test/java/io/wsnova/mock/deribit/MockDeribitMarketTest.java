package io.wsnova.mock.deribit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.wsnova.testkit.Await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.wsnova.mock.deribit.MockTestSupport.decimal;
import static io.wsnova.mock.deribit.MockTestSupport.keys;
import static io.wsnova.mock.deribit.MockTestSupport.number;
import static io.wsnova.mock.deribit.MockTestSupport.path;
import static io.wsnova.mock.deribit.MockTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

class MockDeribitMarketTest
{
    private static final String BTC_BOOK = "book.BTC-PERPETUAL.100ms";
    private static final Pattern EXPONENT = Pattern.compile("[:,\\[]-?\\d+(\\.\\d+)?[eE]");
    private static final Pattern TRAILING_ZERO = Pattern.compile("[:,\\[]-?\\d+\\.\\d*0[,\\]}]");

    private final List<MockDeribitExchange> exchanges = new ArrayList<>();
    private final List<MockClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        clients.forEach(MockClient::closeQuietly);
        exchanges.forEach(MockDeribitExchange::close);
    }

    private MockDeribitExchange givenExchange(final MockDeribitConfig config)
    {
        final MockDeribitExchange exchange = MockTestSupport.started(config);
        exchanges.add(exchange);
        return exchange;
    }

    private MockClient givenSubscribed(final MockDeribitExchange exchange, final String... channels)
        throws InterruptedException
    {
        final MockClient client = MockClient.open(exchange);
        clients.add(client);
        result(client.call("public/subscribe", "{\"channels\":[\"" + String.join("\",\"", channels) + "\"]}"));
        return client;
    }

    @Test
    void shouldStartABookWithASnapshotThenChainChanges() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(5_000).build());
        final MockClient client = givenSubscribed(exchange, BTC_BOOK);

        final Object snapshot = client.nextData(BTC_BOOK);

        assertThat(path(snapshot, "type")).isEqualTo("snapshot");
        assertThat(path(snapshot, "instrument_name")).isEqualTo("BTC-PERPETUAL");
        assertThat(((Map<?, ?>)snapshot).containsKey("prev_change_id")).isFalse();
        assertThat((List<?>)path(snapshot, "bids")).hasSizeGreaterThanOrEqualTo(18);
        assertThat(path(snapshot, "bids", "0", "0")).isEqualTo("new");
        long last = number(snapshot, "change_id");
        final Set<Object> actions = new HashSet<>();
        for (int i = 0; i < 300; i++)
        {
            final Object change = client.nextData(BTC_BOOK);
            assertThat(path(change, "type")).isEqualTo("change");
            assertThat(number(change, "prev_change_id")).isEqualTo(last);
            assertThat(number(change, "change_id")).isEqualTo(last + 1);
            last = number(change, "change_id");
            for (final String side : new String[]{"bids", "asks"})
            {
                for (final Object level : (List<?>)path(change, side))
                {
                    actions.add(path(level, "0"));
                    if ("delete".equals(path(level, "0")))
                    {
                        assertThat(decimal(level, "2")).isZero();
                    }
                }
            }
        }
        assertThat(actions).containsExactlyInAnyOrder("new", "change", "delete");
    }

    @Test
    void shouldRebuildTheMockBookFromItsNotifications() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(5_000).build());
        final MockClient client = givenSubscribed(exchange, BTC_BOOK, "book.ETH-PERPETUAL.100ms");
        final ClientBook btc = new ClientBook();
        for (int i = 0; i < 500; i++)
        {
            assertThat(btc.apply(client.nextData(BTC_BOOK))).isTrue();
        }

        final MockBookSnapshot mock = exchange.book("BTC-PERPETUAL");
        while (btc.lastChangeId < mock.changeId())
        {
            assertThat(btc.apply(client.nextData(BTC_BOOK))).isTrue();
        }

        assertThat(btc.lastChangeId).isEqualTo(mock.changeId());
        assertThat(ClientBook.levels(btc.bids)).isEqualTo(ClientBook.levels(mock.bids()));
        assertThat(ClientBook.levels(btc.asks)).isEqualTo(ClientBook.levels(mock.asks()));
        assertThat(btc.gaps).isZero();
        assertThat(exchange.book("BTC-PERPETUAL", 5).bids()).hasSize(5);
    }

    @Test
    void shouldShowAnInjectedGapAndHealOnResubscribe() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(2_000).build());
        final MockClient client = givenSubscribed(exchange, BTC_BOOK);
        final ClientBook book = new ClientBook();
        for (int i = 0; i < 20; i++)
        {
            book.apply(client.nextData(BTC_BOOK));
        }

        exchange.injectBookGap("BTC-PERPETUAL");
        Object data = client.nextData(BTC_BOOK);
        while (book.apply(data))
        {
            data = client.nextData(BTC_BOOK);
        }

        assertThat(number(data, "prev_change_id")).isEqualTo(book.lastChangeId + 1);
        assertThat(exchange.stats().bookGapsInjected()).isEqualTo(1);
        final long[] sent = exchange.sentBookChangeIds("BTC-PERPETUAL");
        int holes = 0;
        for (int i = 1; i < sent.length; i++)
        {
            holes += sent[i] - sent[i - 1] == 1 ? 0 : 1;
        }
        assertThat(holes).isEqualTo(1);

        result(client.call("public/unsubscribe", "{\"channels\":[\"" + BTC_BOOK + "\"]}"));
        result(client.call("public/subscribe", "{\"channels\":[\"" + BTC_BOOK + "\"]}"));
        Object next = client.nextData(BTC_BOOK);
        while (!"snapshot".equals(path(next, "type")))
        {
            next = client.nextData(BTC_BOOK);
        }
        final ClientBook healed = new ClientBook();
        healed.apply(next);
        final MockBookSnapshot mock = exchange.book("BTC-PERPETUAL");
        while (healed.lastChangeId < mock.changeId())
        {
            assertThat(healed.apply(client.nextData(BTC_BOOK))).isTrue();
        }
        assertThat(ClientBook.levels(healed.bids)).isEqualTo(ClientBook.levels(mock.bids()));
        assertThat(ClientBook.levels(healed.asks)).isEqualTo(ClientBook.levels(mock.asks()));
    }

    @ParameterizedTest
    @CsvSource({"BTC-PERPETUAL, 0.5, 10", "ETH-PERPETUAL, 0.05, 1"})
    void shouldSendTickersOnTheTickWithAmountsInContracts(final String instrument, final BigDecimal tick,
        final long contractSize) throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(2_000).build());
        final String channel = "ticker." + instrument + ".100ms";
        final MockClient client = givenSubscribed(exchange, channel);

        for (int i = 0; i < 50; i++)
        {
            final Object ticker = client.nextData(channel);
            assertThat(path(ticker, "instrument_name")).isEqualTo(instrument);
            assertThat(path(ticker, "state")).isEqualTo("open");
            assertThat(decimal(ticker, "best_bid_price")).isLessThan(decimal(ticker, "best_ask_price"));
            for (final String price : new String[]{"best_bid_price", "best_ask_price", "last_price"})
            {
                assertThat(decimal(ticker, price).remainder(tick)).as(price).isZero();
            }
            assertThat(number(ticker, "best_bid_amount") % contractSize).isZero();
            assertThat(number(ticker, "best_ask_amount") % contractSize).isZero();
            assertThat(keys(ticker)).contains("mark_price", "index_price", "funding_8h",
                "current_funding", "open_interest", "settlement_price", "max_price", "min_price",
                "estimated_delivery_price", "interest_value", "timestamp");
            assertThat(keys(path(ticker, "stats"))).containsExactlyInAnyOrder("high", "low", "price_change", "volume",
                "volume_usd");
        }
    }

    @Test
    void shouldSendTradesAsAnArrayWithAContiguousTradeSeq() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(2_000).build());
        final String channel = "trades.ETH-PERPETUAL.100ms";
        final MockClient client = givenSubscribed(exchange, channel);

        long lastSeq = -1;
        for (int i = 0; i < 50; i++)
        {
            for (final Object trade : (List<?>)client.nextData(channel))
            {
                if (lastSeq >= 0)
                {
                    assertThat(number(trade, "trade_seq")).isEqualTo(lastSeq + 1);
                }
                lastSeq = number(trade, "trade_seq");
                assertThat((String)path(trade, "trade_id")).startsWith("ETH-");
                assertThat(path(trade, "direction")).isIn("buy", "sell");
                assertThat(number(trade, "tick_direction")).isBetween(0L, 3L);
                assertThat(decimal(trade, "price").remainder(new BigDecimal("0.05"))).isZero();
                assertThat(keys(trade)).contains("amount", "timestamp", "mark_price", "index_price",
                    "instrument_name");
            }
        }
    }

    @Test
    void shouldSendQuotesMatchingTheBookTop() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(1_000).build());
        final MockClient client = givenSubscribed(exchange, "quote.BTC-PERPETUAL");

        final Object quote = client.nextData("quote.BTC-PERPETUAL");

        assertThat(keys(quote)).containsExactlyInAnyOrder("timestamp", "instrument_name", "best_bid_price",
            "best_bid_amount", "best_ask_price", "best_ask_amount");
        final MockBookSnapshot top = exchange.book("BTC-PERPETUAL", 1);
        assertThat(decimal(quote, "best_bid_price")).isEqualByComparingTo(top.bids().get(0).price());
        assertThat(decimal(quote, "best_ask_price")).isEqualByComparingTo(top.asks().get(0).price());
    }

    @Test
    void shouldPrintEveryNumberAsAPlainDecimal() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(5_000).build());
        final MockClient client = givenSubscribed(exchange, "ticker.BTC-PERPETUAL.100ms", "ticker.ETH-PERPETUAL.100ms",
            BTC_BOOK, "book.ETH-PERPETUAL.100ms", "trades.BTC-PERPETUAL.100ms", "trades.ETH-PERPETUAL.100ms",
            "quote.ETH-PERPETUAL");

        for (int i = 0; i < 1_000; i++)
        {
            client.nextNotification(n -> true);
        }

        assertThat(client.frames).hasSizeGreaterThan(1_000);
        for (final String frame : client.frames)
        {
            assertThat(EXPONENT.matcher(frame).find()).as(frame).isFalse();
            assertThat(TRAILING_ZERO.matcher(frame).find()).as(frame).isFalse();
        }
        assertThat(client.unparseable).isEmpty();
    }

    @Test
    void shouldGenerateTheSameBookFromTheSameSeed() throws InterruptedException
    {
        final List<String> first = bookMessages(7L);
        final List<String> second = bookMessages(7L);
        final List<String> other = bookMessages(8L);

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private List<String> bookMessages(final long seed) throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().seed(seed)
            .messagesPerSecond(5_000).build());
        final MockClient client = givenSubscribed(exchange, BTC_BOOK);
        final List<String> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            final Map<?, ?> data = (Map<?, ?>)client.nextData(BTC_BOOK);
            messages.add(path(data, "change_id") + " " + path(data, "bids") + " " + path(data, "asks"));
        }
        return messages;
    }

    @Test
    void shouldHonourTheMessageRateRoughly() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(10_000).build());
        final String channel = "ticker.BTC-PERPETUAL.100ms";
        final MockClient client = givenSubscribed(exchange, channel);
        client.nextData(channel);

        final long before = exchange.stats().messagesSent(channel);
        final long startNs = System.nanoTime();
        Thread.sleep(1_000);
        final long sent = exchange.stats().messagesSent(channel) - before;
        final double seconds = (System.nanoTime() - startNs) / 1e9;

        assertThat(sent / seconds).as("messages per second").isBetween(3_000.0, 11_000.0);
        Await.until(() -> client.frames.size() >= sent, MockTestSupport.WAIT_MS, "the client received them");
    }

    @Test
    void shouldShareTheRateBetweenActiveChannelsInTurn() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(3_000).build());
        final MockClient client = givenSubscribed(exchange, "ticker.BTC-PERPETUAL.100ms", "quote.ETH-PERPETUAL",
            "trades.BTC-PERPETUAL.100ms");

        Thread.sleep(500);

        final long ticker = exchange.stats().messagesSent("ticker.BTC-PERPETUAL.100ms");
        final long quote = exchange.stats().messagesSent("quote.ETH-PERPETUAL");
        final long trades = exchange.stats().messagesSent("trades.BTC-PERPETUAL.100ms");
        assertThat(ticker).isPositive();
        assertThat(Math.abs(ticker - quote)).isLessThanOrEqualTo(Math.max(20, ticker / 10));
        assertThat(Math.abs(ticker - trades)).isLessThanOrEqualTo(Math.max(20, ticker / 10));
        assertThat(exchange.stats().messagesSent("book.BTC-PERPETUAL.100ms")).isZero();
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void shouldSkipAndCountNotificationsForAClientThatDoesNotRead() throws IOException, InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(100_000)
            .maxOutboundFrames(32).build());
        try (Socket socket = new Socket())
        {
            socket.setReceiveBufferSize(4_096);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), exchange.port()), 5_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("GET /ws/api/v2 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            readHeaders(socket.getInputStream());
            out.write(maskedTextFrame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/subscribe\"," +
                "\"params\":{\"channels\":[\"ticker.BTC-PERPETUAL.100ms\"]}}"));

            Await.until(() -> exchange.stats().notificationsSkipped() > 1_000, MockTestSupport.WAIT_MS,
                "notifications skipped");

            final MockConnectionStats connection = exchange.connections().get(0);
            assertThat(connection.notificationsSkipped()).isGreaterThan(1_000);
            assertThat(connection.isOpen()).isTrue();
        }
    }

    private static void readHeaders(final InputStream in) throws IOException
    {
        int matched = 0;
        final byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new AssertionError("no upgrade response");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static byte[] maskedTextFrame(final String text)
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        assertThat(payload.length).isLessThan(126);
        final byte[] mask = {0x11, 0x22, 0x33, 0x44};
        final byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte)0x81;
        frame[1] = (byte)(0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    @Test
    void shouldStopAndResumeMarketData() throws InterruptedException
    {
        final MockDeribitExchange exchange = givenExchange(MockTestSupport.config().messagesPerSecond(2_000).build());
        final MockClient client = givenSubscribed(exchange, "quote.BTC-PERPETUAL");
        client.nextData("quote.BTC-PERPETUAL");

        exchange.pauseMarketData();
        Thread.sleep(50);
        client.drainNotifications();

        assertThat(client.nextNotification(n -> true, 200)).isNull();
        exchange.resumeMarketData();
        assertThat(client.nextData("quote.BTC-PERPETUAL")).isNotNull();
    }
}
