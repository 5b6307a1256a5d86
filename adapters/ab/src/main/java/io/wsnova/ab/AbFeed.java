package io.wsnova.ab;

import io.wsnova.market.InstrumentRegistry;
import io.wsnova.market.MarketListener;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs an {@link AbArbiter} for two legs whose adapters deliver on their own reader threads: pass
 * {@link #leg(int)} to each leg's adapter as its {@link MarketListener}; each leg's events are copied into that
 * leg's bounded ring ({@link LegRing}: single producer per leg, release/acquire hand-off, no lock shared between the
 * legs), and one arbitration thread (an Agrona {@link Agent}: {@link #doWork()} drains both rings, alternating
 * batches so neither leg can starve the other) runs the arbiter and the consumer's callbacks. So the consumer's
 * {@link MarketListener} is called on the arbitration thread only, one event at a time.
 * <p>
 * Order: each leg's events reach the arbiter in that leg's order; between legs, in the order the arbitration thread
 * finds them. The lead the counters measure uses each event's own receive time (stamped by the leg's reader), not
 * the time of the hand-off. Allocation-free per event after warm-up (pooled slots, primitive state).
 * <p>
 * Use {@link #start(IdleStrategy)} for a thread of its own, or drive {@link #doWork()} from your own
 * {@link AgentRunner} / {@code AgentInvoker}.
 */
public final class AbFeed implements Agent, AutoCloseable
{
    private static final int BATCH = 64;

    private final AbArbiter arbiter;
    private final LegRing[] rings = new LegRing[AbArbiter.LEGS];
    private final AtomicLong handled = new AtomicLong();
    private AgentRunner runner;

    /**
     * A feed whose legs intern instruments in their own registries; their ids are mapped to the consumer's.
     *
     * @param arbiter          the arbiter (its consumer reads {@code consumerRegistry}).
     * @param consumerRegistry the registry the consumer's events refer to.
     * @param legA             leg A's adapter's registry (may be {@code consumerRegistry}).
     * @param legB             leg B's adapter's registry (may be {@code consumerRegistry}).
     * @param ringCapacity     events each leg may have in flight to the arbitration thread.
     */
    public AbFeed(final AbArbiter arbiter, final InstrumentRegistry consumerRegistry, final InstrumentRegistry legA,
        final InstrumentRegistry legB, final int ringCapacity)
    {
        this.arbiter = Objects.requireNonNull(arbiter, "arbiter");
        final ReentrantLock registryLock = new ReentrantLock();
        rings[AbArbiter.LEG_A] = new LegRing(AbArbiter.LEG_A, ringCapacity, legA, consumerRegistry, registryLock);
        rings[AbArbiter.LEG_B] = new LegRing(AbArbiter.LEG_B, ringCapacity, legB, consumerRegistry, registryLock);
    }

    /**
     * The listener to give a leg's adapter. Its methods may be called from that adapter's threads.
     *
     * @param leg {@link AbArbiter#LEG_A} or {@link AbArbiter#LEG_B}.
     * @return the leg's listener.
     */
    public MarketListener leg(final int leg)
    {
        return rings[leg];
    }

    /**
     * The arbiter.
     *
     * @return the arbiter (arbitration thread only, except its counters).
     */
    public AbArbiter arbiter()
    {
        return arbiter;
    }

    /**
     * Events handed to the arbiter so far (any thread).
     *
     * @return the count.
     */
    public long handled()
    {
        return handled.get();
    }

    /**
     * Times a leg's reader waited because its ring was full (the arbitration thread fell behind).
     *
     * @param leg the leg.
     * @return the count.
     */
    public long fullWaits(final int leg)
    {
        return rings[leg].fullWaits();
    }

    /**
     * Starts the arbitration thread ({@code wsnova-ab}).
     *
     * @param idleStrategy what the thread does when both rings are empty (null: a backoff to 100 us parks).
     * @return this.
     */
    public AbFeed start(final IdleStrategy idleStrategy)
    {
        final IdleStrategy idle = idleStrategy != null ? idleStrategy :
            new BackoffIdleStrategy(100, 10, 1_000L, 100_000L);
        final ErrorHandler errors = (throwable) -> System.err.println("wsnova-ab: " + throwable);
        runner = new AgentRunner(idle, errors, null, this);
        AgentRunner.startOnThread(runner);
        return this;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        int drained;
        do
        {
            drained = rings[AbArbiter.LEG_A].drain(arbiter, BATCH) + rings[AbArbiter.LEG_B].drain(arbiter, BATCH);
            work += drained;
        }
        while (drained > 0 && work < BATCH * 16);
        if (work > 0)
        {
            handled.lazySet(handled.get() + work);
        }
        return work;
    }

    @Override
    public String roleName()
    {
        return "wsnova-ab";
    }

    /**
     * Stops the arbitration thread (if started); events still in the rings are not handed over.
     */
    @Override
    public void close()
    {
        if (runner != null)
        {
            runner.close();
            runner = null;
        }
    }
}
