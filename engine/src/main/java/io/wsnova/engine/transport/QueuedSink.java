package io.wsnova.engine.transport;

import io.wsnova.codec.frame.CloseCodes;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.QueueFullPolicy;
import io.wsnova.engine.api.WebSocketHandler;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.jctools.queues.SpscArrayQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code QUEUED} pipeline: the reader copies each message into a pooled {@link Event} and publishes it through
 * a JCTools SPSC queue to a handler thread (an Agrona {@link Agent}), which returns the event through a second SPSC
 * queue. The pool holds exactly the queue's capacity of events, so "no free event" means "queue full", and then
 * the connection's {@link QueueFullPolicy} applies.
 * <p>
 * Events hold heap buffers ({@link ExpandableArrayBuffer}), so a handler that parses JSON with a byte[] parser
 * needs no further copy. An event's buffer grows (on the reader) for a message larger than any before it.
 * <p>
 * Retained memory is bounded: the handler thread, as it releases an event, lets it keep a grown buffer only while
 * the buffer is at most {@link #MAX_RETAINED_EVENT_LENGTH} and the growth kept by the whole pool stays within
 * {@link #RETAINED_GROWTH_BUDGET}; otherwise the event goes back with a fresh {@link #INITIAL_EVENT_LENGTH}
 * buffer. So a pool keeps at most {@code capacity x INITIAL_EVENT_LENGTH + RETAINED_GROWTH_BUDGET} bytes between
 * messages, not {@code capacity x} the largest message ever seen; messages that fit the budget (every event of the
 * pool can hold one: up to 4 KiB at the default 4,096 events, 64 KiB at 256) allocate nothing in steady state,
 * larger ones allocate their buffer once per message.
 * <p>
 * <b>Waking the handler.</b> The handler thread idles with the connection's {@code handlerIdleStrategy} (by default
 * {@code BACKOFF(100, 20, 1000, 50000)}: spin, then yield, then park for 1 µs doubling up to 50 µs). A timed park
 * on Linux sleeps at least the thread's timer slack (50 µs by default) whatever it asks for, so a message that
 * arrives during a park would wait for it. Instead, once the strategy has spun and yielded (it is about to park) the
 * handler announces it ({@code handlerParking}, a volatile store), re-checks the queue and parks; the reader, after
 * each publish, fences and reads the flag and unparks the handler when it is set. The store-fence-load on both sides
 * (Dekker) means a message is never left waiting for a park to time out. The reader pays a full fence per message,
 * plus an {@code unpark} only when the handler was idle long enough to park.
 * <p>
 * <b>Giving the CPU to the handler.</b> A {@code VIRTUAL} reader spins on its socket between messages; while it
 * does, a handler that shares its CPU cannot run. So when the reader, spinning, finds its messages still queued
 * ({@link #onReaderSpin}: at once with one CPU, after {@link #BACKLOG_SPIN_NS} with more) it waits for the handler
 * ({@link #awaitHandler()}): it raises {@code readerWaiting}, re-checks the queue and parks; the handler, once it has
 * emptied the queue, fences, reads the flag and unparks it (the same Dekker pairing as above). The reader then spins
 * on the socket again, so the next message is read without the JDK's poller: parking in the socket read instead (the
 * rule before) put a poller wake-up chain (~150 B allocated, several thread switches) in front of every message on
 * one CPU. The socket's close also ends the wait ({@link Transport#closeWaiter}), so a stuck handler cannot keep the
 * reader from ending. Only under {@link QueueFullPolicy#BLOCK} (the default): under the other policies the reader
 * must keep reading behind a stuck handler, so it parks in the read.
 */
final class QueuedSink implements MessageSink, Agent
{
    private static final int DRAIN_LIMIT = 256;
    /** Empty polls in a row after which a {@code SPIN} reader with queued messages yields to the handler. */
    static final int READER_EMPTY_POLLS_BEFORE_YIELD = 2;
    /**
     * How long a spinning {@code VIRTUAL} reader lets the handler take its messages before it gives up its CPU
     * ({@link #onReaderSpin}) when reader and handler have two or more CPUs: a handler with a CPU of its own takes
     * them well within it. With one CPU the reader gives it up at once: the handler cannot run while it spins.
     */
    static final long BACKLOG_SPIN_NS = 2_000L;
    /** Buffer length every event starts with. */
    static final int INITIAL_EVENT_LENGTH = 1024;
    /** The largest buffer an event keeps after its message was handled. */
    static final int MAX_RETAINED_EVENT_LENGTH = 64 * 1024;
    /** Bytes beyond {@link #INITIAL_EVENT_LENGTH} the pool's idle events may keep in total. */
    static final long RETAINED_GROWTH_BUDGET = 16L * 1024 * 1024;

    /**
     * One pooled message. Owned by the reader from the free queue until it is published, then by the handler
     * thread until it is released back: the SPSC queues order the hand-offs.
     */
    static final class Event
    {
        int type;
        int length;
        long readNs;
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_EVENT_LENGTH);
        /** The buffer capacity counted in {@link #retainedGrowth}; handler thread only. */
        int retainedLength = INITIAL_EVENT_LENGTH;
    }

    private final WebSocketSession session;
    private final WebSocketHandler handler;
    private final QueueFullPolicy policy;
    private final SpscArrayQueue<Event> workQueue;
    private final SpscArrayQueue<Event> freeQueue;
    private final IdleStrategy blockedIdle = new BackoffIdleStrategy(100, 100, 1_000, 100_000);
    private final AgentRunner runner;
    private final long drainTimeoutNs;
    private final boolean wakeHandler;
    /** The handler thread, set before it starts. */
    private volatile Thread handlerThread;
    /** Set by {@link #close()}: the handler no longer parks, so closing never waits out a park. */
    private volatile boolean closing;
    // accessed through HANDLER_PARKING: written by the handler thread, read by the reader
    @SuppressWarnings("unused")
    private volatile boolean handlerParking;
    /** {@link #onReaderSpin}: 0 with one CPU, else {@link #BACKLOG_SPIN_NS}. */
    private final long backlogSpinNs;
    /** Whether the reader may wait for the handler ({@link QueueFullPolicy#BLOCK}), else it parks in the read. */
    private final boolean readerMayWait;
    /** The reader thread, written by it before it raises {@code readerWaiting}. */
    private Thread readerThread;
    // accessed through READER_WAITING: written by the reader thread, read by the handler
    @SuppressWarnings("unused")
    private volatile boolean readerWaiting;

    private static final VarHandle HANDLER_PARKING;
    private static final VarHandle READER_WAITING;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HANDLER_PARKING = lookup.findVarHandle(QueuedSink.class, "handlerParking", boolean.class);
            READER_WAITING = lookup.findVarHandle(QueuedSink.class, "readerWaiting", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
    /** Sum over events of {@code retainedLength - INITIAL_EVENT_LENGTH}; handler thread only. */
    private long retainedGrowth;

    QueuedSink(final WebSocketSession session)
    {
        this.session = session;
        this.handler = session.handler;
        this.policy = session.options.queueFullPolicy();
        final int capacity = session.options.queueCapacity();
        this.workQueue = new SpscArrayQueue<>(capacity);
        this.freeQueue = new SpscArrayQueue<>(capacity);
        for (int i = 0; i < capacity; i++)
        {
            freeQueue.offer(new Event());
        }
        // The JVM's available processors, which a taskset or a cgroup limits: reader and handler share them.
        this.backlogSpinNs = backlogSpinNs(Runtime.getRuntime().availableProcessors());
        this.readerMayWait = policy == QueueFullPolicy.BLOCK;
        this.drainTimeoutNs = TimeUnit.MILLISECONDS.toNanos(session.options.closeTimeoutMs());
        final long cyclesBeforePark = session.options.handlerIdleCyclesBeforePark();
        this.wakeHandler = cyclesBeforePark != Long.MAX_VALUE;
        final IdleStrategy configured = session.options.handlerIdleStrategy().get();
        final IdleStrategy idle = wakeHandler ? new WakeableIdleStrategy(configured, cyclesBeforePark) : configured;
        this.runner = new AgentRunner(idle, this::onHandlerError, null, this);
    }

    @Override
    public void start()
    {
        final Thread thread = new Thread(runner, "wsnova-handler-" + session.id());
        thread.setDaemon(true);
        handlerThread = thread;
        thread.start();
    }

    @Override
    public void onMessage(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        // Stamped before any wait for a free event: under BLOCK the wait moves lastReadNs, not the read time.
        final long readNs = session.lastReadNs();
        Event event = freeQueue.relaxedPoll();
        if (event == null)
        {
            event = onQueueFull();
            if (event == null)
            {
                return;
            }
        }
        event.type = type;
        event.length = length;
        event.readNs = readNs;
        event.buffer.putBytes(0, buffer, offset, length);
        workQueue.offer(event);
        if (wakeHandler)
        {
            // Store (the publish) then load (the flag): pairs with the handler's store of the flag then load of
            // the queue, so one of the two sides always sees the other.
            VarHandle.fullFence();
            if ((boolean)HANDLER_PARKING.getOpaque(this))
            {
                LockSupport.unpark(handlerThread);
            }
        }
    }

    private Event onQueueFull()
    {
        switch (policy)
        {
            case DROP_NEWEST:
                session.counters.onMessageDropped();
                return null;

            case DISCONNECT:
                if (session.state() == io.wsnova.engine.api.WebSocket.State.OPEN)
                {
                    session.fail(DisconnectReason.SLOW_CONSUMER, CloseCodes.POLICY_VIOLATION,
                        "handler queue full (capacity " + session.options.queueCapacity() + ")", null);
                }
                session.counters.onMessageDropped();
                return null;

            case BLOCK:
            default:
                final IdleStrategy idle = blockedIdle;
                idle.reset();
                Event event;
                while ((event = freeQueue.relaxedPoll()) == null)
                {
                    if (!session.transport().channel.isOpen() || runner.isClosed())
                    {
                        session.counters.onMessageDropped();
                        return null;
                    }
                    session.onBackPressure(session.clock.nanoTime());
                    idle.idle();
                }
                return event;
        }
    }

    @Override
    public int doWork()
    {
        final SpscArrayQueue<Event> workQueue = this.workQueue;
        int count = 0;
        Event event;
        while (count < DRAIN_LIMIT && (event = workQueue.relaxedPoll()) != null)
        {
            try
            {
                session.queuedMessageReadNs = event.readNs;
                handler.onMessage(session, event.type, event.buffer, 0, event.length);
            }
            finally
            {
                release(event);
            }
            count++;
        }
        if (count > 0 && workQueue.isEmpty())
        {
            wakeReader();
        }
        return count;
    }

    /**
     * Unparks a reader waiting in {@link #awaitHandler()} (handler thread, after it has taken every message). The
     * release of the queue's consumer index, a full fence, then the load of the flag: pairs with the reader's store
     * of the flag then load of the queue, so a waiting reader is always woken.
     */
    private void wakeReader()
    {
        VarHandle.fullFence();
        if ((boolean)READER_WAITING.getOpaque(this))
        {
            LockSupport.unpark(readerThread);
        }
    }

    @Override
    public void onClose()
    {
        // The handler thread is ending: a reader waiting for it must not wait for a drain that will not come.
        wakeReader();
    }

    /**
     * Returns a handled event to the reader (handler thread), giving up a buffer the budget cannot keep.
     */
    private void release(final Event event)
    {
        final int capacity = event.buffer.capacity();
        final int retainedLength = event.retainedLength;
        if (capacity != retainedLength)
        {
            final long growth = retainedGrowth + capacity - retainedLength;
            if (capacity > MAX_RETAINED_EVENT_LENGTH || growth > RETAINED_GROWTH_BUDGET)
            {
                retainedGrowth -= retainedLength - INITIAL_EVENT_LENGTH;
                event.buffer = new ExpandableArrayBuffer(INITIAL_EVENT_LENGTH);
                event.retainedLength = INITIAL_EVENT_LENGTH;
            }
            else
            {
                retainedGrowth = growth;
                event.retainedLength = capacity;
            }
        }
        freeQueue.offer(event);
    }

    @Override
    public String roleName()
    {
        return "wsnova-handler-" + session.id();
    }

    @Override
    public void close()
    {
        final NanoClock clock = session.clock;
        final long deadlineNs = clock.nanoTime() + drainTimeoutNs;
        while (!workQueue.isEmpty() && !runner.isClosed() && clock.nanoTime() - deadlineNs < 0)
        {
            Thread.onSpinWait();
            Thread.yield();
        }
        closing = true;
        final Thread handlerThread = this.handlerThread;
        if (handlerThread != null)
        {
            LockSupport.unpark(handlerThread);
        }
        runner.close();
        // The handler thread has ended (close() joins it), so the reader may consume: what the handler did not
        // take within the drain timeout is discarded, and counted, so that delivered + dropped == received.
        while (workQueue.relaxedPoll() != null)
        {
            session.counters.onMessageDropped();
        }
    }

    /**
     * The handler's idle strategy around the configured one: for the first {@code cyclesBeforePark} idle cycles in
     * a row it only delegates (spins and yields); after that it announces the park, re-checks the queue and parks
     * in the delegate, where the reader's {@code unpark} ends the park early. Handler thread only.
     */
    private final class WakeableIdleStrategy implements IdleStrategy
    {
        private final IdleStrategy delegate;
        private final long cyclesBeforePark;
        private long idleCycles;

        WakeableIdleStrategy(final IdleStrategy delegate, final long cyclesBeforePark)
        {
            this.delegate = delegate;
            this.cyclesBeforePark = cyclesBeforePark;
        }

        @Override
        public void idle(final int workCount)
        {
            if (workCount > 0)
            {
                reset();
            }
            else
            {
                idle();
            }
        }

        @Override
        public void idle()
        {
            if (idleCycles < cyclesBeforePark)
            {
                idleCycles++;
                delegate.idle();
                return;
            }

            HANDLER_PARKING.setVolatile(QueuedSink.this, true);
            if (workQueue.isEmpty() && !closing)
            {
                delegate.idle();
            }
            HANDLER_PARKING.setRelease(QueuedSink.this, false);
        }

        @Override
        public void reset()
        {
            idleCycles = 0;
            delegate.reset();
        }

        @Override
        public String alias()
        {
            return "wakeable-" + delegate.alias();
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * While the work queue is non-empty after {@code backlogSpinNs} (0 with one CPU, where the handler cannot run
     * while the reader spins; {@link #BACKLOG_SPIN_NS} with more): under {@link QueueFullPolicy#BLOCK} the reader
     * waits for the handler ({@link #awaitHandler()}: a plain park of the virtual thread, woken by the handler once
     * it has taken every message, after which the reader spins on the socket again and catches the next message
     * without a poller wake-up); under the other policies it parks in the read (it must keep reading, so that a
     * stuck handler fills the queue and the policy acts).
     */
    @Override
    public int onReaderSpin(final long spunNs)
    {
        return readerSpinAction(spunNs, backlogSpinNs, !workQueue.isEmpty(), readerMayWait);
    }

    /**
     * The rule of {@link #onReaderSpin}, pure.
     *
     * @param spunNs        how long the reader has spun.
     * @param backlogSpinNs {@link #backlogSpinNs(int)}.
     * @param backlog       whether published messages wait for the handler.
     * @param readerMayWait whether the policy lets the reader wait for the handler.
     * @return a {@link MessageSink} spin action.
     */
    static int readerSpinAction(
        final long spunNs, final long backlogSpinNs, final boolean backlog, final boolean readerMayWait)
    {
        if (!backlog || spunNs < backlogSpinNs)
        {
            return KEEP_SPINNING;
        }
        return readerMayWait ? AWAIT_HANDLER : PARK;
    }

    /**
     * How long a spinning reader lets a backlog wait for the handler before it gives up its CPU.
     *
     * @param cpus the CPUs reader and handler share.
     * @return 0 with one CPU, else {@link #BACKLOG_SPIN_NS}.
     */
    static long backlogSpinNs(final int cpus)
    {
        return cpus <= 1 ? 0 : BACKLOG_SPIN_NS;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The reader raises {@code readerWaiting}, re-checks the queue and parks; the handler, once it has emptied the
     * queue, fences and unparks it when the flag is up ({@link #wakeReader()}), as does the handler thread as it
     * ends. Under {@link QueueFullPolicy#BLOCK} a reader already stops reading behind a stuck handler (once the queue
     * is full); here it stops as soon as the handler is behind, for as long as the handler takes the queued messages.
     */
    @Override
    public void awaitHandler()
    {
        final Transport transport = session.transport();
        if (readerThread == null)
        {
            final Thread reader = Thread.currentThread();
            readerThread = reader;
            transport.closeWaiter(reader); // a stuck handler must not keep the reader from seeing the close
        }
        READER_WAITING.setVolatile(this, true);
        if (!workQueue.isEmpty() && !closing && !runner.isClosed() && transport.channel.isOpen())
        {
            LockSupport.park(this);
        }
        READER_WAITING.setRelease(this, false);
    }

    /**
     * The idle strategy of a {@code SPIN} reader that feeds this pipeline: the configured one, except that after
     * {@link #READER_EMPTY_POLLS_BEFORE_YIELD} empty polls in a row while the handler still has messages queued, the
     * reader yields its CPU ({@code Thread.yield()}) instead of spinning. Why: on a machine (or a cgroup, or a
     * {@code taskset}) where reader and handler share one CPU, a busy-spinning reader holds that CPU for a whole
     * scheduler slice (milliseconds) while the message it just published waits for the handler to run; with its
     * own CPU the handler drains the queue at once, the queue is empty by the next poll and the reader never
     * yields, so the two-CPU case pays nothing but the emptiness check. Reader thread only.
     *
     * @param delegate the configured reader idle strategy.
     * @return the strategy to drive the reader agent with.
     */
    IdleStrategy readerIdleStrategy(final IdleStrategy delegate)
    {
        return new CooperativeReaderIdleStrategy(delegate);
    }

    private final class CooperativeReaderIdleStrategy implements IdleStrategy
    {
        private final IdleStrategy delegate;
        private int emptyPolls;

        CooperativeReaderIdleStrategy(final IdleStrategy delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public void idle(final int workCount)
        {
            if (workCount > 0)
            {
                reset();
            }
            else
            {
                idle();
            }
        }

        @Override
        public void idle()
        {
            if (++emptyPolls >= READER_EMPTY_POLLS_BEFORE_YIELD && !workQueue.isEmpty())
            {
                Thread.yield();
                return;
            }
            delegate.idle();
        }

        @Override
        public void reset()
        {
            emptyPolls = 0;
            delegate.reset();
        }

        @Override
        public String alias()
        {
            return "cooperative-" + delegate.alias();
        }
    }

    private void onHandlerError(final Throwable error)
    {
        session.fail(DisconnectReason.HANDLER_ERROR, CloseCodes.INTERNAL_ERROR,
            "message handler threw " + error.getClass().getName(), error);
    }
}
