package io.wsnova.benchmarks.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one receiver: connects the client, lets the warm-up messages pass, then measures the window: latency per
 * message (recorded by the client's handler), bytes allocated by the whole JVM
 * ({@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes}, which includes virtual threads through
 * their carriers and threads that ended) and collections (every {@link GarbageCollectorMXBean}) between the first
 * and the last message of the window, and the JVM's CPU time over the same window
 * ({@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime}). This thread only polls the message count
 * (parking 1 ms between looks, which allocates nothing) and reads the MX beans twice.
 * <p>
 * Run as a child JVM by the rig ({@link #main}: the result goes to a JSON file) or in-process ({@link #run}).
 */
public final class E2eReceiver
{
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private E2eReceiver()
    {
    }

    /**
     * What to run.
     *
     * @param client           the receiver's name ({@link RigClients#ALL}).
     * @param decode           true for the decode variant.
     * @param uri              the server.
     * @param warmupMessages   messages before the window.
     * @param measuredMessages messages in the window.
     * @param timeoutMs        bound on the whole run.
     * @param trade            true when the server sends the trade message, false for the ticker.
     */
    record Config(String client, boolean decode, URI uri, long warmupMessages, long measuredMessages, long timeoutMs,
        boolean trade)
    {
    }

    /**
     * Child JVM entry point: {@code --client NAME --variant decode|transport --uri URI --warmup-messages N
     * --measured-messages N --timeout-ms MS --result FILE [--payload ticker|trade]}. Exits 0 once the result is
     * written (some libraries leave non-daemon threads behind), 1 when the run failed before producing one.
     *
     * @param args the arguments above.
     * @throws Exception when the result cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        String client = null;
        String variant = "decode";
        URI uri = null;
        long warmup = 0;
        long measured = 0;
        long timeoutMs = 60_000;
        boolean trade = false;
        Path result = null;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--client" -> client = value;
                case "--variant" -> variant = value;
                case "--uri" -> uri = URI.create(value);
                case "--warmup-messages" -> warmup = Long.parseLong(value);
                case "--measured-messages" -> measured = Long.parseLong(value);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(value);
                case "--result" -> result = Path.of(value);
                case "--payload" -> trade = "trade".equals(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (client == null || uri == null || result == null)
        {
            System.err.println("usage: E2eReceiver --client NAME --variant decode|transport --uri URI " +
                "--warmup-messages N --measured-messages N --timeout-ms MS --result FILE [--payload ticker|trade]");
            System.exit(2);
        }
        final ReceiverResult outcome = run(
            new Config(client, "decode".equals(variant), uri, warmup, measured, timeoutMs, trade));
        new ObjectMapper().writeValue(result.toFile(), outcome);
        System.exit(0);
    }

    /**
     * Runs one receiver in this JVM.
     *
     * @param config what to run.
     * @return what it measured; {@link ReceiverResult#error} says what went wrong, if anything did.
     */
    static ReceiverResult run(final Config config)
    {
        final ReceiverResult result = new ReceiverResult();
        result.client = config.client();
        result.variant = config.decode() ? "decode" : "transport";
        result.expectedMessages = config.warmupMessages() + config.measuredMessages();
        result.availableProcessors = Runtime.getRuntime().availableProcessors();
        result.jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
        result.jvmFlags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
        final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        result.gcNames = gcNames(collectors);
        final LatencyRecorder recorder = new LatencyRecorder(config.warmupMessages(), config.measuredMessages(),
            config.trade());
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final java.lang.management.OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
        final com.sun.management.OperatingSystemMXBean cpu =
            system instanceof com.sun.management.OperatingSystemMXBean bean ? bean : null;
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMs());
        RigClient client = null;
        try
        {
            client = RigClients.create(config.client());
            result.configuration = client.configuration();
            client.connect(config.uri(), recorder, config.decode());
            awaitCount(recorder, config.warmupMessages(), deadlineNs);
            // The MX bean reads allocate a little themselves: the collector reads stay outside the byte window.
            final long startGcCount = gcCount(collectors);
            final long startGcMs = gcTimeMs(collectors);
            final Map<String, Long> startWaits = Machine.processRunQueueWaits();
            final long startCount = recorder.count();
            final long startCpuNs = cpu == null ? -1 : cpu.getProcessCpuTime();
            final long startBytes = threads.getTotalThreadAllocatedBytes();
            final long startNs = System.nanoTime();
            awaitCount(recorder, recorder.expectedMessages(), deadlineNs);
            final long endNs = System.nanoTime();
            final long endBytes = threads.getTotalThreadAllocatedBytes();
            final long endCpuNs = cpu == null ? -1 : cpu.getProcessCpuTime();
            result.cpuNs = startCpuNs < 0 || endCpuNs < 0 ? -1 : endCpuNs - startCpuNs;
            final long endCount = recorder.count();
            result.runQueueWaitNs = Machine.runQueueWaitNs(startWaits, Machine.processRunQueueWaits());
            result.gcCount = gcCount(collectors) - startGcCount;
            result.gcTimeMs = gcTimeMs(collectors) - startGcMs;
            result.windowMessages = endCount - startCount;
            result.windowNs = endNs - startNs;
            result.allocatedBytes = endBytes - startBytes;
            if (endCount < recorder.expectedMessages())
            {
                result.error = "timed out after " + config.timeoutMs() + " ms with " + endCount + " of " +
                    recorder.expectedMessages() + " messages";
            }
        }
        catch (final Exception ex)
        {
            result.error = ex.toString();
        }
        finally
        {
            result.receivedMessages = recorder.count();
            result.decodeFailures = recorder.decodeFailures();
            result.handlerThread = recorder.handlerThread();
            result.handlerCpuNs = recorder.handlerCpuNs();
            result.handlerWaitNs = recorder.handlerWaitNs();
            recorder.close();
            result.histogram = ReceiverResult.encode(recorder.histogram());
            result.fromSentHistogram = ReceiverResult.encode(recorder.fromSentHistogram());
            result.tailP50Ns = recorder.tailHistogram().getValueAtPercentile(50);
            result.tailFromSentP50Ns = recorder.tailFromSentHistogram().getValueAtPercentile(50);
            closeQuietly(client, result);
        }
        return result;
    }

    private static void awaitCount(final LatencyRecorder recorder, final long count, final long deadlineNs)
    {
        while (recorder.count() < count && System.nanoTime() - deadlineNs < 0)
        {
            LockSupport.parkNanos(POLL_NS);
        }
    }

    private static void closeQuietly(final RigClient client, final ReceiverResult result)
    {
        if (client == null)
        {
            return;
        }
        try
        {
            client.close();
        }
        catch (final Exception ex)
        {
            if (result.error == null)
            {
                result.error = "close failed: " + ex;
            }
        }
    }

    private static long gcCount(final List<GarbageCollectorMXBean> collectors)
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : collectors)
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long gcTimeMs(final List<GarbageCollectorMXBean> collectors)
    {
        long timeMs = 0;
        for (final GarbageCollectorMXBean gc : collectors)
        {
            timeMs += Math.max(0, gc.getCollectionTime());
        }
        return timeMs;
    }

    private static String gcNames(final List<GarbageCollectorMXBean> collectors)
    {
        final List<String> names = new ArrayList<>();
        for (final GarbageCollectorMXBean gc : collectors)
        {
            names.add(gc.getName());
        }
        return String.join(", ", names);
    }
}
