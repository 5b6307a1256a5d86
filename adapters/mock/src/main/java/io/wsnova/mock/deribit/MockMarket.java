package io.wsnova.mock.deribit;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The generator thread: market events paced at {@code messagesPerSecond}, each one step of one stream (an
 * instrument's book, ticker, trades or quote) sent as one notification to every subscriber of each of the stream's
 * channels. Streams without subscribers are skipped, the others taken in turn, so a connection subscribed to every
 * active channel gets the full rate. Pacing parks with {@link LockSupport#parkNanos(long)} and catches up with a
 * burst of at most 10 ms of events; beyond that the backlog is dropped and counted, never queued.
 * <p>
 * Thread use: one platform thread owned by the exchange; other threads only set the volatile controls and the
 * injection counters.
 */
final class MockMarket implements Runnable
{
    private static final long IDLE_PARK_NS = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final class Stream
    {
        final MockInstrument instrument;
        final int kind;
        final MockChannel[] channels;

        Stream(final MockInstrument instrument, final int kind, final MockChannel[] channels)
        {
            this.instrument = instrument;
            this.kind = kind;
            this.channels = channels;
        }

        boolean isActive()
        {
            for (final MockChannel channel : channels)
            {
                if (channel.subscribers().length > 0)
                {
                    return true;
                }
            }
            return false;
        }
    }

    final AtomicInteger pendingMalformed = new AtomicInteger();
    final AtomicInteger pendingUnknownMethods = new AtomicInteger();

    private final MockDeribitExchange exchange;
    private final MockDeribitStats stats;
    private final Stream[] streams;
    private final StringBuilder out = new StringBuilder(4096);
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile int messagesPerSecond;
    private long injectedSequence;
    private long lastRearmNs;
    private int cursor;
    private Thread thread;

    MockMarket(final MockDeribitExchange exchange, final List<MockInstrument> instruments,
        final List<MockChannel> channels)
    {
        this.exchange = exchange;
        this.stats = exchange.stats();
        this.messagesPerSecond = exchange.config().messagesPerSecond();
        final int kinds = MockChannel.QUOTE + 1;
        streams = new Stream[instruments.size() * kinds];
        int i = 0;
        for (final MockInstrument instrument : instruments)
        {
            for (int kind = 0; kind < kinds; kind++)
            {
                final int streamKind = kind;
                final MockChannel[] streamChannels = channels.stream()
                    .filter(channel -> channel.instrument == instrument && channel.kind == streamKind)
                    .toArray(MockChannel[]::new);
                streams[i++] = new Stream(instrument, kind, streamChannels);
            }
        }
    }

    void start()
    {
        final Thread generator = new Thread(this, "mock-deribit-market");
        generator.setDaemon(true);
        thread = generator;
        generator.start();
    }

    void stop(final long timeoutMs) throws InterruptedException
    {
        running = false;
        final Thread generator = thread;
        if (generator != null)
        {
            LockSupport.unpark(generator);
            generator.join(timeoutMs);
        }
    }

    void paused(final boolean paused)
    {
        this.paused = paused;
    }

    void messagesPerSecond(final int messagesPerSecond)
    {
        this.messagesPerSecond = messagesPerSecond;
    }

    int messagesPerSecond()
    {
        return messagesPerSecond;
    }

    @Override
    public void run()
    {
        long nextNs = System.nanoTime();
        while (running)
        {
            try
            {
                rearmPendingWrites();
                inject();
                final int rate = messagesPerSecond;
                if (rate <= 0 || paused || exchange.isSilent())
                {
                    LockSupport.parkNanos(IDLE_PARK_NS);
                    nextNs = System.nanoTime();
                    continue;
                }
                final long periodNs = NANOS_PER_SECOND / rate;
                final long nowNs = System.nanoTime();
                if (nowNs < nextNs)
                {
                    LockSupport.parkNanos(Math.min(nextNs - nowNs, IDLE_PARK_NS));
                    continue;
                }
                final long due = (nowNs - nextNs) / periodNs + 1;
                final long maxBurst = Math.max(1, rate / 100);
                final long events = Math.min(due, maxBurst);
                final long timestampMs = System.currentTimeMillis();
                for (long i = 0; i < events && running; i++)
                {
                    emitNext(timestampMs);
                }
                if (due > maxBurst)
                {
                    stats.eventsDropped.addAndGet(due - maxBurst);
                    nextNs = nowNs + periodNs;
                }
                else
                {
                    nextNs += events * periodNs;
                }
            }
            catch (final RuntimeException ex)
            {
                stats.callbackErrors.incrementAndGet();
            }
        }
    }

    private void rearmPendingWrites()
    {
        final long nowNs = System.nanoTime();
        if (nowNs - lastRearmNs >= IDLE_PARK_NS)
        {
            lastRearmNs = nowNs;
            exchange.rearmPendingWrites();
        }
    }

    private void inject()
    {
        if (exchange.isSilent())
        {
            return;
        }
        if (pendingMalformed.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0)
        {
            final String frame = MockNotifications.malformed(injectedSequence++);
            for (final MockSession session : exchange.sessions())
            {
                if (session.send(frame))
                {
                    stats.malformedSent.incrementAndGet();
                }
            }
        }
        if (pendingUnknownMethods.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0)
        {
            final String frame = MockNotifications.unknownMethod(injectedSequence++);
            for (final MockSession session : exchange.sessions())
            {
                if (session.send(frame))
                {
                    stats.unknownMethodsSent.incrementAndGet();
                }
            }
        }
    }

    private void emitNext(final long timestampMs)
    {
        final Stream[] streams = this.streams;
        for (int k = 0; k < streams.length; k++)
        {
            final int index = (cursor + k) % streams.length;
            if (streams[index].isActive())
            {
                cursor = index + 1;
                emit(streams[index], timestampMs);
                return;
            }
        }
    }

    private void emit(final Stream stream, final long timestampMs)
    {
        final MockInstrument instrument = stream.instrument;
        instrument.lock.lock();
        try
        {
            switch (stream.kind)
            {
                case MockChannel.BOOK -> emitBook(stream, timestampMs);
                case MockChannel.TICKER ->
                {
                    instrument.stepTicker();
                    emitSame(stream, timestampMs);
                }
                case MockChannel.TRADES ->
                {
                    instrument.stepTrades();
                    emitSame(stream, timestampMs);
                }
                default -> emitSame(stream, timestampMs);
            }
        }
        finally
        {
            instrument.lock.unlock();
        }
    }

    private void emitSame(final Stream stream, final long timestampMs)
    {
        final MockInstrument instrument = stream.instrument;
        for (final MockChannel channel : stream.channels)
        {
            final MockSubscription[] subscribers = channel.subscribers();
            if (subscribers.length == 0)
            {
                continue;
            }
            final String text = switch (stream.kind)
            {
                case MockChannel.TICKER -> MockNotifications.ticker(out, channel.name, instrument, timestampMs);
                case MockChannel.TRADES -> MockNotifications.trades(out, channel.name, instrument, timestampMs);
                default -> MockNotifications.quote(out, channel.name, instrument, timestampMs);
            };
            final long[] tradeSeqs = stream.kind == MockChannel.TRADES ?
                Arrays.copyOf(instrument.tradeSeq, instrument.tradeCount) : null;
            for (final MockSubscription subscription : subscribers)
            {
                send(subscription, text, tradeSeqs, 0);
            }
        }
    }

    private void emitBook(final Stream stream, final long timestampMs)
    {
        final MockInstrument instrument = stream.instrument;
        if (instrument.gapPending)
        {
            stats.bookGapsInjected.incrementAndGet();
        }
        instrument.stepBook();
        instrument.recordHistory(exchange.config().bookHistoryDepth());
        boolean changeSent = false;
        for (final MockChannel channel : stream.channels)
        {
            final MockSubscription[] subscribers = channel.subscribers();
            String change = null;
            String snapshot = null;
            for (final MockSubscription subscription : subscribers)
            {
                if (subscription.snapshotPending)
                {
                    if (snapshot == null)
                    {
                        snapshot = MockNotifications.bookSnapshot(out, channel.name, instrument, timestampMs);
                    }
                    if (send(subscription, snapshot, null, instrument.changeId))
                    {
                        subscription.snapshotPending = false;
                    }
                }
                else
                {
                    if (change == null)
                    {
                        change = MockNotifications.bookChange(out, channel.name, instrument, timestampMs);
                    }
                    changeSent |= send(subscription, change, null, instrument.changeId);
                }
            }
        }
        if (changeSent)
        {
            instrument.recordSentChangeId();
        }
    }

    private static boolean send(final MockSubscription subscription, final String text, final long[] tradeSeqs,
        final long changeId)
    {
        return subscription.session.sendNotification(text, subscription.channel, tradeSeqs, changeId);
    }
}
