package io.wsnova.market;

/**
 * A gap or status event: the feed (a connection, or one instrument's book when {@link #instrumentId()} is set)
 * changed state. Nothing is lost silently: every disconnect, sequence gap, resync and stale period is one of these.
 * Carries a {@link FeedReason} and counters for diagnosis. Pooled (see {@link MarketEvent}); may be emitted from a
 * timer or event thread of the adapter as well as the message thread, each thread with its own instance.
 */
public final class FeedStatus extends MarketEvent
{
    private FeedState state = FeedState.STALE;
    private FeedReason reason = FeedReason.NONE;
    private long expectedSequence = BookUpdate.NO_SEQUENCE;
    private long receivedSequence = BookUpdate.NO_SEQUENCE;
    private long occurrences;
    private int attempt;

    /**
     * Creates an empty status, to be pooled by an adapter.
     */
    public FeedStatus()
    {
    }

    /**
     * Sets the state and reason, and clears the counters.
     *
     * @param state  the new state.
     * @param reason why.
     * @return this.
     */
    public FeedStatus set(final FeedState state, final FeedReason reason)
    {
        this.state = state;
        this.reason = reason;
        expectedSequence = BookUpdate.NO_SEQUENCE;
        receivedSequence = BookUpdate.NO_SEQUENCE;
        occurrences = 0L;
        attempt = 0;
        return this;
    }

    /**
     * Sets the sequences around a gap.
     *
     * @param expectedSequence the sequence the feed was at (the book's or the connection's last).
     * @param receivedSequence the sequence that did not follow it.
     * @return this.
     */
    public FeedStatus sequences(final long expectedSequence, final long receivedSequence)
    {
        this.expectedSequence = expectedSequence;
        this.receivedSequence = receivedSequence;
        return this;
    }

    /**
     * Sets the counters.
     *
     * @param occurrences how many times this state was reported for this feed so far, this one included.
     * @param attempt     the resync or reconnect try (1, 2, ...), 0 when not applicable.
     * @return this.
     */
    public FeedStatus counters(final long occurrences, final int attempt)
    {
        this.occurrences = occurrences;
        this.attempt = attempt;
        return this;
    }

    /**
     * The state.
     *
     * @return the state.
     */
    public FeedState state()
    {
        return state;
    }

    /**
     * Why.
     *
     * @return the reason code.
     */
    public FeedReason reason()
    {
        return reason;
    }

    /**
     * The sequence the feed was at when a gap was found.
     *
     * @return the sequence, or {@link BookUpdate#NO_SEQUENCE}.
     */
    public long expectedSequence()
    {
        return expectedSequence;
    }

    /**
     * The sequence that did not follow.
     *
     * @return the sequence, or {@link BookUpdate#NO_SEQUENCE}.
     */
    public long receivedSequence()
    {
        return receivedSequence;
    }

    /**
     * How many times this state was reported for this feed, this one included.
     *
     * @return the count.
     */
    public long occurrences()
    {
        return occurrences;
    }

    /**
     * The resync or reconnect try.
     *
     * @return 1, 2, ..., or 0 when not applicable.
     */
    public int attempt()
    {
        return attempt;
    }
}
