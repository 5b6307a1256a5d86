package io.wsnova.cli;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitClient;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deribit in {@code ./nova demo --venues}: the mock Deribit exchange, ticker, book and trades of BTC-PERPETUAL and
 * ETH-PERPETUAL, and the fault of the single-venue demo: the exchange drops the TCP connection (no close frame);
 * recovered when the connection is back with its six subscriptions.
 */
final class DeribitDemoVenue implements DemoVenue, ConnectionListener
{
    private static final int CHANNELS = DemoCommand.INSTRUMENTS.size() * 3;

    private final int rate;
    private final PrintStream out;
    private final DemoView view = new DemoView(DemoCommand.INSTRUMENTS);
    private MockDeribitExchange exchange;
    private Connection connection;
    private volatile long faultAtNs;
    private volatile long recoveredAfterNs;
    private volatile boolean closing;

    DeribitDemoVenue(final int rate, final PrintStream out)
    {
        this.rate = rate;
        this.out = out;
    }

    @Override
    public String name()
    {
        return "deribit";
    }

    @Override
    public String start() throws Exception
    {
        exchange = new MockDeribitExchange(MockDeribitConfig.builder().messagesPerSecond(rate)
            .minHeartbeatIntervalS(DeribitAdapter.MIN_HEARTBEAT_INTERVAL_S)
            .heartbeatPeriodMs(DemoCommand.MOCK_HEARTBEAT_PERIOD_MS).build());
        exchange.start();
        final DeribitAdapter adapter = DeribitAdapter.builder().listener(view)
            .heartbeatIntervalS(DeribitAdapter.MIN_HEARTBEAT_INTERVAL_S).build();
        connection = DeribitClient.of(adapter).connect(NovaOptions.builder().url(exchange.uri().toString())
            .retryAttempts(-1).logLevel(LoggingHandler.Level.WARN).set(Option.RECONNECT_BASE_DELAY_MS, 50L)
            .set(Option.STAGE_TIMING_SAMPLE, 1).listeners(List.of(this)).build())
            .get(MultiVenueDemo.START_TIMEOUT_S, TimeUnit.SECONDS);
        final List<CompletableFuture<Subscription>> subscribes = new ArrayList<>();
        for (final String instrument : DemoCommand.INSTRUMENTS)
        {
            for (final String kind : List.of("ticker", "book", "trades"))
            {
                subscribes.add(connection.subscribe(kind + "." + instrument + ".100ms", null));
            }
        }
        CompletableFuture.allOf(subscribes.toArray(new CompletableFuture<?>[0]))
            .get(MultiVenueDemo.START_TIMEOUT_S, TimeUnit.SECONDS);
        return "mock Deribit exchange on " + exchange.uri() + ", " + CHANNELS + " channels (ticker, book, trades x " +
            String.join(", ", DemoCommand.INSTRUMENTS) + ")";
    }

    @Override
    public Connection connection()
    {
        return connection;
    }

    @Override
    public long messages()
    {
        return view.messages();
    }

    @Override
    public void appendInstruments(final StringBuilder text)
    {
        view.instrumentLines(text);
    }

    @Override
    public String injectFault()
    {
        faultAtNs = System.nanoTime();
        exchange.dropConnections();
        return "the exchange drops the TCP connection (no close frame)";
    }

    @Override
    public boolean recovered()
    {
        return recoveredAfterNs > 0 && connection.activeSubscriptions().size() == CHANNELS;
    }

    @Override
    public String recovery()
    {
        return recovered() ? String.format("reconnected with %d subscriptions restored in %.1f ms, %d book resyncs",
            connection.activeSubscriptions().size(), recoveredAfterNs / 1e6, view.resyncs()) :
            "not recovered: " + connection.status() + ", " + connection.activeSubscriptions().size() + " of " +
            CHANNELS + " subscriptions";
    }

    @Override
    public void onDisconnected(final Connection connection, final CloseStatus status)
    {
        if (!closing)
        {
            out.printf("  <<< [deribit] disconnected: %s%n", status);
        }
    }

    @Override
    public void onReconnected(final Connection connection)
    {
        final long faultNs = faultAtNs;
        recoveredAfterNs = faultNs == 0 ? 0 : Math.max(1, System.nanoTime() - faultNs);
        out.printf("  >>> [deribit] reconnected (same connection id %d): %d subscriptions restored%n",
            connection.id(), connection.activeSubscriptions().size());
    }

    @Override
    public void close()
    {
        closing = true;
        if (connection != null)
        {
            MultiVenueDemo.close(connection);
        }
        if (exchange != null)
        {
            exchange.close();
        }
    }
}
