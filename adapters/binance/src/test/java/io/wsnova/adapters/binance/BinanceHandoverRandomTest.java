package io.wsnova.adapters.binance;

import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketListener;
import io.wsnova.market.TopOfBook;
import io.wsnova.market.Trade;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handover's merge over seeded random interleavings of two connections carrying the same ids: the old one from
 * the start, the new one from a random later id, each at its own pace, the new one ready at a random moment. The
 * listener must see every trade id and every book ticker id exactly once, in order, and the handover complete;
 * also for an instrument whose first trade comes during the handover, on either connection first.
 * The seed is printed; {@code -Dwsnova.seed=N} replays one.
 */
class BinanceHandoverRandomTest
{
    private static final int RUNS = 2_000;
    private static final int IDS = 120;

    @Test
    void shouldDeliverEveryIdOnceAcrossAnyInterleaving()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("BinanceHandoverRandomTest seed: -Dwsnova.seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < RUNS; run++)
        {
            run(random, "seed " + seed + " run " + run);
        }
    }

    private static void run(final SplittableRandom random, final String what)
    {
        final Recorder recorder = new Recorder();
        final BinanceAdapter adapter = BinanceAdapter.builder().listener(recorder).build();
        final BinanceFeed feed = BinanceFeed.builder(adapter).build();
        final BinanceHandover handover = new BinanceHandover(feed, adapter);
        final BinanceLeg old = new BinanceLeg(feed, adapter, handover, 1);
        final BinanceLeg replacement = new BinanceLeg(feed, adapter, handover, 2);
        handover.activate(old);
        handover.expect(BinanceHandover.TRADE, 0, true);
        handover.expect(BinanceHandover.TOP, 0, true);
        handover.expect(BinanceHandover.TRADE, 1, true);

        final int handoverAt = 1 + random.nextInt(IDS / 3);
        final int replacementFrom = handoverAt + random.nextInt(IDS / 4);
        final int readyAfter = random.nextInt(IDS);
        int oldNext = 1;
        int newNext = replacementFrom;
        int steps = 0;
        boolean begun = false;
        boolean ready = false;
        final Trade trade = new Trade();
        final TopOfBook top = new TopOfBook();
        while (oldNext <= IDS || newNext <= IDS)
        {
            if (!begun && oldNext > handoverAt)
            {
                begun = handover.begin(old, replacement, io.wsnova.market.FeedReason.CONNECTION_AGE, 0L);
            }
            if (begun && !ready && steps >= readyAfter)
            {
                ready = true;
                handover.onStandbyReady(replacement, 0L);
            }
            final boolean fromOld = newNext > IDS || !begun || (oldNext <= IDS && random.nextBoolean());
            final BinanceLeg leg = fromOld ? old : replacement;
            final int id = fromOld ? oldNext++ : newNext++;
            trade.header(adapter.venueId(), 0, 0L, 0L);
            trade.tradeId().set(id);
            leg.onTrade(trade, false);
            if (id > handoverAt && (id - handoverAt) % 7 == 0)
            {
                // a sparse second instrument whose first trade comes after the handover began, on either
                // connection first
                trade.header(adapter.venueId(), 1, 0L, 0L);
                trade.tradeId().set((id - handoverAt) / 7);
                leg.onTrade(trade, false);
            }
            top.reset().header(adapter.venueId(), 0, 0L, 0L);
            top.sequence(10L * id);
            leg.onTopOfBook(top);
            steps++;
        }
        if (!ready)
        {
            handover.onStandbyReady(replacement, 0L);
        }
        final List<Long> expectedQuiet = new ArrayList<>();
        for (long id = 1; id <= (IDS - handoverAt) / 7; id++)
        {
            expectedQuiet.add(id);
        }
        assertThat(recorder.quietTrades).as(what).isEqualTo(expectedQuiet);
        final List<Long> expectedTrades = new ArrayList<>();
        final List<Long> expectedTops = new ArrayList<>();
        for (long id = 1; id <= IDS; id++)
        {
            expectedTrades.add(id);
            expectedTops.add(10L * id);
        }
        assertThat(recorder.trades).as(what).isEqualTo(expectedTrades);
        assertThat(recorder.tops).as(what).isEqualTo(expectedTops);
        assertThat(recorder.states).as(what).containsExactly(FeedState.HANDOVER_STARTED, FeedState.HANDOVER_DONE);
        assertThat(handover.active()).as(what).isSameAs(replacement);
    }

    private static final class Recorder implements MarketListener
    {
        final List<Long> trades = new ArrayList<>();
        final List<Long> quietTrades = new ArrayList<>();
        final List<Long> tops = new ArrayList<>();
        final List<FeedState> states = new ArrayList<>();

        @Override
        public void onTrade(final Trade trade)
        {
            (trade.instrumentId() == 0 ? trades : quietTrades).add(trade.tradeId().numeric());
        }

        @Override
        public void onTopOfBook(final TopOfBook top)
        {
            tops.add(top.sequence());
        }

        @Override
        public void onStatus(final FeedStatus status)
        {
            states.add(status.state());
        }
    }
}
