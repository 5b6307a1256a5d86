package io.wsnova.mock.binance;

import io.wsnova.testkit.Await;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock's cut as make-before-break needs it, seen by plain Java-WebSocket clients: {@code serverShutdown} goes to
 * the oldest connection only, which keeps receiving for the grace period and is then closed (1001), while a
 * connection opened after it receives the same trades with the same ids; refused upgrades fail.
 */
class MockBinanceShutdownTest
{
    private static final long TIMEOUT_MS = 10_000;
    private static final Pattern TRADE_ID = Pattern.compile("\"t\":(\\d+)");

    @Test
    void shouldServeTheNotifiedConnectionForItsGraceWhileANewOneGetsTheSameTrades() throws Exception
    {
        try (MockBinanceExchange exchange = MockBinanceExchange.builder().symbols(List.of("BTCUSDT")).build().start())
        {
            final URI uri = URI.create(exchange.uri() + "?streams=btcusdt@trade");
            final Client old = Client.open(uri);
            Await.until(() -> exchange.openConnections() == 1, TIMEOUT_MS, "first connection registered");
            exchange.step(5);
            final Client replacement = Client.open(uri);
            Await.until(() -> exchange.openConnections() == 2, TIMEOUT_MS, "second connection registered");

            assertThat(exchange.serverShutdown(1_000, 1)).isEqualTo(1);
            exchange.step(20);
            Await.until(() -> replacement.tradeIds().size() == 20, TIMEOUT_MS, "20 trades on the new connection");
            Await.until(() -> old.tradeIds().size() == 25, TIMEOUT_MS, "25 trades on the notified connection");
            Await.until(() -> old.closeCode == 1001, TIMEOUT_MS, "the notified connection closed after its grace");

            assertThat(old.messages).anyMatch(message -> message.contains("serverShutdown"));
            assertThat(replacement.messages).noneMatch(message -> message.contains("serverShutdown"));
            assertThat(old.tradeIds().subList(5, 25)).isEqualTo(replacement.tradeIds());
            assertThat(replacement.isOpen()).isTrue();
            assertThat(exchange.shutdownNotices()).isEqualTo(1);
            replacement.closeBlocking();
        }
    }

    @Test
    void shouldRefuseUpgradesWhenAsked() throws Exception
    {
        try (MockBinanceExchange exchange = MockBinanceExchange.builder().build().start())
        {
            exchange.refuseConnections(true);
            final Client refused = new Client(exchange.uri());
            assertThat(refused.connectBlocking(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(exchange.refusedConnections()).isEqualTo(1);

            exchange.refuseConnections(false);
            final Client accepted = Client.open(exchange.uri());
            assertThat(accepted.isOpen()).isTrue();
            accepted.closeBlocking();
        }
    }

    /** Records every text message and the close code. */
    private static final class Client extends WebSocketClient
    {
        final List<String> messages = new CopyOnWriteArrayList<>();
        volatile int closeCode = Integer.MIN_VALUE;

        Client(final URI uri)
        {
            super(uri);
            setConnectionLostTimeout(0);
        }

        static Client open(final URI uri) throws InterruptedException
        {
            final Client client = new Client(uri);
            assertThat(client.connectBlocking(TIMEOUT_MS, TimeUnit.MILLISECONDS)).as("connect to %s", uri).isTrue();
            return client;
        }

        List<Long> tradeIds()
        {
            final List<Long> ids = new ArrayList<>();
            for (final String message : messages)
            {
                final Matcher id = TRADE_ID.matcher(message);
                if (message.contains("\"e\":\"trade\"") && id.find())
                {
                    ids.add(Long.parseLong(id.group(1)));
                }
            }
            return ids;
        }

        @Override
        public void onOpen(final ServerHandshake handshake)
        {
        }

        @Override
        public void onMessage(final String message)
        {
            messages.add(message);
        }

        @Override
        public void onClose(final int code, final String reason, final boolean remote)
        {
            closeCode = code;
        }

        @Override
        public void onError(final Exception ex)
        {
        }
    }
}
