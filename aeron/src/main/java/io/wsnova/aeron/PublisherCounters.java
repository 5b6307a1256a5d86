package io.wsnova.aeron;

import io.aeron.Aeron;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The counters of one {@link MarketPublisher}, as Agrona {@link AtomicCounter}s. Allocated in the media driver's
 * counters file ({@link #allocate(Aeron, String)}), they are visible to every process that maps that file: Aeron's
 * own {@code AeronStat} prints them by label ({@code wsnova-publisher <name>: <counter>}), and so can a
 * {@code CountersReader} of {@code ./nova stat}. Written by the publishing thread only ({@code *Release} writes),
 * read by anyone.
 * <p>
 * Accounting: every event handed to the publisher ends as exactly one of {@link #published()},
 * {@link #droppedBackPressured()}, {@link #droppedNotConnected()} or {@link #droppedClosed()};
 * {@link #backPressured()} counts events that met back pressure at least once (published or not).
 */
public final class PublisherCounters implements AutoCloseable
{
    /** The Aeron counter type id of every wsnova publisher counter (custom types start above Aeron's own). */
    public static final int TYPE_ID = 16_001;

    private final AtomicCounter published;
    private final AtomicCounter publishedBytes;
    private final AtomicCounter backPressured;
    private final AtomicCounter droppedBackPressured;
    private final AtomicCounter droppedNotConnected;
    private final AtomicCounter droppedClosed;
    private final AtomicCounter definitions;
    private final AtomicCounter inexactDecimals;

    private PublisherCounters(final CounterFactory factory, final String name)
    {
        final String prefix = "wsnova-publisher " + name + ": ";
        published = factory.counter(prefix + "published");
        publishedBytes = factory.counter(prefix + "published bytes");
        backPressured = factory.counter(prefix + "back pressured");
        droppedBackPressured = factory.counter(prefix + "dropped back pressured");
        droppedNotConnected = factory.counter(prefix + "dropped not connected");
        droppedClosed = factory.counter(prefix + "dropped closed");
        definitions = factory.counter(prefix + "instrument definitions");
        inexactDecimals = factory.counter(prefix + "inexact decimals");
    }

    /**
     * Allocates the counters in the media driver's counters file (visible to other processes). Cold path.
     *
     * @param aeron the client.
     * @param name  the publisher's name in the labels (e.g. the venue, or the channel and stream).
     * @return the counters; {@link #close()} frees them.
     */
    public static PublisherCounters allocate(final Aeron aeron, final String name)
    {
        return new PublisherCounters(label -> aeron.addCounter(TYPE_ID, label), name);
    }

    /**
     * Allocates the counters in a local counters manager (tests, an embedder's own counters file). Cold path.
     *
     * @param manager the manager.
     * @param name    the publisher's name in the labels.
     * @return the counters; {@link #close()} frees them.
     */
    public static PublisherCounters allocate(final CountersManager manager, final String name)
    {
        return new PublisherCounters(label -> manager.newCounter(label, TYPE_ID), name);
    }

    /**
     * Events offered successfully.
     *
     * @return the counter.
     */
    public AtomicCounter published()
    {
        return published;
    }

    /**
     * Bytes of the events offered successfully (SBE header and body, without Aeron's frame header).
     *
     * @return the counter.
     */
    public AtomicCounter publishedBytes()
    {
        return publishedBytes;
    }

    /**
     * Events that met back pressure (or an admin action) at least once.
     *
     * @return the counter.
     */
    public AtomicCounter backPressured()
    {
        return backPressured;
    }

    /**
     * Events dropped because back pressure outlasted the publisher's bound.
     *
     * @return the counter.
     */
    public AtomicCounter droppedBackPressured()
    {
        return droppedBackPressured;
    }

    /**
     * Events dropped because no subscriber was connected.
     *
     * @return the counter.
     */
    public AtomicCounter droppedNotConnected()
    {
        return droppedNotConnected;
    }

    /**
     * Events dropped because the publication was closed or reached its maximum position.
     *
     * @return the counter.
     */
    public AtomicCounter droppedClosed()
    {
        return droppedClosed;
    }

    /**
     * Instrument definitions published (first use and periodic repeats; not counted in {@link #published()}).
     *
     * @return the counter.
     */
    public AtomicCounter definitions()
    {
        return definitions;
    }

    /**
     * Decimals sent rounded because the venue's value had no exact (mantissa, scale) form (see the schema).
     *
     * @return the counter.
     */
    public AtomicCounter inexactDecimals()
    {
        return inexactDecimals;
    }

    /**
     * The sum of the three drop counters.
     *
     * @return dropped events.
     */
    public long dropped()
    {
        return droppedBackPressured.get() + droppedNotConnected.get() + droppedClosed.get();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(published, publishedBytes, backPressured, droppedBackPressured, droppedNotConnected,
            droppedClosed, definitions, inexactDecimals);
    }

    @FunctionalInterface
    private interface CounterFactory
    {
        AtomicCounter counter(String label);
    }
}
