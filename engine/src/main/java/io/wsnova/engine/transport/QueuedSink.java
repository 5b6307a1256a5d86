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

import java.util.concurrent.TimeUnit;

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
 */
final class QueuedSink implements MessageSink, Agent
{
    private static final int DRAIN_LIMIT = 256;
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
        this.drainTimeoutNs = TimeUnit.MILLISECONDS.toNanos(session.options.closeTimeoutMs());
        final IdleStrategy idle = session.options.handlerIdleStrategy().get();
        this.runner = new AgentRunner(idle, this::onHandlerError, null, this);
    }

    @Override
    public void start()
    {
        final Thread thread = new Thread(runner, "wsnova-handler-" + session.id());
        thread.setDaemon(true);
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
        return count;
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
        runner.close();
        // The handler thread has ended (close() joins it), so the reader may consume: what the handler did not
        // take within the drain timeout is discarded, and counted, so that delivered + dropped == received.
        while (workQueue.relaxedPoll() != null)
        {
            session.counters.onMessageDropped();
        }
    }

    private void onHandlerError(final Throwable error)
    {
        session.fail(DisconnectReason.HANDLER_ERROR, CloseCodes.INTERNAL_ERROR,
            "message handler threw " + error.getClass().getName(), error);
    }
}
