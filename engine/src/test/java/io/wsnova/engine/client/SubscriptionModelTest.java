package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based test of the subscription lifecycle against a real loopback server ({@link FaultServer}).
 * <p>
 * The reference model is what the user asked for: per channel, wanted or not, and whether the venue has refused it
 * since it was last asked for. Random sequences interleave the user's subscribe, unsubscribe and close with the
 * adapter's resync ({@link Connection#resubscribe}: unsubscribe + subscribe on the wire) and the environment's
 * refusal (toggled per channel on the server), drop (FIN or close 1012) and reconnect, issued back to back without
 * waiting, so that they overlap. After every step the client must be in a state the model allows (no user future
 * cancelled or failed but by the user's unsubscribe, a refusal or close); at quiescence it must equal the model,
 * and the server must hold exactly the wanted, unrefused channels. Each sequence ends with a normal close that must
 * not report a confirmed channel as failed.
 * <p>
 * Seeded: the base seed is printed; rerun one with {@code -Dwsnova.seed=N} (and {@code -Dwsnova.model.sequences=1}
 * for just the first sequence of that seed).
 */
@Timeout(180)
class SubscriptionModelTest
{
    private static final List<String> CHANNELS = List.of("m.alpha", "m.bravo", "m.charlie", "m.delta");
    private static final int SEQUENCES = Integer.getInteger("wsnova.model.sequences", 2_000);
    private static final int MIN_SEQUENCES = 500;
    private static final int SEQUENCES_PER_CONNECTION = 10;
    private static final long BUDGET_MS = Long.getLong("wsnova.model.budgetMs", 45_000L);
    private static final long QUIESCE_MS = 10_000;

    enum Action
    {
        SUBSCRIBE, UNSUBSCRIBE, RESYNC, REFUSE, DROP, RECONNECT
    }

    /** One subscribe future the user holds, and what may end it. */
    private record UserFuture(String channel, CompletableFuture<Subscription> future, int step)
    {
    }

    /** The reference model: what the user asked for and what the venue did. */
    private static final class Model
    {
        final Map<String, Boolean> wanted = new HashMap<>();
        final Set<String> refusedNow = new HashSet<>();
        /** Channels refused at some point since the user last subscribed: FAILED is then allowed. */
        final Set<String> refusalSeen = new HashSet<>();
        /** Channels the venue refused at any point of the sequence. */
        final Set<String> everRefused = new HashSet<>();
        /** Per channel, the step of the user's last unsubscribe (a future issued before it may be cancelled). */
        final Map<String, Integer> unsubscribedAt = new HashMap<>();
        final List<UserFuture> futures = new ArrayList<>();
    }

    @Test
    void shouldLeaveEveryChannelInTheStateTheUserAskedForUnderRandomInterleavings() throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("SubscriptionModelTest seed=" + seed + " (rerun with -Dwsnova.seed=" + seed + ")");
        final long startNs = System.nanoTime();
        int sequences = 0;
        int steps = 0;
        int connections = 0;
        try (FaultServer server = new FaultServer())
        {
            while (sequences < SEQUENCES)
            {
                if (sequences >= MIN_SEQUENCES &&
                    System.nanoTime() - startNs > TimeUnit.MILLISECONDS.toNanos(BUDGET_MS))
                {
                    break;
                }
                final long connectionSeed = seed + connections++;
                final int count = Math.min(SEQUENCES_PER_CONNECTION, SEQUENCES - sequences);
                try
                {
                    steps += runConnection(server, new SplittableRandom(connectionSeed), count);
                }
                catch (final AssertionError | Exception failure)
                {
                    throw new AssertionError("connection " + connections + " failed; reproduce with -Dwsnova.seed=" +
                        connectionSeed + " -Dwsnova.model.sequences=" + count + ": " + failure.getMessage(), failure);
                }
                sequences += count;
            }
        }
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        System.out.println("SubscriptionModelTest: " + sequences + " sequences (" + steps + " steps, " + connections +
            " connections, each ended by a checked close) in " + elapsedMs + " ms, seed " + seed);
        assertThat(sequences).as("sequences run within the budget").isGreaterThanOrEqualTo(
            Math.min(SEQUENCES, MIN_SEQUENCES));
    }

    /**
     * One connection: {@code count} sequences of 2 to 8 overlapping steps, each followed by a wait for quiescence
     * and a comparison with the model; then a normal close, checked.
     */
    private static int runConnection(final FaultServer server, final SplittableRandom random, final int count)
        throws Exception
    {
        for (final String channel : CHANNELS)
        {
            server.unrefuse(channel);
        }
        final EventLog log = new EventLog();
        final Model model = new Model();
        final List<String> trace = new ArrayList<>();
        final Connection connection = Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder()
            .url(server.url())
            .set(Option.RECONNECT_BASE_DELAY_MS, 1L)
            .set(Option.RECONNECT_MAX_DELAY_MS, 20L)
            .set(Option.RECONNECT_JITTER, ReconnectJitter.NONE)
            .requestTimeoutMs(5_000)
            .connectionHandler(EventLog.registrar(log))
            .build());
        int step = 0;
        try
        {
            for (int sequence = 0; sequence < count; sequence++)
            {
                final int stepCount = 2 + random.nextInt(7);
                for (int i = 0; i < stepCount; i++, step++)
                {
                    final Action action = Action.values()[random.nextInt(Action.values().length)];
                    final String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
                    trace.add(action + " " + channel);
                    apply(action, channel, step, connection, server, model, random);
                    checkAllowed(connection, model, trace);
                }
                awaitQuiescence(connection, server, model, trace);
                trace.add("|");
            }
        }
        finally
        {
            closeAndCheck(connection, log, model, trace);
        }
        return step;
    }

    private static void apply(
        final Action action,
        final String channel,
        final int step,
        final Connection connection,
        final FaultServer server,
        final Model model,
        final SplittableRandom random)
    {
        switch (action)
        {
            case SUBSCRIBE ->
            {
                final boolean wasWanted = model.wanted.getOrDefault(channel, false);
                final Subscription before = connection.subscription(channel);
                final CompletableFuture<Subscription> future = connection.subscribe(channel, null);
                if (!wasWanted || before == null || before.state() == Subscription.State.FAILED)
                {
                    model.refusalSeen.remove(channel);
                }
                if (model.refusedNow.contains(channel))
                {
                    model.refusalSeen.add(channel);
                }
                model.wanted.put(channel, true);
                model.futures.add(new UserFuture(channel, future, step));
            }
            case UNSUBSCRIBE ->
            {
                if (connection.subscription(channel) != null)
                {
                    connection.unsubscribe(channel);
                    model.wanted.put(channel, false);
                    model.unsubscribedAt.put(channel, step);
                }
            }
            case RESYNC ->
            {
                if (model.wanted.getOrDefault(channel, false))
                {
                    // The adapter's resync: its own future is not the user's, so its outcome is not checked here.
                    connection.resubscribe(channel);
                }
            }
            case REFUSE ->
            {
                if (model.refusedNow.remove(channel))
                {
                    server.unrefuse(channel);
                }
                else
                {
                    model.refusedNow.add(channel);
                    model.refusalSeen.add(channel);
                    model.everRefused.add(channel);
                    server.refuse(channel);
                }
            }
            case DROP ->
            {
                if (random.nextBoolean())
                {
                    server.dropAll();
                }
                else
                {
                    server.closeAll(1012);
                }
            }
            case RECONNECT -> connection.reconnect("model test");
            default -> throw new IllegalStateException(action.toString());
        }
    }

    /**
     * What must hold at any moment: every channel's state is one the model allows, and no user future ended but
     * by a confirmation, the user's unsubscribe, or a refusal.
     */
    private static void checkAllowed(final Connection connection, final Model model, final List<String> trace)
    {
        for (final Map.Entry<String, Boolean> entry : model.wanted.entrySet())
        {
            final String channel = entry.getKey();
            final Subscription subscription = connection.subscription(channel);
            assertThat(subscription).as(describe(channel, trace)).isNotNull();
            final Subscription.State state = subscription.state();
            if (entry.getValue())
            {
                if (model.refusalSeen.contains(channel))
                {
                    assertThat(state).as(describe(channel, trace)).isNotEqualTo(Subscription.State.UNSUBSCRIBED);
                }
                else
                {
                    assertThat(state).as(describe(channel, trace))
                        .isIn(Subscription.State.PENDING, Subscription.State.CONFIRMED);
                }
            }
            else
            {
                assertThat(state).as(describe(channel, trace)).isEqualTo(Subscription.State.UNSUBSCRIBED);
            }
        }
        for (final UserFuture held : model.futures)
        {
            checkFuture(held, model, trace, false);
        }
    }

    private static void checkFuture(final UserFuture held, final Model model, final List<String> trace,
        final boolean closed)
    {
        final CompletableFuture<Subscription> future = held.future();
        if (!future.isDone())
        {
            return;
        }
        final String what = "future of subscribe #" + held.step() + " " + describe(held.channel(), trace);
        final Integer unsubscribedAt = model.unsubscribedAt.get(held.channel());
        final boolean userUnsubscribed = unsubscribedAt != null && unsubscribedAt >= held.step();
        if (future.isCancelled())
        {
            assertThat(userUnsubscribed).as(what + " was cancelled without the user's unsubscribe").isTrue();
            return;
        }
        if (!future.isCompletedExceptionally())
        {
            assertThat(future.join().channel()).isEqualTo(held.channel());
            return;
        }
        final Throwable cause = causeOf(future);
        assertThat(cause).as(what).isInstanceOf(RequestException.class);
        final RequestException.Kind kind = ((RequestException)cause).kind();
        if (kind == RequestException.Kind.REMOTE_ERROR)
        {
            assertThat(model.everRefused.contains(held.channel()))
                .as(what + " refused while the venue never refused it: " + cause).isTrue();
        }
        else
        {
            assertThat(closed).as(what + " failed before close: " + cause).isTrue();
            assertThat(kind).as(what).isEqualTo(RequestException.Kind.DISCONNECTED);
        }
    }

    private static Throwable causeOf(final CompletableFuture<?> future)
    {
        try
        {
            future.join();
            return null;
        }
        catch (final CompletionException ex)
        {
            return ex.getCause();
        }
        catch (final CancellationException ex)
        {
            return ex;
        }
    }

    /**
     * Waits until the client and the server equal the model: wanted and unrefused channels CONFIRMED and subscribed
     * on the server, unwanted ones UNSUBSCRIBED and not on the server, wanted ones refused since asked for either
     * FAILED (never on the server) or CONFIRMED (on the server: refused after it was confirmed).
     */
    private static void awaitQuiescence(
        final Connection connection, final FaultServer server, final Model model, final List<String> trace)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIESCE_MS);
        String mismatch;
        while ((mismatch = mismatch(connection, server, model)) != null)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("not quiescent within " + QUIESCE_MS + " ms: " + mismatch + "; trace " +
                    trace + "; subscriptions " + connection.subscriptions());
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        checkAllowed(connection, model, trace);
    }

    private static String mismatch(final Connection connection, final FaultServer server, final Model model)
    {
        if (connection.status() != ConnectionStatus.CONNECTED)
        {
            return "status " + connection.status();
        }
        for (final String channel : CHANNELS)
        {
            final boolean wanted = model.wanted.getOrDefault(channel, false);
            final Subscription subscription = connection.subscription(channel);
            final Subscription.State state = subscription == null ? null : subscription.state();
            final boolean onServer = server.subscribedOnServer(channel);
            if (!wanted)
            {
                if (onServer || (state != null && state != Subscription.State.UNSUBSCRIBED))
                {
                    return channel + " unwanted but " + state + (onServer ? " and on the server" : "");
                }
                continue;
            }
            if (state == Subscription.State.CONFIRMED && !onServer)
            {
                return channel + " CONFIRMED but not on the server";
            }
            if (state == Subscription.State.FAILED && !model.refusalSeen.contains(channel))
            {
                return channel + " FAILED though never refused";
            }
            if (state == Subscription.State.FAILED && onServer)
            {
                return channel + " FAILED but on the server";
            }
            if (state != Subscription.State.CONFIRMED && state != Subscription.State.FAILED)
            {
                return channel + " is " + state;
            }
            for (final UserFuture held : model.futures)
            {
                final Integer unsubscribedAt = model.unsubscribedAt.get(channel);
                if (held.channel().equals(channel) && !held.future().isDone() &&
                    (unsubscribedAt == null || unsubscribedAt < held.step()))
                {
                    return channel + " settled but the user's future of step " + held.step() + " is not done";
                }
            }
        }
        return null;
    }

    private static void closeAndCheck(
        final Connection connection, final EventLog log, final Model model, final List<String> trace)
        throws Exception
    {
        final Set<String> everConfirmed = new HashSet<>();
        for (final String text : log.texts())
        {
            if (text.startsWith("confirmed "))
            {
                everConfirmed.add(text.substring("confirmed ".length()));
            }
        }
        final int eventsBeforeClose = log.size();
        connection.close();
        connection.closeFuture().get(QUIESCE_MS, TimeUnit.MILLISECONDS);
        final List<String> afterClose = log.texts().subList(eventsBeforeClose, log.size());
        for (final String channel : CHANNELS)
        {
            final Subscription subscription = connection.subscription(channel);
            if (subscription == null)
            {
                continue;
            }
            assertThat(subscription.state()).as(describe(channel, trace))
                .isIn(Subscription.State.UNSUBSCRIBED, Subscription.State.FAILED);
            if (everConfirmed.contains(channel) && model.wanted.getOrDefault(channel, false))
            {
                assertThat(afterClose).as("a clean close reported confirmed " + channel + " as failed; " + trace)
                    .doesNotContain("failed " + channel + " DISCONNECTED");
            }
        }
        for (final UserFuture held : model.futures)
        {
            checkFuture(held, model, trace, true);
        }
    }

    private static String describe(final String channel, final List<String> trace)
    {
        return channel + " after " + trace;
    }
}
