package io.wsnova.cli;

import io.wsnova.adapters.deribit.DeribitAdapter;
import io.wsnova.adapters.deribit.DeribitClient;
import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.telemetry.LatencyStats;
import io.wsnova.engine.telemetry.Stage;
import io.wsnova.engine.telemetry.Telemetry;
import io.wsnova.engine.telemetry.Window;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./nova demo}: a whole Deribit session, end to end. Starts the embedded mock exchange on a free loopback port
 * (or uses {@code --url} with DERIBIT_CLIENT_ID / DERIBIT_CLIENT_SECRET), connects with the Deribit adapter,
 * authenticates, sets heartbeats, subscribes to ticker, book and trades of BTC-PERPETUAL and ETH-PERPETUAL, shows a
 * live view once a second, drops the connection once mid-run (mock only) to show reconnection with restore, then
 * prints a summary. Exit 0 when data flowed (and, on the mock, the connection came back with everything
 * restored); 1 otherwise; 2 on a usage error. With {@code --venues}, {@link MultiVenueDemo} runs several venues'
 * mocks at once instead.
 */
final class DemoCommand
{
    static final String USAGE = CommandLine.usage("""
        usage: ./nova demo [--duration SECONDS] [--rate MSGS_PER_SEC] [--url wss://test.deribit.com/ws/api/v2]
               ./nova demo --venues deribit,binance,bybit,okx,coinbase [--duration SECONDS] [--rate MSGS_PER_SEC]
        The Deribit flow against the embedded mock exchange: a live view once a second, one injected drop and
        its restore, a summary. With --venues: the mock of each venue at once, a view per venue (msg/s, top of
        book, socket->handler p50/p99/p99.9), one fault per venue half way through and its recovery, a summary.
        """, DemoArgs.FLAGS, """
        Exit 0 when data flowed (on the mock: and the connection came back with everything restored; with
        --venues: for every venue) or on SIGTERM/Ctrl-C (summary printed, connection closed); 1 otherwise (one
        line on stderr); 2 on a usage error.
        """);
    static final List<String> INSTRUMENTS = List.of("BTC-PERPETUAL", "ETH-PERPETUAL");
    /** The mock sends a test_request this often (the real venue: once per set_heartbeat interval, >= 10 s). */
    static final long MOCK_HEARTBEAT_PERIOD_MS = 1_000L;

    private DemoCommand()
    {
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final DemoArgs parsed;
        try
        {
            parsed = DemoArgs.parse(args, System.getenv());
        }
        catch (final IllegalArgumentException ex)
        {
            return Main.usageError(err, "demo: " + ex.getMessage(), USAGE);
        }
        if (parsed == null)
        {
            out.print(USAGE);
            return Main.EXIT_OK;
        }
        return run(parsed, out, err);
    }

    static int run(final DemoArgs args, final PrintStream out, final PrintStream err)
    {
        try (TermHook term = TermHook.install("demo", out, err))
        {
            return args.venues().isEmpty() ? run(args, out, err, term) : MultiVenueDemo.run(args, out, err, term);
        }
        catch (final RuntimeException | Error ex)
        {
            err.println("nova demo: unexpected failure: " + StreamCommand.describe(ex));
            return Main.EXIT_FAILURE;
        }
    }

    private static int run(final DemoArgs args, final PrintStream out, final PrintStream err, final TermHook term)
    {
        MockDeribitExchange exchange = null;
        final String url;
        final Credentials credentials;
        if (args.url() == null)
        {
            final String clientId = "wsnova-demo";
            final String secret = args.clientSecret() != null ? args.clientSecret() : randomSecret();
            exchange = new MockDeribitExchange(MockDeribitConfig.builder()
                .account(clientId, secret)
                .messagesPerSecond(args.rate())
                .minHeartbeatIntervalS(DeribitAdapter.MIN_HEARTBEAT_INTERVAL_S)
                .heartbeatPeriodMs(MOCK_HEARTBEAT_PERIOD_MS)
                .build());
            exchange.start();
            url = exchange.uri().toString();
            credentials = new Credentials(clientId, secret);
            out.printf("mock Deribit exchange listening on %s (%d msg/s, seeded market for %s)%n", url, args.rate(),
                String.join(", ", INSTRUMENTS));
        }
        else
        {
            url = args.url();
            credentials = args.clientId() == null ? null : new Credentials(args.clientId(), args.clientSecret());
            out.printf("connecting to %s (%s)%n", url, credentials == null ? "public data only: no credentials" :
                "authenticating as the client in DERIBIT_CLIENT_ID");
        }
        try
        {
            return new DemoSession(args, exchange, url, credentials, out, err, term).run();
        }
        finally
        {
            if (exchange != null)
            {
                exchange.close();
            }
        }
    }

    private static String randomSecret()
    {
        final byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * One demo run: market data counted on the message thread, the view printed by the calling thread.
     */
    private static final class DemoSession implements ConnectionListener
    {
        private final DemoArgs args;
        private final MockDeribitExchange exchange;
        private final String url;
        private final Credentials credentials;
        private final PrintStream out;
        private final PrintStream err;
        private final DemoView view = new DemoView(INSTRUMENTS);
        private final AtomicLong reconnects = new AtomicLong();
        private final TermHook term;
        private volatile long dropAtNs;
        private volatile boolean finished;
        private volatile long reconnectedAfterNs;

        DemoSession(final DemoArgs args, final MockDeribitExchange exchange, final String url,
            final Credentials credentials, final PrintStream out, final PrintStream err, final TermHook term)
        {
            this.term = term;
            this.args = args;
            this.exchange = exchange;
            this.url = url;
            this.credentials = credentials;
            this.out = out;
            this.err = err;
        }

        int run()
        {
            final DeribitAdapter adapter = DeribitAdapter.builder().listener(view)
                .heartbeatIntervalS(DeribitAdapter.MIN_HEARTBEAT_INTERVAL_S).build();
            final NovaOptions.Builder options = NovaOptions.builder().url(url).retryAttempts(-1)
                .logLevel(LoggingHandler.Level.WARN)
                .set(Option.RECONNECT_BASE_DELAY_MS, 50L)
                .set(Option.STAGE_TIMING_SAMPLE, 1)
                .set(Option.COUNTERS_FILE, Boolean.TRUE)
                .listeners(List.of(this));
            if (credentials != null)
            {
                options.credentials(credentials);
            }
            final CompletableFuture<Connection> connecting = DeribitClient.of(adapter).connect(options.build());
            final Connection connection;
            try
            {
                connection = connecting.get(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                connecting.thenAccept(Connection::close);
                return interrupted();
            }
            catch (final ExecutionException | CancellationException | TimeoutException ex)
            {
                connecting.thenAccept(Connection::close);
                err.println("nova demo: could not connect to " + url + ": " + StreamCommand.describe(ex));
                return Main.EXIT_FAILURE;
            }
            try
            {
                return stream(connection);
            }
            catch (final InterruptedException ex)
            {
                return interrupted();
            }
            finally
            {
                finished = true;
                Thread.interrupted();
                connection.close();
                try
                {
                    connection.closeFuture().get(StreamCommand.CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException | ExecutionException | TimeoutException | CancellationException ex)
                {
                    // closing anyway: close() released the socket whatever the handshake did
                }
                out.flush();
            }
        }

        private int interrupted()
        {
            if (term.requested())
            {
                return Main.EXIT_OK;
            }
            Thread.currentThread().interrupt();
            err.println("nova demo: interrupted");
            return Main.EXIT_FAILURE;
        }

        private int stream(final Connection connection) throws InterruptedException
        {
            out.printf("connected: connection id %d%s, public/set_heartbeat %d s%s%n",
                connection.id(), connection.isAuthenticated() ? ", authenticated" : "",
                DeribitAdapter.MIN_HEARTBEAT_INTERVAL_S, exchange == null ? "" :
                " (the mock sends a test_request every " + MOCK_HEARTBEAT_PERIOD_MS + " ms; each is answered)");
            final List<CompletableFuture<Subscription>> subscribes = new ArrayList<>();
            for (final String instrument : INSTRUMENTS)
            {
                for (final String kind : List.of("ticker", "book", "trades"))
                {
                    subscribes.add(connection.subscribe(kind + "." + instrument + ".100ms", null));
                }
            }
            try
            {
                CompletableFuture.allOf(subscribes.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
            }
            catch (final ExecutionException | CancellationException | TimeoutException ex)
            {
                err.println("nova demo: subscribing failed: " + StreamCommand.describe(ex));
                return Main.EXIT_FAILURE;
            }
            out.printf("subscribed: %d channels (ticker, book, trades x %s)%n", subscribes.size(),
                String.join(", ", INSTRUMENTS));
            final Telemetry telemetry = Telemetry.global();
            if (telemetry.countersFile() != null)
            {
                out.printf("counters: %s (live while the demo runs; watch it from another terminal with " +
                    "./nova stat %d)%n", telemetry.countersFile(), ProcessHandle.current().pid());
            }
            out.printf("latency: socket->handler of every WebSocket message (one sample each; a message can carry " +
                "several market events), n = samples behind each percentile%n%n");

            final long startNs = System.nanoTime();
            final long dropAfterS = exchange == null ? Long.MAX_VALUE : Math.max(1, args.durationS() / 2);
            long previousMessages = 0;
            for (int second = 1; second <= args.durationS(); second++)
            {
                try
                {
                    TimeUnit.NANOSECONDS.sleep(startNs + TimeUnit.SECONDS.toNanos(second) - System.nanoTime());
                }
                catch (final InterruptedException ex)
                {
                    if (!term.requested())
                    {
                        throw ex;
                    }
                    out.printf("  >>> stopped by a signal after %d s%n", second - 1);
                    break;
                }
                telemetry.refresh();
                final long messages = view.messages();
                final LatencyStats latency = telemetry.latency(connection.id(), Stage.TOTAL, Window.INTERVAL);
                out.print(view.render(second, messages - previousMessages, latency, connection.status()));
                previousMessages = messages;
                if (second == dropAfterS)
                {
                    out.println("  >>> fault injected: the exchange drops the TCP connection (no close frame)");
                    dropAtNs = System.nanoTime();
                    exchange.dropConnections();
                }
            }
            telemetry.refresh();
            finished = true;
            return summary(connection, telemetry, System.nanoTime() - startNs);
        }

        private int summary(final Connection connection, final Telemetry telemetry, final long elapsedNs)
        {
            final LatencyStats latency = telemetry.latency(connection.id(), Stage.TOTAL, Window.CUMULATIVE);
            final double seconds = elapsedNs / 1e9;
            out.println();
            out.println("summary");
            out.printf("  messages      %,d in %.1f s (%,.0f/s): %,d tickers, %,d book updates, %,d trades%n",
                view.messages(), seconds, view.messages() / seconds, view.tickers(), view.books(), view.trades());
            out.printf("  reconnects    %d%s%n", reconnects.get(), reconnectedAfterNs > 0 ? String.format(
                " (back with auth and %d subscriptions in %.1f ms)", connection.activeSubscriptions().size(),
                reconnectedAfterNs / 1e6) : "");
            out.printf("  book resyncs  %d; subscriptions active %d; status %s%n", view.resyncs(),
                connection.activeSubscriptions().size(), connection.status());
            out.printf("  latency       socket->handler, one sample per WebSocket message: p50 %s  p99 %s  p99.9 %s" +
                "  max %s, each of n = %,d samples (%,d market events)%n", DemoView.micros(latency.p50Ns()),
                DemoView.micros(latency.p99Ns()), DemoView.micros(latency.p999Ns()), DemoView.micros(latency.maxNs()),
                latency.count(), view.messages());
            if (exchange != null)
            {
                out.printf("  heartbeats    %d test_request sent by the exchange, %d answered%n",
                    exchange.stats().heartbeatsSent(), exchange.stats().heartbeatsAnswered());
            }
            if (telemetry.countersFile() != null)
            {
                out.println("  counters      " + telemetry.countersFile() + " (removed when the demo exits)");
            }
            final boolean restored = exchange == null || (reconnects.get() >= 1 &&
                connection.activeSubscriptions().size() == INSTRUMENTS.size() * 3);
            if (term.requested())
            {
                return Main.EXIT_OK;
            }
            if (view.messages() == 0 || !restored)
            {
                err.println("nova demo: " + (view.messages() == 0 ? "no market data arrived" :
                    "the connection did not come back with its subscriptions"));
                return Main.EXIT_FAILURE;
            }
            return Main.EXIT_OK;
        }

        @Override
        public void onDisconnected(final Connection connection, final CloseStatus status)
        {
            if (finished)
            {
                return;
            }
            out.printf("  <<< disconnected: %s%n", status);
        }

        @Override
        public void onReconnecting(final Connection connection, final int attempt, final long delayMs)
        {
            out.printf("  ... reconnecting: attempt %d in %d ms%n", attempt, delayMs);
        }

        @Override
        public void onReconnected(final Connection connection)
        {
            reconnects.incrementAndGet();
            final long dropNs = dropAtNs;
            reconnectedAfterNs = dropNs == 0 ? 0 : System.nanoTime() - dropNs;
            out.printf("  >>> reconnected (same connection id %d): authenticated=%s, %d subscriptions restored%n",
                connection.id(), connection.isAuthenticated(), connection.activeSubscriptions().size());
        }

        @Override
        public void onError(final Connection connection, final String message, final Throwable cause)
        {
            out.printf("  !!! %s%n", message);
        }

        @Override
        public String toString()
        {
            return "DemoSession" + Map.of("url", url);
        }
    }
}
