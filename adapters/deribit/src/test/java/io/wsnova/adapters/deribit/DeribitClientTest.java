package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.Decimal;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.NovaException;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.WsUrl;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.InboundMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.wsnova.testkit.FreePort;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class DeribitClientTest extends DeribitServerTestBase
{
    static final String TICKER_CHANNEL = "ticker.BTC-PERPETUAL.100ms";
    static final String TICKER_NOTIFICATION =
        "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"" + TICKER_CHANNEL + "\"," +
        "\"data\":{\"best_ask_amount\":100,\"best_ask_price\":36443,\"best_bid_amount\":5000," +
        "\"best_bid_price\":36442.5,\"current_funding\":0,\"estimated_delivery_price\":36441.64," +
        "\"funding_8h\":2.11e-05,\"index_price\":36441.64,\"instrument_name\":\"BTC-PERPETUAL\"," +
        "\"interest_value\":1.7362511643080387,\"last_price\":36457.5,\"mark_price\":36446.51," +
        "\"max_price\":36991.72,\"min_price\":35898.37,\"open_interest\":502097590," +
        "\"settlement_price\":36169.49,\"state\":\"open\",\"stats\":{\"high\":36824.5,\"low\":35213.5," +
        "\"price_change\":0.7229,\"volume\":7871.02139035,\"volume_usd\":284061480}," +
        "\"timestamp\":1623060194301}}}";

    private final BlockingQueue<TickerSnapshot> tickers = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> raw = new LinkedBlockingQueue<>();
    private final DeribitMarketListener listener = new DeribitMarketListener()
    {
        @Override
        public void onTicker(final DeribitTicker ticker)
        {
            tickers.add(TickerSnapshot.of(ticker));
        }

        @Override
        public void onRaw(final InboundMessage message)
        {
            raw.add(message.asString());
        }
    };

    @Test
    void shouldSendSetHeartbeatAfterConnectToTheApiPath() throws Exception
    {
        connection = DeribitClient.testnet(listener).connectBlocking(local().build());

        assertThat(DeribitTestServer.withoutId(server.nextRequest("public/set_heartbeat")))
            .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"public/set_heartbeat\"," +
                "\"params\":{\"interval\":30}}");
        assertThat(server.resources()).containsExactly("/ws/api/v2");
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
        assertThat(connection.isAuthenticated()).isFalse();
    }

    @Test
    void shouldAuthenticateWithClientCredentials() throws Exception
    {
        connection = clientWith(DeribitAuthHandler.Grant.CLIENT_CREDENTIALS).connectBlocking(local()
            .credentials(new Credentials(DeribitTestServer.CLIENT_ID, DeribitTestServer.CLIENT_SECRET)).build());

        assertThat(connection.isAuthenticated()).isTrue();
        assertThat(DeribitTestServer.withoutId(server.nextRequest("public/auth"))).isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"public/auth\",\"params\":" +
            "{\"grant_type\":\"client_credentials\"," +
            "\"client_id\":\"" + DeribitTestServer.CLIENT_ID + "\",\"client_secret\":\"" +
            DeribitTestServer.CLIENT_SECRET + "\"}}");
    }

    @Test
    void shouldAuthenticateWithClientSignatureWithoutSendingTheSecret() throws Exception
    {
        final long beforeMs = System.currentTimeMillis();
        connection = clientWith(DeribitAuthHandler.Grant.CLIENT_SIGNATURE).connectBlocking(local()
            .credentials(new Credentials(DeribitTestServer.CLIENT_ID, DeribitTestServer.CLIENT_SECRET)).build());

        final String request = server.nextRequest("public/auth");
        final long timestampMs = DeribitTestServer.numberField("timestamp", request);
        final String nonce = DeribitTestServer.stringField("nonce", request);
        final String signature = DeribitTestServer.hmacSha256Hex(DeribitTestServer.CLIENT_SECRET,
            timestampMs + "\n" + nonce + "\n");
        assertThat(connection.isAuthenticated()).isTrue();
        assertThat(timestampMs).isBetween(beforeMs, System.currentTimeMillis());
        assertThat(nonce).matches("[a-z0-9]{16}");
        assertThat(DeribitTestServer.withoutId(request)).isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"public/auth\",\"params\":" +
            "{\"grant_type\":\"client_signature\"," +
            "\"client_id\":\"" + DeribitTestServer.CLIENT_ID + "\",\"timestamp\":" + timestampMs + ",\"nonce\":\"" +
            nonce + "\",\"data\":\"\",\"signature\":\"" + signature + "\"}}");
        assertThat(request).doesNotContain(DeribitTestServer.CLIENT_SECRET);
    }

    @ParameterizedTest
    @EnumSource(DeribitAuthHandler.Grant.class)
    void shouldFailWithAuthFailedAndNotReconnectWhenTheSecretIsWrong(final DeribitAuthHandler.Grant grant)
        throws Exception
    {
        final NovaOptions options = local()
            .credentials(new Credentials(DeribitTestServer.CLIENT_ID, "wrong-secret")).build();

        assertThatThrownBy(() -> clientWith(grant).connect(options).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOfSatisfying(RequestException.class, error ->
            {
                assertThat(error.kind()).isEqualTo(RequestException.Kind.AUTH_FAILED);
                assertThat(error.errorCode()).isEqualTo(13004);
                assertThat(error.getMessage()).contains("invalid_credentials").doesNotContain("wrong-secret");
            });
        Thread.sleep(500);
        assertThat(server.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void shouldAnswerEveryTestRequestWithPublicTest() throws Exception
    {
        connection = DeribitClient.testnet(listener).connectBlocking(local().build());
        server.nextRequest("public/set_heartbeat");

        for (int i = 0; i < 3; i++)
        {
            server.push("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"heartbeat\"}}");
            server.push("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}," +
                "\"usIn\":1}");
            assertThat(DeribitTestServer.withoutId(server.nextRequest("public/test")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"public/test\",\"params\":{}}");
        }
        assertThat(raw).isEmpty();
    }

    @Test
    void shouldConfirmSubscriptionOnlyWhenTheResultListsTheChannel() throws Exception
    {
        server.refuse("ticker.NOPE-PERPETUAL.100ms");
        connection = DeribitClient.testnet(listener).connectBlocking(local().build());

        final Subscription ticker = connection.subscribe(TICKER_CHANNEL, null).get(5, TimeUnit.SECONDS);
        assertThat(ticker.state()).isEqualTo(Subscription.State.CONFIRMED);
        assertThat(DeribitTestServer.withoutId(server.nextRequest("public/subscribe"))).isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"public/subscribe\",\"params\":{\"channels\":[\"" +
            TICKER_CHANNEL + "\"]}}");

        assertThatThrownBy(() -> connection.subscribe("ticker.NOPE-PERPETUAL.100ms", null).get(5, TimeUnit.SECONDS))
            .cause().isInstanceOf(RequestException.class);
        assertThat(connection.subscription("ticker.NOPE-PERPETUAL.100ms").state())
            .isEqualTo(Subscription.State.FAILED);

        final Subscription orders = connection.subscribe("user.orders.BTC-PERPETUAL.raw", null)
            .get(5, TimeUnit.SECONDS);
        assertThat(orders.state()).isEqualTo(Subscription.State.CONFIRMED);
        assertThat(server.nextRequest("private/subscribe"))
            .contains("\"channels\":[\"user.orders.BTC-PERPETUAL.raw\"]");

        connection.unsubscribe(TICKER_CHANNEL).get(5, TimeUnit.SECONDS);
        assertThat(server.nextRequest("public/unsubscribe")).contains("\"channels\":[\"" + TICKER_CHANNEL + "\"]");
        assertThat(connection.activeSubscriptions()).containsExactly(orders);
    }

    @Test
    void shouldDecodeTickerNotificationIntoExactFieldsAndDeliverOtherChannelsRaw() throws Exception
    {
        connection = DeribitClient.testnet(listener).connectBlocking(local().build());
        connection.subscribe(TICKER_CHANNEL, null).get(5, TimeUnit.SECONDS);

        server.push(TICKER_NOTIFICATION);
        final String index = "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":" +
            "\"deribit_price_index.btc_usd\",\"data\":{\"timestamp\":1535098298227,\"price\":6521.17," +
            "\"index_name\":\"btc_usd\"}}}";
        server.push(index);

        final TickerSnapshot ticker = tickers.poll(5, TimeUnit.SECONDS);
        assertThat(ticker).isNotNull();
        assertThat(ticker.instrumentName).isEqualTo("BTC-PERPETUAL");
        assertThat(ticker.timestampMs).isEqualTo(1623060194301L);
        assertThat(ticker.state).isEqualTo(DeribitTicker.STATE_OPEN);
        assertThat(ticker.bestBidPrice).isEqualTo(new Decimal(364425, 1));
        assertThat(ticker.bestBidAmount).isEqualTo(new Decimal(5000, 0));
        assertThat(ticker.bestAskPrice).isEqualTo(new Decimal(36443, 0));
        assertThat(ticker.bestAskAmount).isEqualTo(new Decimal(100, 0));
        assertThat(ticker.lastPrice).isEqualTo(new Decimal(364575, 1));
        assertThat(ticker.markPrice).isEqualTo(new Decimal(3644651, 2));
        assertThat(ticker.indexPrice).isEqualTo(new Decimal(3644164, 2));
        assertThat(ticker.funding8h).isEqualTo(new Decimal(211, 7));
        assertThat(ticker.interestValue).isEqualTo(new Decimal(17362511643080387L, 16));
        assertThat(ticker.openInterest).isEqualTo(new Decimal(502097590, 0));
        assertThat(ticker.statsVolume).isEqualTo(new Decimal(787102139035L, 8));
        assertThat(ticker.statsPriceChange).isEqualTo(new Decimal(7229, 4));
        assertThat(raw.poll(5, TimeUnit.SECONDS)).isEqualTo(index);
    }

    @Test
    void shouldSetHeartbeatAuthenticateAndResubscribeAgainAfterAReconnect() throws Exception
    {
        connection = clientWith(DeribitAuthHandler.Grant.CLIENT_SIGNATURE).connectBlocking(local()
            .credentials(new Credentials(DeribitTestServer.CLIENT_ID, DeribitTestServer.CLIENT_SECRET)).build());
        connection.subscribe(TICKER_CHANNEL, null).get(5, TimeUnit.SECONDS);
        server.nextRequest("public/set_heartbeat");
        final CountDownLatch reconnected = new CountDownLatch(1);
        connection.addListener(new ConnectionListener()
        {
            @Override
            public void onReconnected(final Connection connection)
            {
                reconnected.countDown();
            }
        });

        server.closeAll(1012, "restart");

        assertThat(reconnected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.nextRequest("public/set_heartbeat")).contains("\"interval\":30");
        assertThat(server.nextRequest("public/auth")).contains("\"grant_type\":\"client_signature\"");
        assertThat(server.nextRequest("public/subscribe")).contains(TICKER_CHANNEL);
        assertThat(server.connectionsOpened()).isEqualTo(2);
        assertThat(connection.isAuthenticated()).isTrue();
        assertThat(connection.subscription(TICKER_CHANNEL).state()).isEqualTo(Subscription.State.CONFIRMED);
    }

    @Test
    void shouldRefreshTheTokenBeforeItExpires() throws Exception
    {
        server.expiresInS(1);
        connection = clientWith(DeribitAuthHandler.Grant.CLIENT_CREDENTIALS).connectBlocking(local()
            .credentials(new Credentials(DeribitTestServer.CLIENT_ID, DeribitTestServer.CLIENT_SECRET)).build());
        assertThat(server.nextRequest("public/auth")).contains("\"grant_type\":\"client_credentials\"");

        final String refresh = server.nextRequest("public/auth");

        assertThat(DeribitTestServer.withoutId(refresh)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":" +
            "\"public/auth\",\"params\":{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" +
            DeribitTestServer.REFRESH_TOKEN + "\"}}");
        assertThat(server.nextRequest("public/auth")).contains("\"grant_type\":\"refresh_token\"");
        assertThat(connection.isAuthenticated()).isTrue();
        assertThat(server.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void shouldResolveOptionsUserOverTemplateOverAdapter()
    {
        final DeribitClient client = DeribitClient.testnet(listener);

        final NovaOptions defaults = client.resolve(NovaOptions.empty());
        final NovaOptions overridden = client.resolve(NovaOptions.builder().url("ws://127.0.0.1:9/ws/api/v2")
            .requestTimeoutMs(30_000).build());

        assertThat(defaults.url()).isEqualTo(new WsUrl(true, "test.deribit.com", 443, "/ws/api/v2"));
        // keepalive on: a silent connection is found within ping interval + pong timeout (8 s), under 10 s
        assertThat(defaults.get(Option.PING_INTERVAL_MS) + defaults.get(Option.PONG_TIMEOUT_MS)).isPositive()
            .isLessThanOrEqualTo(8_000L);
        assertThat(defaults.get(Option.IDLE_TIMEOUT_MS)).isEqualTo(45_000L);
        assertThat(defaults.get(Option.REQUEST_TIMEOUT_MS))
            .isEqualTo(DeribitClient.DEFAULT_REQUEST_TIMEOUT_MS);
        assertThat(defaults.get(Option.RETRY_ATTEMPTS)).isEqualTo(5);
        assertThat(DeribitClient.production(listener).resolve(NovaOptions.empty()).get(Option.HOST))
            .isEqualTo("www.deribit.com");
        assertThat(overridden.url()).isEqualTo(new WsUrl(false, "127.0.0.1", 9, "/ws/api/v2"));
        assertThat(overridden.get(Option.REQUEST_TIMEOUT_MS)).isEqualTo(30_000L);
        assertThat(overridden.get(Option.RETRY_ATTEMPTS)).isEqualTo(5);
    }

    @Test
    void shouldRejectAHeartbeatIntervalBelowTenSeconds()
    {
        assertThatThrownBy(() -> DeribitAdapter.builder().heartbeatIntervalS(9))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("heartbeatIntervalS: must be >= 10, was 9");
        assertThat(DeribitAdapter.builder().heartbeatIntervalS(10).build().heartbeatIntervalS()).isEqualTo(10);
    }

    @Test
    void shouldSurfaceConnectFailuresAsNovaException()
    {
        final int port = FreePort.find();

        assertThatThrownBy(() -> DeribitClient.testnet(listener).connectBlocking(NovaOptions.builder()
            .url("ws://127.0.0.1:" + port + "/ws/api/v2").build()))
            .isInstanceOf(NovaException.class);
    }

    private DeribitClient clientWith(final DeribitAuthHandler.Grant grant)
    {
        return DeribitClient.of(DeribitAdapter.builder().listener(listener).grant(grant).build());
    }

    private NovaOptions.Builder local()
    {
        return NovaOptions.builder().url(server.url()).secure(false);
    }

    /**
     * A copy of the pooled ticker, taken on the message thread.
     */
    record TickerSnapshot(
        String instrumentName, long timestampMs, int state,
        Decimal bestBidPrice, Decimal bestBidAmount, Decimal bestAskPrice, Decimal bestAskAmount,
        Decimal lastPrice, Decimal markPrice, Decimal indexPrice, Decimal funding8h, Decimal interestValue,
        Decimal openInterest, Decimal statsVolume, Decimal statsPriceChange)
    {
        static TickerSnapshot of(final DeribitTicker ticker)
        {
            return new TickerSnapshot(ticker.instrumentName().toString(), ticker.timestampMs(), ticker.state(),
                copy(ticker.bestBidPrice()), copy(ticker.bestBidAmount()), copy(ticker.bestAskPrice()),
                copy(ticker.bestAskAmount()), copy(ticker.lastPrice()), copy(ticker.markPrice()),
                copy(ticker.indexPrice()), copy(ticker.funding8h()), copy(ticker.interestValue()),
                copy(ticker.openInterest()), copy(ticker.statsVolume()), copy(ticker.statsPriceChange()));
        }

        private static Decimal copy(final Decimal decimal)
        {
            return new Decimal().set(decimal);
        }
    }
}
