package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.Await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restore after a reconnect on a Deribit-speaking server: batched (one {@code public/subscribe} and one
 * {@code private/subscribe} for 33 channels), retried after a temporary refusal, a final refusal surfaced as an
 * error; and a first connection that the venue closes with {@code too_many_requests} during its set-up is retried,
 * not failed.
 */
@Timeout(60)
class DeribitRestoreTest extends DeribitServerTestBase
{
    private static final long RATE_LIMIT_BACKOFF_MS = 300;
    private static final Pattern QUOTED = Pattern.compile("\"([a-z]+\\.[^\"]*)\"");

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final ConnectionListener lifecycle = new ConnectionListener()
    {
        @Override
        public void onReconnected(final Connection connection)
        {
            events.add("reconnected");
        }

        @Override
        public void onError(final Connection connection, final String message, final Throwable cause)
        {
            events.add("error " + message);
        }
    };

    private Connection connect(final Credentials credentials)
    {
        final DeribitAdapter adapter = DeribitAdapter.builder().listener(new DeribitMarketListener()
        {
        }).rateLimitBackoffMs(RATE_LIMIT_BACKOFF_MS).build();
        final NovaOptions.Builder options = NovaOptions.builder().url(server.url()).listeners(List.of(lifecycle));
        if (credentials != null)
        {
            options.credentials(credentials);
        }
        return DeribitClient.of(adapter).connectBlocking(options.build());
    }

    private static List<String> channels(final String request)
    {
        final List<String> channels = new ArrayList<>();
        final Matcher matcher = QUOTED.matcher(request.substring(request.indexOf("\"channels\"")));
        while (matcher.find())
        {
            channels.add(matcher.group(1));
        }
        return channels;
    }

    private String awaitEvent(final String prefix) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            final String event = events.poll(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(event).as("no '" + prefix + "' event within 10 s").isNotNull();
            if (event.startsWith(prefix))
            {
                return event;
            }
        }
    }

    @Test
    void shouldRestoreThirtyPublicAndThreePrivateChannelsWithOneRequestEach() throws Exception
    {
        connection = connect(new Credentials(DeribitTestServer.CLIENT_ID, DeribitTestServer.CLIENT_SECRET));
        final List<String> publicChannels = new ArrayList<>();
        for (int i = 0; i < 30; i++)
        {
            publicChannels.add("ticker.BTC-" + i + ".100ms");
        }
        final List<String> privateChannels = List.of("user.orders.any.any.raw", "user.trades.any.any.raw",
            "user.portfolio.btc");
        final List<CompletableFuture<Subscription>> subscribed = new ArrayList<>();
        for (final String channel : publicChannels)
        {
            subscribed.add(connection.subscribe(channel, null));
        }
        for (final String channel : privateChannels)
        {
            subscribed.add(connection.subscribe(channel, null));
        }
        CompletableFuture.allOf(subscribed.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < publicChannels.size(); i++)
        {
            server.nextRequest("public/subscribe");
        }

        server.closeAll(1012, "restart");
        awaitEvent("reconnected");

        // The first public/subscribe and private/subscribe after the reconnect carry every channel: O(1) requests.
        assertThat(channels(server.nextRequest("public/subscribe"))).containsExactlyInAnyOrderElementsOf(
            publicChannels);
        assertThat(channels(server.nextRequest("private/subscribe"))).containsExactlyInAnyOrderElementsOf(
            privateChannels);
        for (final Subscription subscription : connection.subscriptions())
        {
            assertThat(subscription.state()).as(subscription.channel()).isEqualTo(Subscription.State.CONFIRMED);
        }
    }

    @Test
    void shouldRetryARestoreTheVenueRefusedForNowUntilConfirmed() throws Exception
    {
        connection = connect(null);
        connection.subscribe("ticker.BTC-PERPETUAL.100ms", null).get(5, TimeUnit.SECONDS);
        connection.subscribe("trades.BTC-PERPETUAL.100ms", null).get(5, TimeUnit.SECONDS);
        server.failNext("public/subscribe", 10028, "too_many_requests", false);

        server.closeAll(1012, "restart");

        Await.until(() -> connection.activeSubscriptions().stream()
            .allMatch(s -> s.state() == Subscription.State.CONFIRMED) &&
            connection.status() == ConnectionStatus.CONNECTED &&
            connection.faultCounters().subscriptionRetries().get() != 0, 10_000, "restored after the retry");
        assertThat(connection.activeSubscriptions()).hasSize(2);
    }

    @Test
    void shouldSurfaceAFinalRefusalAsAnErrorWithTheSubscriptionFailed() throws Exception
    {
        connection = connect(null);
        server.refuse("ticker.NOPE.100ms");

        final Throwable refused = connection.subscribe("ticker.NOPE.100ms", null).handle((s, error) -> error)
            .get(5, TimeUnit.SECONDS);

        assertThat(refused).hasMessageContaining("ticker.NOPE.100ms");
        assertThat(connection.subscription("ticker.NOPE.100ms").state()).isEqualTo(Subscription.State.FAILED);
        assertThat(awaitEvent("error ")).contains("ticker.NOPE.100ms").contains("refused");
    }

    @Test
    void shouldRetryAFirstConnectionTheVenueClosedWithTooManyRequestsDuringItsSetUp() throws Exception
    {
        server.failNext("public/auth", 10028, "too_many_requests", true);
        final long startNs = System.nanoTime();

        connection = connect(new Credentials(DeribitTestServer.CLIENT_ID, DeribitTestServer.CLIENT_SECRET));

        assertThat(connection.isAuthenticated()).isTrue();
        assertThat(server.connectionsOpened()).isEqualTo(2);
        assertThat(System.nanoTime() - startNs).as("waited for the credits to refill")
            .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(RATE_LIMIT_BACKOFF_MS));
    }
}
