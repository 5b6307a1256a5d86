package io.wsnova.benchmarks.e2e;

/**
 * One receiver run as the rig saw it: the receiver's measurements plus the server's side of the schedule. Public
 * fields for Jackson ({@code results.json} keeps every run, so a report can be redrawn without re-running).
 */
public final class RunResult
{
    public String pass;
    public int position;
    public long rate;
    public int size;
    public long serverSentMessages;
    public long serverMaxSendLagNs;
    public long serverRunQueueWaitNs = -1;
    public long serverLateWrites;
    public long serverWrites;
    /** From the first message's slot to the end of the server's last write (0 when not measured). */
    public long serverSendNs;
    public boolean serverSawClientClose;
    public String serverError;
    public boolean fellBehind;
    /** The {@code --max} verdict of this step ({@link KneeSearch.Verdict}), null in the latency mode. */
    public String verdict;
    public String loadAverageAtStart;
    public double wallSeconds;
    public ReceiverResult receiver;

    /**
     * Why the receiver fell behind the schedule, or null when it kept up: messages missing or an error, the end of
     * the window more than {@code behindNs} behind (median of its last tenth, from the intended time), or its own
     * lag (from the server's write, so the server's lateness does not count against it) above {@code behindNs} at
     * p99.
     *
     * @param behindNs the allowed lag.
     * @return the reason, or null.
     */
    public String behindReason(final long behindNs)
    {
        if (!complete())
        {
            return receiver == null ? "no result" : receiver.error != null ? receiver.error :
                receiver.receivedMessages + " of " + serverSentMessages + " messages";
        }
        if (receiver.tailP50Ns > behindNs)
        {
            return "ended " + Fmt.us(receiver.tailP50Ns) + " us behind";
        }
        final long lagP99Ns = receiver.decodeFromSentHistogram().getValueAtPercentile(99);
        if (lagP99Ns > behindNs)
        {
            return "own lag p99 " + Fmt.us(lagP99Ns) + " us";
        }
        return null;
    }

    /**
     * The rate the server actually offered: messages sent over its send time.
     *
     * @return messages per second, or NaN when not measured.
     */
    public double offeredRate()
    {
        return serverSendNs <= 0 ? Double.NaN : serverSentMessages * 1e9 / serverSendNs;
    }

    /**
     * The rate the receiver took the measured window in: window messages over the window's time.
     *
     * @return messages per second, or NaN when not measured.
     */
    public double receiveRate()
    {
        return receiver == null || receiver.windowNs <= 0 ? Double.NaN :
            receiver.windowMessages * 1e9 / receiver.windowNs;
    }

    /**
     * Whether every message the server sent reached the handler and the run reported no error.
     *
     * @return true when complete.
     */
    public boolean complete()
    {
        return receiver != null && receiver.error == null && serverError == null &&
            receiver.receivedMessages == serverSentMessages && receiver.receivedMessages == receiver.expectedMessages;
    }
}
