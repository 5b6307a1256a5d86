package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.deribit.DeribitHandlerHarness.BOOK_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter against a Deribit-speaking server: venue errors that end the session, refused re-authentication,
 * and a book gap that makes the adapter subscribe its channel afresh.
 */
@Timeout(30)
class DeribitResilienceTest extends DeribitServerTestBase
{
    private static final long RATE_LIMIT_BACKOFF_MS = 700;
    private static final long MAINTENANCE_BACKOFF_MS = 900;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> books = new LinkedBlockingQueue<>();
    private final DeribitMarketListener listener = new DeribitMarketListener()
    {
        @Override
        public void onBook(final DeribitOrderBook book)
        {
            books.add(book.changeId() + " " + DeribitHandlerHarness.levels(book.bids(), 5));
        }

        @Override
        public void onResync(final DeribitOrderBook book, final DeribitBookResync reason)
        {
            events.add("resync " + book.channel() + " " + reason + " " + book.resyncCount());
        }
    };
    private final ConnectionListener lifecycle = new ConnectionListener()
    {
        @Override
        public void onReconnecting(final Connection connection, final int attempt, final long delayMs)
        {
            events.add("reconnecting " + attempt + " " + delayMs);
        }

        @Override
        public void onReconnected(final Connection connection)
        {
            events.add("reconnected");
        }

        @Override
        public void onDisconnected(final Connection connection, final CloseStatus status)
        {
            events.add("disconnected " + status.closeCode());
        }
    };

    @Test
    void shouldReconnectAfterTooManyRequestsOnceTheCreditsRefillThoughTheVenueClosedNormally() throws Exception
    {
        connection = connect(null);
        server.failNext("private/buy", 10028, "too_many_requests", true);

        final long startNs = System.nanoTime();
        new DeribitOrderEntry(connection).buy(DeribitOrderRequest.limit("BTC-PERPETUAL", 10, 1))
            .handle((order, error) -> error).get(5, TimeUnit.SECONDS);

        assertThat(next()).isEqualTo("disconnected 1000");
        assertThat(next()).isEqualTo("reconnecting 1 " + RATE_LIMIT_BACKOFF_MS);
        assertThat(next()).isEqualTo("reconnected");
        assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(
            RATE_LIMIT_BACKOFF_MS));
        assertThat(server.connectionsOpened()).isEqualTo(2);
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    @Test
    void shouldReconnectAfterMaintenanceWithTheLongerBackoff() throws Exception
    {
        connection = connect(null);
        connection.subscribe("quote.BTC-PERPETUAL", null).get(5, TimeUnit.SECONDS);
        server.failNext("private/cancel", 11051, "system_maintenance", true);

        final Throwable refused = new DeribitOrderEntry(connection).cancel("BTC-1")
            .handle((order, error) -> error).get(5, TimeUnit.SECONDS);

        assertThat(refused).isInstanceOfSatisfying(DeribitException.class, error ->
        {
            assertThat(error.error()).isEqualTo(DeribitError.SYSTEM_MAINTENANCE);
            assertThat(error.isRetryable()).isTrue();
        });
        assertThat(next()).isEqualTo("disconnected 1000");
        assertThat(next()).isEqualTo("reconnecting 1 " + MAINTENANCE_BACKOFF_MS);
        assertThat(next()).isEqualTo("reconnected");
        assertThat(connection.subscription("quote.BTC-PERPETUAL").state()).isEqualTo(Subscription.State.CONFIRMED);
    }

    @Test
    void shouldStopWhenTheReauthenticationAfterAReconnectIsRefused() throws Exception
    {
        connection = connect(new Credentials(DeribitTestServer.CLIENT_ID, DeribitTestServer.CLIENT_SECRET));
        assertThat(connection.isAuthenticated()).isTrue();
        server.refuseAuth();

        server.closeAll(1012, "restart");

        final CloseStatus closed = connection.closeFuture().get(10, TimeUnit.SECONDS);
        assertThat(closed.reason()).isEqualTo(DisconnectReason.LOCAL_CLOSE);
        Thread.sleep(300);
        assertThat(server.connectionsOpened()).isEqualTo(2);
        assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
    }

    @Test
    void shouldSubscribeTheBookChannelAfreshAfterAGapAndRebuildFromTheNewSnapshot() throws Exception
    {
        connection = connect(null);
        connection.subscribe(BOOK_CHANNEL, null).get(5, TimeUnit.SECONDS);
        server.nextRequest("public/subscribe");
        server.push(DeribitHandlerHarness.snapshot(100, "[\"new\",10,1]", "[\"new\",11,1]"));
        server.push(DeribitHandlerHarness.change(100, 101, "[\"change\",10,2]", ""));
        assertThat(books.poll(5, TimeUnit.SECONDS)).isEqualTo("100 [[\"10\",\"1\"]]");
        assertThat(books.poll(5, TimeUnit.SECONDS)).isEqualTo("101 [[\"10\",\"2\"]]");

        server.push(DeribitHandlerHarness.change(102, 103, "[\"change\",10,3]", ""));
        server.push(DeribitHandlerHarness.change(103, 104, "[\"change\",10,4]", ""));

        assertThat(next()).isEqualTo("resync " + BOOK_CHANNEL + " CHANGE_ID_GAP 1");
        assertThat(server.nextRequest("public/unsubscribe")).contains("\"channels\":[\"" + BOOK_CHANNEL + "\"]");
        assertThat(server.nextRequest("public/subscribe")).contains("\"channels\":[\"" + BOOK_CHANNEL + "\"]");
        server.push(DeribitHandlerHarness.snapshot(900, "[\"new\",20,5]", "[\"new\",21,1]"));
        assertThat(books.poll(5, TimeUnit.SECONDS)).isEqualTo("900 [[\"20\",\"5\"]]");
        assertThat(connection.subscribe(BOOK_CHANNEL, null).get(5, TimeUnit.SECONDS).state())
            .isEqualTo(Subscription.State.CONFIRMED);
        assertThat(books).isEmpty();
        assertThat(events).isEmpty();
    }

    private String next() throws InterruptedException
    {
        final String event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("no event within 10 s").isNotNull();
        return event;
    }

    private Connection connect(final Credentials credentials)
    {
        final DeribitAdapter adapter = DeribitAdapter.builder().listener(listener)
            .rateLimitBackoffMs(RATE_LIMIT_BACKOFF_MS).maintenanceBackoffMs(MAINTENANCE_BACKOFF_MS).build();
        final NovaOptions.Builder options = NovaOptions.builder().url(server.url())
            .listeners(List.of(lifecycle));
        if (credentials != null)
        {
            options.credentials(credentials);
        }
        return DeribitClient.of(adapter).connectBlocking(options.build());
    }
}
