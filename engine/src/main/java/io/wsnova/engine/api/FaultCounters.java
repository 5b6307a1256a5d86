package io.wsnova.engine.api;

/**
 * What a {@link Connection} absorbed without failing, counted over its whole life (across reconnects): the counts
 * that exact accounting needs beside the messages delivered ("sent = delivered + dropped, and every drop has a
 * counted reason"). Read through {@link Connection#faultCounters()}; each count is an {@link EventCounter} written
 * by the engine part named on its accessor and readable by any thread at any time.
 * <p>
 * The transport's own counts of one WebSocket (bytes, frames, pings, queue drops) are in
 * {@link ConnectionCounters}; the totals per connection and per process, in the counters file too, are in the
 * telemetry ({@code Telemetry.counter(connectionId, Counter)}).
 */
public final class FaultCounters
{
    private final EventCounter malformedMessages;
    private final EventCounter lateResponses;
    private final EventCounter listenerErrors;
    private final EventCounter subscriptionRetries;
    private final EventCounter subscriptionRefusals;
    private final EventCounter plaintextCredentialWarnings;
    private final EventCounter resubscribesJoined;

    /**
     * Wraps the counters of the engine parts that write them. Engine-internal.
     *
     * @param malformedMessages           written by the message thread.
     * @param lateResponses               written by the message thread.
     * @param listenerErrors              written by the event thread.
     * @param subscriptionRetries         written by the event thread and the timer.
     * @param subscriptionRefusals        written by the event thread.
     * @param plaintextCredentialWarnings written by the thread that authenticates.
     * @param resubscribesJoined          written by the thread that calls {@link Connection#resubscribe}.
     */
    public FaultCounters(
        final EventCounter malformedMessages,
        final EventCounter lateResponses,
        final EventCounter listenerErrors,
        final EventCounter subscriptionRetries,
        final EventCounter subscriptionRefusals,
        final EventCounter plaintextCredentialWarnings,
        final EventCounter resubscribesJoined)
    {
        this.malformedMessages = malformedMessages;
        this.lateResponses = lateResponses;
        this.listenerErrors = listenerErrors;
        this.subscriptionRetries = subscriptionRetries;
        this.subscriptionRefusals = subscriptionRefusals;
        this.plaintextCredentialWarnings = plaintextCredentialWarnings;
        this.resubscribesJoined = resubscribesJoined;
    }

    /**
     * Messages the message path dropped because the adapter could not decode or validate them; the stream went on.
     * Written by the message thread (the reader, or the handler thread in {@code QUEUED}).
     *
     * @return the counter.
     */
    public EventCounter malformedMessages()
    {
        return malformedMessages;
    }

    /**
     * Responses dropped because their request had already timed out, or their id matched no request in flight
     * (duplicates included): never delivered to another caller.
     *
     * @return the counter.
     */
    public EventCounter lateResponses()
    {
        return lateResponses;
    }

    /**
     * Exceptions thrown by {@link ConnectionListener}s, caught on the event thread (the other listeners still ran).
     *
     * @return the counter.
     */
    public EventCounter listenerErrors()
    {
        return listenerErrors;
    }

    /**
     * Subscribe requests sent again after a temporary failure (timeout, rate limit, send failure, a refusal the
     * venue marks temporary).
     *
     * @return the counter.
     */
    public EventCounter subscriptionRetries()
    {
        return subscriptionRetries;
    }

    /**
     * Subscriptions the venue refused for good.
     *
     * @return the counter.
     */
    public EventCounter subscriptionRefusals()
    {
        return subscriptionRefusals;
    }

    /**
     * Warnings that credentials were used over a plain {@code ws://} URL to a host other than loopback: 0 or 1.
     *
     * @return the counter.
     */
    public EventCounter plaintextCredentialWarnings()
    {
        return plaintextCredentialWarnings;
    }

    /**
     * Calls of {@link Connection#resubscribe} that joined a resubscribe of the same channel still unanswered instead
     * of sending another unsubscribe and subscribe (gaps arriving faster than the venue answers).
     *
     * @return the counter.
     */
    public EventCounter resubscribesJoined()
    {
        return resubscribesJoined;
    }

    @Override
    public String toString()
    {
        return "FaultCounters{malformedMessages=" + malformedMessages + ", lateResponses=" + lateResponses +
            ", listenerErrors=" + listenerErrors + ", subscriptionRetries=" + subscriptionRetries +
            ", subscriptionRefusals=" + subscriptionRefusals +
            ", plaintextCredentialWarnings=" + plaintextCredentialWarnings +
            ", resubscribesJoined=" + resubscribesJoined + "}";
    }
}
