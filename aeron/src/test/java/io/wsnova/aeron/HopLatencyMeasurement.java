package io.wsnova.aeron;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.InstrumentSpec;
import io.wsnova.market.MarketListener;
import io.wsnova.market.Side;
import io.wsnova.market.Trade;
import io.wsnova.testkit.Await;
import io.wsnova.testkit.FreePort;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publish-to-subscribe hop of a trade (MarketPublisher encode and offer, Aeron, MarketSubscriber decode,
 * listener), measured, not asserted: open loop at a fixed rate, each trade carrying its intended send time in
 * {@code receiveTimeNs}, latency = subscriber's nanoTime - intended time (HdrHistogram, fixed range); then a burst
 * as fast as the publisher goes for messages/s. Run: {@code ./mvnw -o -B test -pl aeron -Pslow
 * -Dtest=HopLatencyMeasurement -Dsurefire.failIfNoSpecifiedTests=false}; rate and duration by
 * {@code -Dwsnova.hop.rate=N -Dwsnova.hop.seconds=S}.
 */
@Tag("slow")
class HopLatencyMeasurement
{
    private static final int RATE = Integer.getInteger("wsnova.hop.rate", 50_000);
    private static final int SECONDS = Integer.getInteger("wsnova.hop.seconds", 5);
    private static final int WARM_UP_SECONDS = 2;
    private static final int BURST = 2_000_000;

    @ParameterizedTest(name = "{0} x{1}")
    @CsvSource({"ipc, 1", "ipc, 2", "udp, 1"})
    void measureHop(final String transport, final int subscribers) throws Exception
    {
        final String channel = "ipc".equals(transport) ? "aeron:ipc" :
            "aeron:udp?endpoint=127.0.0.1:" + FreePort.find();
        try (AeronTestEnv env = new AeronTestEnv();
            Publication publication = env.aeron.addPublication(channel, MarketRoundTripTest.STREAM_ID);
            PublisherCounters counters = PublisherCounters.allocate(env.aeron, "hop"))
        {
            final InstrumentRegistry registry = new InstrumentRegistry();
            final int venue = registry.venue("binance");
            final int instrument = registry.register(venue, "BTCUSDT", InstrumentSpec.spot(1, 2, 1, 5));
            final long warmUpCount = (long)RATE * WARM_UP_SECONDS;
            final long measuredCount = (long)RATE * SECONDS;
            final AtomicBoolean running = new AtomicBoolean(true);
            final List<Reader> readers = new ArrayList<>();
            for (int i = 0; i < subscribers; i++)
            {
                final Reader reader = new Reader(env.aeron.addSubscription(channel, MarketRoundTripTest.STREAM_ID),
                    warmUpCount, running);
                readers.add(reader);
                reader.thread.start();
            }
            AeronTestEnv.awaitReady(publication);
            final MarketPublisher publisher = MarketPublisher.builder().publication(publication).registry(registry)
                .counters(counters).maxSpinNs(TimeUnit.MILLISECONDS.toNanos(1)).build();
            final Trade trade = new Trade();
            trade.price().set(6_500_012, 2);
            trade.size().set(15, 3);
            trade.aggressor(Side.BUY);

            final long intervalNs = TimeUnit.SECONDS.toNanos(1) / RATE;
            final long total = warmUpCount + measuredCount;
            final long startNs = System.nanoTime();
            for (long i = 0; i < total; i++)
            {
                final long intendedNs = startNs + i * intervalNs;
                while (System.nanoTime() < intendedNs)
                {
                    Thread.onSpinWait();
                }
                trade.header(venue, instrument, i, intendedNs);
                trade.tradeId().set(i);
                publisher.onTrade(trade);
            }
            for (final Reader reader : readers)
            {
                Await.until(() -> reader.count >= total || counters.dropped() > 0, 60_000, "all received");
            }

            final long burstStartNs = System.nanoTime();
            for (long i = total; i < total + BURST; i++)
            {
                trade.header(venue, instrument, i, 0L);
                trade.tradeId().set(i);
                publisher.onTrade(trade);
            }
            for (final Reader reader : readers)
            {
                Await.until(() -> reader.count >= total + BURST - counters.dropped(), 120_000, "burst received");
            }
            long lastNs = 0;
            for (final Reader reader : readers)
            {
                lastNs = Math.max(lastNs, reader.lastReceiveNs);
            }
            running.set(false);
            final double burstSeconds = (lastNs - burstStartNs) / 1e9;
            final StringBuilder report = new StringBuilder()
                .append("HopLatencyMeasurement ").append(channel).append(" subscribers=").append(subscribers)
                .append(" rate=").append(RATE).append("/s for ").append(SECONDS).append(" s (after ")
                .append(WARM_UP_SECONDS).append(" s warm-up)");
            for (final Reader reader : readers)
            {
                reader.thread.join(10_000);
                final Histogram h = reader.histogram;
                report.append(String.format("%n  latency us: p50=%.1f p99=%.1f p99.9=%.1f max=%.1f n=%d",
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount()));
            }
            report.append(String.format("%n  burst: %d trades in %.3f s = %.0f msgs/s per subscriber; B/event=%.1f;" +
                " dropped=%d backPressured=%d", BURST, burstSeconds, BURST / burstSeconds,
                (double)counters.publishedBytes().get() / counters.published().get(), counters.dropped(),
                counters.backPressured().get()));
            System.out.println(report);
            assertThat(readers.get(0).histogram.getTotalCount()).isPositive();
            for (final Reader reader : readers)
            {
                reader.subscription.close();
            }
        }
    }

    private static final class Reader implements MarketListener
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Subscription subscription;
        final Thread thread;
        private final long warmUpCount;
        volatile long count;
        volatile long lastReceiveNs;

        Reader(final Subscription subscription, final long warmUpCount, final AtomicBoolean running)
        {
            this.subscription = subscription;
            this.warmUpCount = warmUpCount;
            final MarketSubscriber subscriber = new MarketSubscriber(this);
            thread = new Thread(() ->
            {
                while (running.get())
                {
                    if (subscriber.poll(subscription, 256) == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            }, "hop-subscriber");
            thread.setDaemon(true);
        }

        @Override
        public void onTrade(final Trade trade)
        {
            final long nowNs = System.nanoTime();
            final long sequence = trade.exchangeTimestampNs();
            if (sequence >= warmUpCount && trade.receiveTimeNs() != 0L)
            {
                histogram.recordValue(Math.min(nowNs - trade.receiveTimeNs(), histogram.getHighestTrackableValue()));
            }
            lastReceiveNs = nowNs;
            count = count + 1;
        }
    }
}
