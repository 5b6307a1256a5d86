package io.wsnova.adapters.deribit.it;

import io.wsnova.adapters.deribit.DeribitOrderBook;
import io.wsnova.mock.deribit.MockBookLevel;
import io.wsnova.mock.deribit.MockBookSnapshot;
import io.wsnova.mock.deribit.MockHostileFeature;
import io.wsnova.mock.deribit.MockHostileStats;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.FaultCounters;
import io.wsnova.engine.config.Option;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.wsnova.adapters.deribit.it.DeribitMockFixture.BTC;
import static io.wsnova.adapters.deribit.it.DeribitMockFixture.ETH;
import static io.wsnova.adapters.deribit.it.DeribitMockFixture.INSTRUMENTS;

/**
 * The real Deribit client against the mock's hostile mode (the same market in every valid but unusual form, see
 * {@code docs/MOCK-DERIBIT.md}), with exact accounting at the end:
 * <ul>
 *   <li>per channel: every notification the mock wrote is delivered, or counted as dropped with a reason by the
 *   client (malformed, book change dropped while stale, delivered raw); none is delivered twice;</li>
 *   <li>every valid message is decoded: no malformed count, no raw delivery of a market-data channel;</li>
 *   <li>trades: the delivered {@code trade_seq}s equal the written ones, none twice;</li>
 *   <li>books: every book state the client delivered equals the mock's book at that {@code change_id} (the mock
 *   keeps its book per change id: a differential oracle), and each book ends live at the mock's last change;</li>
 *   <li>responses: every duplicate or late response the mock wrote is counted by the client as late.</li>
 * </ul>
 * Two drops (TCP closed without a close frame, after complete messages) force reconnects midway.
 * <p>
 * Overrides: {@code -Dwsnova.soak.seed=N}, {@code -Dwsnova.soak.durationMs=N} (default 40,000),
 * {@code -Dwsnova.soak.features=ALL} (or e.g. {@code NUMBER_FORMS,KEY_ORDER}, {@code ALL,-STALLS}), to bisect.
 */
@Tag("slow")
@Timeout(240)
class DeribitMockHostileSoakTest
{
    private static final long SEED = Long.getLong("wsnova.soak.seed", new SplittableRandom().nextLong());
    private static final long DURATION_MS = Long.getLong("wsnova.soak.durationMs", 40_000L);
    private static final String FEATURES = System.getProperty("wsnova.soak.features", "ALL");
    private static final int MESSAGES_PER_SECOND = 1_500;
    private static final int HISTORY_DEPTH = 10;
    private static final long HEARTBEAT_PERIOD_MS = 3_000L;
    private static final long REQUEST_TIMEOUT_MS = 3_000L;
    private static final long LATE_RESPONSE_MS = 4_000L;
    private static final long MAX_STALL_MS = 250L;
    private static final long QUIET_MS = 1_500L;
    private static final int DROPS = 2;
    private static final int SHOWN = 5;
    private static final List<String> CHANNELS = channels();

    private DeribitMockFixture fixture;

    @AfterEach
    void close()
    {
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldAccountForEveryMessageOfAHostileExchange() throws Exception
    {
        final Set<MockHostileFeature> features = MockHostileFeature.parse(FEATURES);
        System.out.println("DeribitMockHostileSoakTest seed=" + SEED + " durationMs=" + DURATION_MS +
            " features=" + features + "  (rerun: -Dwsnova.soak.seed=" + SEED + " -Dwsnova.soak.durationMs=" +
            DURATION_MS + " -Dwsnova.soak.features=" + FEATURES + ")");
        final SoftAssertions softly = soak(features, DURATION_MS);
        softly.assertAll();
    }

    /**
     * {@code -Dwsnova.soak.bisect=true}: one shorter soak per feature of {@code -Dwsnova.soak.features} alone (the
     * duration divided among them, at least 8 s each), then a table of which accounting failed under which feature;
     * fails if any did.
     */
    @Test
    @EnabledIfSystemProperty(named = "wsnova.soak.bisect", matches = "true")
    void shouldAccountForEveryMessageWithEachHostileFeatureAlone() throws Exception
    {
        final Set<MockHostileFeature> selected = MockHostileFeature.parse(FEATURES);
        final long perFeatureMs = Math.max(8_000L, DURATION_MS / selected.size());
        System.out.println("DeribitMockHostileSoakTest bisect seed=" + SEED + " perFeatureMs=" + perFeatureMs);
        final StringBuilder table = new StringBuilder("soak bisect (seed ").append(SEED).append("):\n");
        boolean failed = false;
        for (final MockHostileFeature feature : selected)
        {
            final SoftAssertions softly = soak(EnumSet.of(feature), perFeatureMs);
            fixture.close();
            fixture = null;
            final List<String> failures = new ArrayList<>();
            for (final Throwable error : softly.errorsCollected())
            {
                failures.add(String.valueOf(error.getMessage()).replace('\n', ' ').trim());
            }
            failed |= !failures.isEmpty();
            table.append(String.format("  %-20s %s%n", feature, failures.isEmpty() ? "ok" : failures.size() +
                " failed: " + String.join(" | ", failures)));
        }
        System.out.println(table);
        if (failed)
        {
            throw new AssertionError(table.toString());
        }
    }

    private SoftAssertions soak(final Set<MockHostileFeature> features, final long durationMs) throws Exception
    {
        fixture = DeribitMockFixture.start(DeribitMockFixture.config()
            .messagesPerSecond(MESSAGES_PER_SECOND)
            .heartbeatPeriodMs(HEARTBEAT_PERIOD_MS)
            .seed(SEED)
            .hostile(SEED, features)
            .bookHistoryDepth(HISTORY_DEPTH)
            .lateResponseDelayMs(LATE_RESPONSE_MS)
            .maxStallMs(MAX_STALL_MS));
        fixture.recorder.recordHistory(HISTORY_DEPTH);
        final Connection connection;
        try
        {
            connection = fixture.connect(fixture.adapter(),
                fixture.options().set(Option.REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS).retryAttempts(50));
        }
        catch (final ExecutionException ex)
        {
            final SoftAssertions softly = new SoftAssertions();
            softly.fail("connect failed (" + features + "): " + ex.getCause() + "; events " +
                fixture.recorder.events() + "; " + fixture.exchange.hostileStats());
            System.out.println("soak summary (seed " + SEED + ", " + features + "): connect failed: " + ex.getCause());
            return softly;
        }
        final FaultCounters faults = connection.faultCounters();
        final List<CompletableFuture<?>> subscribes = new ArrayList<>();
        for (final String channel : CHANNELS)
        {
            subscribes.add(connection.subscribe(channel, null));
        }

        runWithDrops(durationMs);
        fixture.exchange.pauseMarketData();
        if (features.contains(MockHostileFeature.LATE_RESPONSES))
        {
            // every late response scheduled so far is written (or discarded) before the counts are compared
            DeribitMockFixture.pause(LATE_RESPONSE_MS + QUIET_MS);
        }
        awaitQuiet(faults);

        return thenEverythingIsAccountedFor(faults, subscribes, features);
    }

    private void runWithDrops(final long durationMs)
    {
        final long startNs = System.nanoTime();
        int drops = 0;
        long reconnectsBefore = 0;
        while (System.nanoTime() - startNs < TimeUnit.MILLISECONDS.toNanos(durationMs))
        {
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            if (drops < DROPS && elapsedMs >= durationMs * (drops + 1) / (DROPS + 2) &&
                fixture.recorder.reconnects() >= reconnectsBefore)
            {
                reconnectsBefore = fixture.recorder.reconnects() + 1;
                final int dropped = fixture.exchange.dropConnections();
                System.out.println("soak: drop " + (drops + 1) + " at " + elapsedMs + " ms (" + dropped +
                    " connection)");
                drops++;
            }
            DeribitMockFixture.pause(50);
        }
    }

    /**
     * Market data paused: waits until nothing moves on either side for {@link #QUIET_MS} (bounded by the fixture's
     * wait), so the counts compared are final.
     */
    private void awaitQuiet(final FaultCounters faults)
    {
        final long[] last = {-1};
        final long[] sinceNs = {System.nanoTime()};
        fixture.await("both sides quiet for " + QUIET_MS + " ms", () ->
        {
            final long now = total(fixture.recorder.messagesByChannel(CHANNELS)) * 31 +
                total(written()) * 17 + faults.malformedMessages().get() + fixture.recorder.rawMessages();
            if (now != last[0])
            {
                last[0] = now;
                sinceNs[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - sinceNs[0] > TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
        });
    }

    private SoftAssertions thenEverythingIsAccountedFor(final FaultCounters faults,
        final List<CompletableFuture<?>> subscribes, final Set<MockHostileFeature> features)
    {
        final MockHostileStats mock = fixture.exchange.hostileStats();
        final Recorder recorder = fixture.recorder;
        final SoftAssertions softly = new SoftAssertions();
        final StringBuilder summary = new StringBuilder("soak summary (seed ").append(SEED).append(", ")
            .append(features).append("):\n");

        // subscriptions
        final long subscribed = subscribes.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
        summary.append("  subscribes confirmed ").append(subscribed).append('/').append(CHANNELS.size()).append('\n');
        softly.assertThat(subscribed).as("subscribe futures completed normally").isEqualTo(CHANNELS.size());

        // messages per channel
        final long[] written = written();
        final long[] delivered = recorder.messagesByChannel(CHANNELS);
        long missing = 0;
        for (int i = 0; i < CHANNELS.size(); i++)
        {
            final String channel = CHANNELS.get(i);
            summary.append("  ").append(channel).append(": written ").append(written[i]).append(", delivered ")
                .append(delivered[i]).append(", discarded at drop ").append(mock.messagesDiscarded(channel))
                .append('\n');
            softly.assertThat(delivered[i]).as(channel + ": delivered <= written (nothing twice or invented)")
                .isLessThanOrEqualTo(written[i]);
            missing += written[i] - delivered[i];
        }
        long droppedChanges = 0;
        for (final DeribitOrderBook book : recorder.everyBook())
        {
            droppedChanges += book.droppedChangeCount();
            summary.append("  ").append(book.channel()).append(" book: snapshots ").append(book.snapshotCount())
                .append(", changes ").append(book.changeCount()).append(", dropped changes ")
                .append(book.droppedChangeCount()).append(", resyncs ").append(book.resyncCount())
                .append(", stale ").append(book.isStale()).append('\n');
        }
        final long malformed = faults.malformedMessages().get();
        final long raw = recorder.rawMessages();
        summary.append("  not delivered ").append(missing).append(" = malformed ").append(malformed)
            .append(" + book changes dropped ").append(droppedChanges).append(" + raw ").append(raw)
            .append(" + unaccounted ").append(missing - malformed - droppedChanges - raw).append('\n');
        softly.assertThat(missing).as("accounting: every written message not delivered has a counted reason " +
            "(malformed + book changes dropped + delivered raw)").isEqualTo(malformed + droppedChanges + raw);
        softly.assertThat(malformed).as("valid messages refused as malformed").isZero();
        softly.assertThat(raw).as("market-data messages not decoded (delivered raw)").isZero();

        thenTradesExact(softly, summary, mock);
        thenBooksEqualTheMockAtEveryChangeId(softly, summary, mock);

        // responses
        final long lateOrDuplicate = mock.duplicateResponsesWritten() + mock.lateResponsesWritten();
        summary.append("  responses: written ").append(mock.responsesWritten()).append(", duplicates ")
            .append(mock.duplicateResponsesWritten()).append(", late ").append(mock.lateResponsesWritten())
            .append("; client late responses ").append(faults.lateResponses().get()).append('\n');
        softly.assertThat(faults.lateResponses().get()).as("duplicate and late responses counted by the client")
            .isEqualTo(lateOrDuplicate);

        // connection
        summary.append("  reconnects ").append(recorder.reconnects()).append(", disconnects ")
            .append(recorder.disconnects()).append(", mock drops ").append(mock.drops()).append('\n');
        summary.append("  ").append(mock).append('\n');
        softly.assertThat(recorder.reconnects()).as("reconnects after the drops").isGreaterThanOrEqualTo(DROPS);
        softly.assertThat(recorder.disconnects()).as("disconnects: only the mock's drops").isEqualTo(mock.drops());
        softly.assertThat(faults.listenerErrors().get()).as("listener errors").isZero();
        softly.assertThat(mock.fragmentedMessages() + mock.rewrittenMessages() + mock.socketWrites())
            .as("the hostile server wrote").isPositive();
        final List<String> events = recorder.events().stream()
            .filter(event -> !event.startsWith("confirmed")).limit(2 * SHOWN).toList();
        summary.append("  client events (first ").append(events.size()).append(", confirmations left out):\n    ")
            .append(String.join("\n    ", events)).append('\n');
        System.out.println(summary);
        return softly;
    }

    private void thenTradesExact(final SoftAssertions softly, final StringBuilder summary, final MockHostileStats mock)
    {
        for (final String instrument : INSTRUMENTS)
        {
            final long[] written = mock.tradeSeqsWritten(instrument);
            final long[] delivered = fixture.recorder.tradeSeqs(instrument);
            final Set<Long> writtenSet = new HashSet<>();
            Arrays.stream(written).forEach(writtenSet::add);
            final Set<Long> seen = new HashSet<>();
            final TreeSet<Long> duplicates = new TreeSet<>();
            for (final long seq : delivered)
            {
                if (!seen.add(seq))
                {
                    duplicates.add(seq);
                }
            }
            final TreeSet<Long> missing = new TreeSet<>(writtenSet);
            missing.removeAll(seen);
            final TreeSet<Long> extra = new TreeSet<>(seen);
            extra.removeAll(writtenSet);
            summary.append("  trades ").append(instrument).append(": written ").append(written.length)
                .append(", delivered ").append(delivered.length).append(", missing ").append(missing.size())
                .append(", duplicated ").append(duplicates.size()).append(", unknown ").append(extra.size())
                .append('\n');
            softly.assertThat(written.length).as(instrument + " trades written (distinct)")
                .isEqualTo(writtenSet.size());
            softly.assertThat(duplicates).as(instrument + " trades delivered twice").isEmpty();
            softly.assertThat(first(missing)).as(instrument + " trades missing (" + missing.size() + ")").isEmpty();
            softly.assertThat(first(extra)).as(instrument + " trades never written (" + extra.size() + ")").isEmpty();
        }
    }

    private void thenBooksEqualTheMockAtEveryChangeId(final SoftAssertions softly, final StringBuilder summary,
        final MockHostileStats mock)
    {
        for (final String instrument : INSTRUMENTS)
        {
            final List<Recorder.BookState> states = fixture.recorder.bookHistory(instrument);
            final long[] writtenIds = mock.changeIdsWritten(instrument);
            final Set<Long> writtenSet = new HashSet<>();
            Arrays.stream(writtenIds).forEach(writtenSet::add);
            final List<String> mismatches = new ArrayList<>();
            int notWritten = 0;
            int notInHistory = 0;
            for (final Recorder.BookState state : states)
            {
                if (!writtenSet.contains(state.changeId()))
                {
                    notWritten++;
                }
                final MockBookSnapshot expected = fixture.exchange.bookAt(instrument, state.changeId());
                if (expected == null)
                {
                    notInHistory++;
                    continue;
                }
                final List<String> bids = normalised(expected.bids());
                final List<String> asks = normalised(expected.asks());
                if (!bids.equals(state.bids()) || !asks.equals(state.asks()))
                {
                    if (mismatches.size() < SHOWN)
                    {
                        mismatches.add("change_id " + state.changeId() + (state.snapshot() ? " (snapshot)" : "") +
                            ": client bids " + state.bids() + " asks " + state.asks() + "; mock bids " + bids +
                            " asks " + asks);
                    }
                    else
                    {
                        mismatches.add("");
                    }
                }
            }
            final long lastWritten = writtenIds.length == 0 ? -1 : writtenIds[writtenIds.length - 1];
            final long lastDelivered = states.isEmpty() ? -1 : states.get(states.size() - 1).changeId();
            final DeribitOrderBook book = fixture.recorder.book(instrument);
            summary.append("  book states ").append(instrument).append(": delivered ").append(states.size())
                .append(", written notifications ").append(writtenIds.length).append(", unequal to the mock ")
                .append(mismatches.size()).append(", change_id never written ").append(notWritten)
                .append(", last delivered ").append(lastDelivered).append(" / last written ").append(lastWritten)
                .append('\n');
            softly.assertThat(states).as(instrument + " book states delivered").isNotEmpty();
            softly.assertThat(mismatches.stream().filter(m -> !m.isEmpty()).toList())
                .as(instrument + " book states unequal to the mock's book at their change_id (" + mismatches.size() +
                    ")").isEmpty();
            softly.assertThat(notWritten).as(instrument + " book states at a change_id the mock never wrote").isZero();
            softly.assertThat(notInHistory).as(instrument + " book states outside the mock's history").isZero();
            softly.assertThat(lastDelivered).as(instrument + " book live at the end: last delivered change_id")
                .isEqualTo(lastWritten);
            softly.assertThat(book != null && book.isStale()).as(instrument + " book stale at the end").isFalse();
        }
    }

    private long[] written()
    {
        final long[] counts = new long[CHANNELS.size()];
        for (int i = 0; i < counts.length; i++)
        {
            counts[i] = fixture.exchange.hostileStats().messagesWritten(CHANNELS.get(i));
        }
        return counts;
    }

    private static List<String> normalised(final List<MockBookLevel> levels)
    {
        final List<String> texts = new ArrayList<>(levels.size());
        for (final MockBookLevel level : levels)
        {
            texts.add(Recorder.normalised(level.price()) + " " + level.amount());
        }
        return texts;
    }

    private static List<Long> first(final TreeSet<Long> values)
    {
        return values.stream().limit(SHOWN).toList();
    }

    private static long total(final long[] values)
    {
        return Arrays.stream(values).sum();
    }

    private static List<String> channels()
    {
        final List<String> channels = new ArrayList<>();
        for (final String instrument : List.of(BTC, ETH))
        {
            for (int kind = 0; kind < Recorder.KIND_NAMES.length; kind++)
            {
                channels.add(DeribitMockFixture.channel(kind, instrument));
            }
        }
        return List.copyOf(channels);
    }
}
