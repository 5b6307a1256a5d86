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
    public boolean serverSawClientClose;
    public String serverError;
    public boolean fellBehind;
    public String loadAverageAtStart;
    public double wallSeconds;
    public ReceiverResult receiver;

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
