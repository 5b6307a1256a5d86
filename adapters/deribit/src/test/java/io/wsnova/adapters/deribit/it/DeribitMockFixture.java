package io.wsnova.adapters.deribit.it;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitClient;
import io.wsnova.mock.deribit.MockBookLevel;
import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.Credentials;
import io.wsnova.testkit.Await;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given/when/then helpers of the end-to-end tests: the embedded mock exchange on a free loopback port, the real
 * Deribit client (adapter over the engine) connected to it, a {@link Recorder} of everything the client reports,
 * and bounded waits that fail with a message instead of hanging.
 */
final class DeribitMockFixture implements AutoCloseable
{
    static final String CLIENT_ID = "wsnova-it";
    /** Random per run, so that finding it anywhere is proof of a leak and never a coincidence. */
    static final String CLIENT_SECRET = "it-secret-" + randomHex();
    static final String BTC = "BTC-PERPETUAL";
    static final String ETH = "ETH-PERPETUAL";
    static final List<String> INSTRUMENTS = List.of(BTC, ETH);
    /** Ticker, book and trades of both instruments. */
    static final List<String> SIX_CHANNELS = List.of(
        channel(Recorder.TICKER, BTC), channel(Recorder.BOOK, BTC), channel(Recorder.TRADES, BTC),
        channel(Recorder.TICKER, ETH), channel(Recorder.BOOK, ETH), channel(Recorder.TRADES, ETH));
    static final int COMPARED_DEPTH = 10;
    /** Upper bound of every wait: generous, the build machine is shared and loaded. */
    static final long WAIT_MS = 30_000L;
    static final long RECONNECT_BASE_DELAY_MS = 50L;

    final MockDeribitExchange exchange;
    final Recorder recorder = new Recorder();
    private final List<Connection> connections = new ArrayList<>();

    private DeribitMockFixture(final MockDeribitExchange exchange)
    {
        this.exchange = exchange;
    }

    /**
     * The mock's options with the test account and heartbeat intervals the adapter may ask for.
     */
    static MockDeribitConfig.Builder config()
    {
        return MockDeribitConfig.builder()
            .account(CLIENT_ID, CLIENT_SECRET)
            .minHeartbeatIntervalS(DeribitAdapter.MIN_HEARTBEAT_INTERVAL_S);
    }

    /**
     * Starts a mock exchange on port 0.
     */
    static DeribitMockFixture start(final MockDeribitConfig.Builder config)
    {
        final MockDeribitExchange exchange = new MockDeribitExchange(config.build());
        exchange.start();
        return new DeribitMockFixture(exchange);
    }

    /**
     * The adapter, its market data going to the recorder.
     */
    DeribitAdapter.Builder adapter()
    {
        return DeribitAdapter.builder().listener(recorder).heartbeatIntervalS(DeribitAdapter.MIN_HEARTBEAT_INTERVAL_S);
    }

    /**
     * The user's options: the mock's URL, the right credentials, the recorder as listener and logger, a short
     * reconnect delay.
     */
    NovaOptions.Builder options()
    {
        return NovaOptions.builder()
            .url(exchange.uri().toString())
            .credentials(new Credentials(CLIENT_ID, CLIENT_SECRET))
            .listeners(List.of(recorder))
            .loggingHandler(recorder)
            .set(Option.RECONNECT_BASE_DELAY_MS, RECONNECT_BASE_DELAY_MS);
    }

    CompletableFuture<Connection> connectAsync(final DeribitAdapter.Builder adapter, final NovaOptions.Builder options)
    {
        return DeribitClient.of(adapter.build()).connect(options.build());
    }

    Connection connect(final DeribitAdapter.Builder adapter, final NovaOptions.Builder options) throws Exception
    {
        final Connection connection = connectAsync(adapter, options).get(WAIT_MS, TimeUnit.MILLISECONDS);
        connections.add(connection);
        return connection;
    }

    Connection connect() throws Exception
    {
        return connect(adapter(), options());
    }

    static void subscribe(final Connection connection, final List<String> channels) throws Exception
    {
        final List<CompletableFuture<Subscription>> subscribes = new ArrayList<>();
        for (final String channel : channels)
        {
            subscribes.add(connection.subscribe(channel, null));
        }
        // Each future completes once the venue confirmed its channel (a book resync may already be subscribing it
        // afresh by the time all have, so the states are not checked here).
        CompletableFuture.allOf(subscribes.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until every channel has delivered at least {@code atLeast} more messages than in {@code before}.
     */
    void awaitMessages(final List<String> channels, final long[] before, final long atLeast)
    {
        await("at least " + atLeast + " new messages on each of " + channels, () ->
        {
            final long[] now = recorder.messagesByChannel(channels);
            for (int i = 0; i < now.length; i++)
            {
                if (now[i] - before[i] < atLeast)
                {
                    return false;
                }
            }
            return true;
        }, () -> "before " + Arrays.toString(before) + ", now " +
            Arrays.toString(recorder.messagesByChannel(channels)));
    }

    /**
     * Polls until the condition holds; fails after {@link #WAIT_MS} with the description and the recorded events.
     */
    void await(final String what, final BooleanSupplier condition)
    {
        await(what, condition, () -> "");
    }

    void await(final String what, final BooleanSupplier condition, final Supplier<String> state)
    {
        Await.until(condition, WAIT_MS, () -> what + " " + state.get() + "\nevents: " + recorder.events() +
            "\nmock: " + exchange.connections());
    }

    static void pause(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Asserts the secret appears nowhere the application can see it: events, log lines and the given texts.
     */
    void thenNoSecretIn(final String secret, final Object... more)
    {
        assertThat(recorder.everything()).as("events and logs").doesNotContain(secret);
        for (final Object text : more)
        {
            assertThat(String.valueOf(text)).doesNotContain(secret);
        }
    }

    static String channel(final int kind, final String instrument)
    {
        return kind == Recorder.QUOTE ? "quote." + instrument : Recorder.KIND_NAMES[kind] + "." + instrument + ".100ms";
    }

    static int kindOf(final String channel)
    {
        final String kind = channel.substring(0, channel.indexOf('.'));
        for (int i = 0; i < Recorder.KIND_NAMES.length; i++)
        {
            if (Recorder.KIND_NAMES[i].equals(kind))
            {
                return i;
            }
        }
        throw new IllegalArgumentException(channel);
    }

    static String instrumentOf(final String channel)
    {
        for (final String instrument : INSTRUMENTS)
        {
            if (channel.contains(instrument))
            {
                return instrument;
            }
        }
        throw new IllegalArgumentException(channel);
    }

    static int instrumentIndex(final CharSequence instrumentName)
    {
        for (int i = 0; i < INSTRUMENTS.size(); i++)
        {
            if (INSTRUMENTS.get(i).contentEquals(instrumentName))
            {
                return i;
            }
        }
        return -1;
    }

    long[] mockMessagesSent(final List<String> channels)
    {
        final long[] counts = new long[channels.size()];
        for (int i = 0; i < counts.length; i++)
        {
            counts[i] = exchange.stats().messagesSent(channels.get(i));
        }
        return counts;
    }

    static List<String> levels(final List<MockBookLevel> levels)
    {
        final List<String> texts = new ArrayList<>(levels.size());
        for (final MockBookLevel level : levels)
        {
            texts.add(level.price() + " " + level.amount());
        }
        return texts;
    }

    private static String randomHex()
    {
        final byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Closes the connections (bounded), then the exchange.
     */
    @Override
    public void close()
    {
        for (final Connection connection : connections)
        {
            connection.close();
        }
        final Connection late = recorder.connection();
        if (late != null && !connections.contains(late))
        {
            late.close();
        }
        try
        {
            for (final Connection connection : connections)
            {
                connection.closeFuture().get(10, TimeUnit.SECONDS);
            }
        }
        catch (final Exception ex)
        {
            // bounded: the exchange is closed whatever happened
        }
        finally
        {
            exchange.close();
        }
    }
}
