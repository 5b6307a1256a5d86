package io.wsnova.cli;

import io.wsnova.engine.api.Connection;

/**
 * One venue of {@code ./nova demo --venues}: its mock exchange on loopback, its adapter connected to it, a view of
 * its market, and one fault to inject and watch recover. Started and closed by the demo thread; market events are
 * counted on the venue's message thread.
 */
interface DemoVenue extends AutoCloseable
{
    /**
     * The venue's name, as {@code --venues} takes it.
     *
     * @return the name.
     */
    String name();

    /**
     * Starts the mock, connects and subscribes; bounded by the demo's start timeout.
     *
     * @return one line saying what runs (mock URL, channels).
     * @throws Exception when the venue could not be started, connected or subscribed.
     */
    String start() throws Exception;

    /**
     * The connection (after {@link #start()}).
     *
     * @return the connection.
     */
    Connection connection();

    /**
     * Market events received so far.
     *
     * @return the count.
     */
    long messages();

    /**
     * Appends one line per instrument: top of book and last trade.
     *
     * @param text where the lines go.
     */
    void appendInstruments(StringBuilder text);

    /**
     * Injects the venue's fault.
     *
     * @return what was injected, for the view.
     */
    String injectFault();

    /**
     * Whether the venue recovered from the fault (reconnected with its subscriptions, books live again).
     *
     * @return true once recovered.
     */
    boolean recovered();

    /**
     * What the recovery took, for the summary.
     *
     * @return a description, or why it did not recover.
     */
    String recovery();

    @Override
    void close();
}
