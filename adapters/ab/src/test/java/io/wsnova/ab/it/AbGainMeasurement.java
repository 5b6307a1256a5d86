package io.wsnova.ab.it;

import io.wsnova.ab.AbArbiter;
import io.wsnova.ab.AbCounters;
import io.wsnova.ab.AbFeed;
import io.wsnova.adapters.okx.OkxAdapter;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.behaviour.LoggingHandler;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.market.BookUpdate;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.MarketListener;
import io.wsnova.market.OkxSequenceRule;
import io.wsnova.market.OrderBook;
import io.wsnova.mock.okx.MockOkxExchange;
import io.wsnova.mock.relay.DelayRelay;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arbitration gain (issue 16 item 5): one OKX mock, two legs through delaying relays with different jitter
 * (A uniform 0-2 ms, B triangular 1 ms +- 1 ms), one book update per step at about 1 kHz. For every {@code seqId}:
 * the origin (just before the mock generated it), each leg's receive time (the reader's stamp, tapped before the
 * arbiter), and the consumer's delivery time (after the arbitration thread's hop). Writes p50/p90/p99 of each leg
 * alone, of the ideal arbitrated stream (the earlier leg), of the delivered stream, the win ratio and the lead
 * histogram to {@code target/ab-gain.txt}. Slow (tagged); the numbers are read, not asserted.
 * <p>
 * Run: {@code ./mvnw -o -q -B test -pl adapters/ab -am -Pslow -Dtest=AbGainMeasurement
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dwsnova.ab.steps=N]}.
 */
@Tag("slow")
class AbGainMeasurement
{
    private static final String SPOT = "BTC-USDT";

    @Test
    void shouldMeasureTheArbitratedLatencyAgainstEachLeg() throws Exception
    {
        final int steps = Integer.getInteger("wsnova.ab.steps", 5_000);
        final ConcurrentHashMap<Long, Long> origin = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Long, Long> receivedA = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Long, Long> receivedB = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Long, Long> delivered = new ConcurrentHashMap<>();
        final MarketListener consumer = new MarketListener()
        {
            @Override
            public void onBook(final BookUpdate update, final OrderBook book)
            {
                delivered.put(update.lastSequence(), System.nanoTime());
            }
        };
        final AbArbiter arbiter = AbArbiter.builder().consumer(consumer).rule(OkxSequenceRule.INSTANCE).build();
        final InstrumentRegistry registryA = new InstrumentRegistry();
        final InstrumentRegistry registryB = new InstrumentRegistry();
        Connection a = null;
        Connection b = null;
        try (MockOkxExchange exchange = MockOkxExchange.builder().seed(5).instruments(List.of(SPOT)).build().start();
            DelayRelay relayA = new DelayRelay(exchange.uri().getPort(), 0, 2_000_000L, false, 11L);
            DelayRelay relayB = new DelayRelay(exchange.uri().getPort(), 0, 2_000_000L, true, 12L);
            AbFeed feed = new AbFeed(arbiter, new InstrumentRegistry(), registryA, registryB, 4096).start(null))
        {
            a = connect(relayA, tap(feed.leg(AbArbiter.LEG_A), receivedA), registryA);
            b = connect(relayB, tap(feed.leg(AbArbiter.LEG_B), receivedB), registryB);
            a.subscribe("books:" + SPOT, null).get(30, TimeUnit.SECONDS);
            b.subscribe("books:" + SPOT, null).get(30, TimeUnit.SECONDS);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            long nextNs = System.nanoTime();
            for (int i = 0; i < steps; i++)
            {
                while (System.nanoTime() < nextNs)
                {
                    LockSupport.parkNanos(50_000L);
                }
                final long startNs = System.nanoTime();
                exchange.step(1);
                origin.put(exchange.lastSeqId(SPOT), startNs);
                nextNs += 1_000_000L;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
        finally
        {
            if (a != null)
            {
                a.close();
            }
            if (b != null)
            {
                b.close();
            }
        }
        final Histogram legA = histogram();
        final Histogram legB = histogram();
        final Histogram ideal = histogram();
        final Histogram arbitrated = histogram();
        long both = 0;
        for (final var entry : origin.entrySet())
        {
            final Long atA = receivedA.get(entry.getKey());
            final Long atB = receivedB.get(entry.getKey());
            final Long atConsumer = delivered.get(entry.getKey());
            if (atA == null || atB == null || atConsumer == null)
            {
                continue;
            }
            both++;
            final long start = entry.getValue();
            legA.recordValue(Math.max(1, atA - start));
            legB.recordValue(Math.max(1, atB - start));
            ideal.recordValue(Math.max(1, Math.min(atA, atB) - start));
            arbitrated.recordValue(Math.max(1, atConsumer - start));
        }
        final AbCounters counters = arbiter.counters();
        final String report = "updates measured (both legs and the consumer): " + both + " of " + steps + "\n" +
            "latency from the mock's step to (us)      p50      p90      p99     max\n" +
            row("leg A alone (uniform 0-2 ms)", legA) +
            row("leg B alone (triangular 1+-1 ms)", legB) +
            row("arbitrated, ideal (earlier leg)", ideal) +
            row("arbitrated, delivered (after hop)", arbitrated) +
            counters.summary();
        System.out.println(report);
        Files.writeString(Path.of("target", "ab-gain.txt"), report, StandardCharsets.UTF_8);
        assertThat(both).isPositive();
    }

    private static String row(final String name, final Histogram histogram)
    {
        return String.format("%-40s %8.1f %8.1f %8.1f %8.1f%n", name, histogram.getValueAtPercentile(50) / 1e3,
            histogram.getValueAtPercentile(90) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getMaxValue() / 1e3);
    }

    private static Histogram histogram()
    {
        return new Histogram(1L, TimeUnit.SECONDS.toNanos(10), 3);
    }

    private static MarketListener tap(final MarketListener leg, final ConcurrentHashMap<Long, Long> received)
    {
        return new MarketListener()
        {
            @Override
            public void onBook(final BookUpdate update, final OrderBook book)
            {
                received.putIfAbsent(update.lastSequence(), update.receiveTimeNs());
                leg.onBook(update, book);
            }

            @Override
            public void onStatus(final io.wsnova.market.FeedStatus status)
            {
                leg.onStatus(status);
            }
        };
    }

    private static Connection connect(final DelayRelay relay, final MarketListener leg,
        final InstrumentRegistry registry) throws Exception
    {
        final OkxAdapter adapter = OkxAdapter.builder().listener(leg).registry(registry).requestLimit(30, 50).build();
        return Nova.connect(adapter, NovaOptions.builder()
            .url("ws://127.0.0.1:" + relay.port() + "/ws/v5/public")
            .logLevel(LoggingHandler.Level.ERROR)
            .set(Option.RECONNECT_BASE_DELAY_MS, 50L)
            .build()).get(30, TimeUnit.SECONDS);
    }

}
