package io.wsnova.adapters.coinbase;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.Subscription;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OrderBook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot wait of a resync on a fake clock: messages carry chosen receive times, and a stand-in connection
 * records every resubscribe and answers {@code subscription(channel)} with a state the test sets.
 */
class CoinbaseSnapshotWaitTest
{
    private static final String CHANNEL = "level2:BTC-USD";
    private static final long T0 = 1_000_000_000_000L;

    private final List<String> seen = new ArrayList<>();
    private final List<String> resubscribes = new ArrayList<>();
    private volatile Subscription.State state = Subscription.State.CONFIRMED;
    private CoinbaseHandlerHarness harness;
    private long sequence;

    @BeforeEach
    void setUp()
    {
        harness = new CoinbaseHandlerHarness(new MarketListener()
        {
            @Override
            public void onBook(final BookUpdate update, final OrderBook book)
            {
                seen.add(update.isSnapshot() ? "snapshot" : "update");
            }

            @Override
            public void onStatus(final FeedStatus status)
            {
                seen.add(status.state().name());
            }
        });
        harness.session.connection = connection();
        harness.receive(snapshot(), T0);
        seen.clear();
    }

    @Test
    void shouldAskAgainAfterFiveSecondsThenBackOffToThirtySeconds()
    {
        gap(T0);
        assertThat(resubscribes).as("the gap's own resubscribe").hasSize(1);

        heartbeat(T0 + ms(4_999));
        assertThat(resubscribes).hasSize(1);
        heartbeat(T0 + ms(5_000));
        assertThat(resubscribes).hasSize(2);
        assertThat(harness.adapter.counters().snapshotTimeouts()).isEqualTo(1);

        long at = T0 + ms(5_000);
        final long[] waits = {10_000, 20_000, 30_000, 30_000};
        for (final long wait : waits)
        {
            heartbeat(at + ms(wait - 1));
            final int before = resubscribes.size();
            heartbeat(at + ms(wait));
            assertThat(resubscribes).as("after %d ms", wait).hasSize(before + 1);
            at += ms(wait);
        }
        assertThat(harness.adapter.counters().snapshotTimeouts()).isEqualTo(5);
        assertThat(resubscribes).containsOnly(CHANNEL);
        assertThat(seen).as("stale all along, never a false RESYNC_DONE")
            .containsExactly("SEQUENCE_GAP", "RESYNC_STARTED");

        harness.receive(snapshot(), at + ms(1));
        assertThat(seen).endsWith("snapshot", "RESYNC_DONE");
        heartbeat(at + ms(120_000));
        assertThat(resubscribes).as("no wait once the snapshot came").hasSize(6);

        final long next = at + ms(130_000);
        gap(next);
        heartbeat(next + ms(5_000));
        assertThat(resubscribes).as("a new resync starts again at 5 s").hasSize(8);
    }

    @Test
    void shouldNotAskAgainWhileTheRequestIsUnansweredNorPushTheDeadlineWithNewGaps()
    {
        gap(T0);
        gap(T0 + ms(3_000)); // coalesced: the book still waits for its snapshot
        assertThat(resubscribes).hasSize(1);
        heartbeat(T0 + ms(5_000));
        assertThat(resubscribes).as("the deadline runs from the first gap").hasSize(2);

        state = Subscription.State.PENDING;
        heartbeat(T0 + ms(15_000));
        assertThat(resubscribes).as("an unanswered request is the engine's to retry").hasSize(2);
        assertThat(harness.adapter.counters().coalescedResubscribes()).isEqualTo(2);

        state = Subscription.State.CONFIRMED;
        heartbeat(T0 + ms(25_000));
        assertThat(resubscribes).hasSize(3);

        state = Subscription.State.UNSUBSCRIBED;
        heartbeat(T0 + ms(100_000));
        heartbeat(T0 + ms(200_000));
        assertThat(resubscribes).as("unsubscribed: no snapshot will come, nothing to ask").hasSize(3);
    }

    private void gap(final long atNs)
    {
        sequence += 3;
        heartbeat(atNs);
    }

    private void heartbeat(final long atNs)
    {
        harness.receive("{\"channel\":\"heartbeats\",\"client_id\":\"\",\"timestamp\":\"2023-06-23T20:31:26Z\"," +
            "\"sequence_num\":" + sequence++ + ",\"events\":[{\"heartbeat_counter\":\"1\"}]}", atNs);
    }

    private String snapshot()
    {
        return "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50Z\",\"sequence_num\":" +
            sequence++ + ",\"events\":[{\"type\":\"snapshot\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":" +
            "\"bid\",\"price_level\":\"100\",\"new_quantity\":\"1\"}]}]}";
    }

    private static long ms(final long millis)
    {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private Connection connection()
    {
        final Subscription subscription = (Subscription)Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{Subscription.class}, (proxy, method, args) -> switch (method.getName())
            {
                case "channel" -> CHANNEL;
                case "state" -> state;
                case "toString" -> "Subscription{" + CHANNEL + " " + state + "}";
                default -> throw new UnsupportedOperationException(method.getName());
            });
        return (Connection)Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
            (proxy, method, args) -> switch (method.getName())
            {
                case "subscription" -> CHANNEL.equals(args[0]) ? subscription : null;
                case "subscriptions", "activeSubscriptions" -> List.of(subscription);
                case "resubscribe" ->
                {
                    resubscribes.add((String)args[0]);
                    yield new CompletableFuture<Subscription>();
                }
                case "toString" -> "FakeConnection";
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }
}
