package io.wsnova.market;

/**
 * What every event of the model carries: the venue, the instrument, the venue's own timestamp and the local
 * receive time, both in nanoseconds.
 * <p>
 * <b>Units.</b> {@link #exchangeTimestampNs()} is nanoseconds since the Unix epoch, converted from the venue's unit
 * by the adapter with {@link #millisToNanos(long)} or {@link #microsToNanos(long)}: Deribit, Binance (default),
 * Bybit and OKX send milliseconds, Binance with {@code timeUnit=MICROSECOND} microseconds, Coinbase an RFC 3339
 * time with nanoseconds. {@link #NO_TIMESTAMP} when the venue sent none. {@link #receiveTimeNs()} is the local
 * clock the engine stamped the message with ({@code System.nanoTime()} domain unless the adapter says otherwise),
 * for latency, not for wall-clock time.
 * <p>
 * Events are pooled flyweights: one instance per adapter (or per connection) is filled for each message and passed
 * to a {@link MarketListener}; it is valid during the call only and must be copied to be kept. Written and read by
 * the connection's message thread only.
 */
public abstract class MarketEvent
{
    /** {@link #exchangeTimestampNs()} when the venue sent no timestamp. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    /** {@link #instrumentId()} of an event that concerns a whole connection or venue, not one instrument. */
    public static final int NO_INSTRUMENT = -1;

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private int venueId;
    private int instrumentId = NO_INSTRUMENT;
    private long exchangeTimestampNs = NO_TIMESTAMP;
    private long receiveTimeNs;

    MarketEvent()
    {
    }

    /**
     * Sets the fields every event carries.
     *
     * @param venueId             the venue, from {@link InstrumentRegistry#venue(CharSequence)}.
     * @param instrumentId        the instrument, from the registry, or {@link #NO_INSTRUMENT}.
     * @param exchangeTimestampNs the venue's timestamp in ns since the epoch, or {@link #NO_TIMESTAMP}.
     * @param receiveTimeNs       the local receive time in ns.
     */
    public final void header(final int venueId, final int instrumentId, final long exchangeTimestampNs,
        final long receiveTimeNs)
    {
        this.venueId = venueId;
        this.instrumentId = instrumentId;
        this.exchangeTimestampNs = exchangeTimestampNs;
        this.receiveTimeNs = receiveTimeNs;
    }

    /**
     * The venue.
     *
     * @return the venue id of the {@link InstrumentRegistry}.
     */
    public final int venueId()
    {
        return venueId;
    }

    /**
     * The instrument.
     *
     * @return the instrument id of the {@link InstrumentRegistry}, or {@link #NO_INSTRUMENT}.
     */
    public final int instrumentId()
    {
        return instrumentId;
    }

    /**
     * The venue's timestamp of the event.
     *
     * @return ns since the Unix epoch, or {@link #NO_TIMESTAMP}.
     */
    public final long exchangeTimestampNs()
    {
        return exchangeTimestampNs;
    }

    /**
     * The venue's timestamp in whole milliseconds (rounded down), as the JSON lines print it.
     *
     * @return ms since the Unix epoch, or {@link #NO_TIMESTAMP}.
     */
    public final long exchangeTimestampMs()
    {
        return exchangeTimestampNs == NO_TIMESTAMP ? NO_TIMESTAMP : Math.floorDiv(exchangeTimestampNs, NANOS_PER_MILLI);
    }

    /**
     * The local time the message carrying this event was received.
     *
     * @return ns on the engine's clock.
     */
    public final long receiveTimeNs()
    {
        return receiveTimeNs;
    }

    /**
     * Converts a venue timestamp in milliseconds to the model's nanoseconds.
     *
     * @param epochMs ms since the Unix epoch.
     * @return ns since the Unix epoch.
     */
    public static long millisToNanos(final long epochMs)
    {
        return epochMs * NANOS_PER_MILLI;
    }

    /**
     * Converts a venue timestamp in microseconds to the model's nanoseconds.
     *
     * @param epochUs µs since the Unix epoch.
     * @return ns since the Unix epoch.
     */
    public static long microsToNanos(final long epochUs)
    {
        return epochUs * NANOS_PER_MICRO;
    }
}
