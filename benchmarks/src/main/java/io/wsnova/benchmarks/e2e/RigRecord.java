package io.wsnova.benchmarks.e2e;

import java.util.List;

/**
 * The parameters of one rate's run, saved as {@code rig.json} beside {@code results.json} so that
 * {@code E2eRig --rerender DIR} can redraw a report (after a change of the report, or of the keeps-up rule) from
 * the measurements without running again. Public fields for Jackson.
 */
public final class RigRecord
{
    public String commit;
    public long rate;
    public double durationS;
    public double warmupS;
    public int size;
    public List<String> clients;
    public List<String> variants;
    public boolean reverse;
    public long behindNs;
    public List<String> jvmArgs;
    public int serverCpu;
    public int clientCpu;
    public String receiverCpus;
    public boolean inProcess;
    public boolean pinned;
    public List<String> loads;

    static RigRecord of(final RigOptions options, final long rate, final boolean pinned, final List<String> loads)
    {
        final RigRecord record = new RigRecord();
        record.commit = options.commit;
        record.rate = rate;
        record.durationS = options.durationS;
        record.warmupS = options.warmupS;
        record.size = options.size;
        record.clients = options.clients;
        record.variants = options.variants;
        record.reverse = options.reverse;
        record.behindNs = options.behindNs;
        record.jvmArgs = options.jvmArgs;
        record.serverCpu = options.serverCpu;
        record.clientCpu = options.clientCpu;
        record.receiverCpus = options.receiverCpus;
        record.inProcess = options.inProcess;
        record.pinned = pinned;
        record.loads = loads;
        return record;
    }

    RigOptions toOptions()
    {
        final RigOptions options = new RigOptions();
        options.commit = commit;
        options.rates = List.of(rate);
        options.durationS = durationS;
        options.warmupS = warmupS;
        options.size = size;
        options.clients = List.copyOf(clients);
        options.variants = List.copyOf(variants);
        options.reverse = reverse;
        options.behindNs = behindNs;
        options.jvmArgs = List.copyOf(jvmArgs);
        options.serverCpu = serverCpu;
        options.clientCpu = clientCpu;
        options.receiverCpus = receiverCpus;
        options.inProcess = inProcess;
        return options;
    }
}
