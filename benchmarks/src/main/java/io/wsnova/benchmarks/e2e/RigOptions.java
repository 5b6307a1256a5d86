package io.wsnova.benchmarks.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rig's command line: {@code [--rate R[,R...]] [--duration S] [--warmup S] [--size B] [--clients LIST]
 * [--variants decode,transport] [--out DIR] [--no-reverse] [--behind-ms MS] [--jvm-args "..."] [--cpus S,C]
 * [--receiver-cpus LIST] [--no-pin] [--in-process] [--max] [--payload ticker|trade] [--resolution F] [--commit ID]}.
 * Later flags override earlier ones.
 */
final class RigOptions
{
    static final String USAGE = """
        usage: nova bench e2e [--rate R[,R...]] [--duration S] [--warmup S] [--size B] [--clients LIST]
                              [--variants decode,transport] [--out DIR] [--no-reverse] [--behind-ms MS]
                              [--jvm-args "ARGS"] [--cpus SERVER,CLIENT] [--receiver-cpus LIST] [--no-pin]
                              [--in-process] [--max] [--payload ticker|trade] [--resolution F]
               nova bench e2e --rerender DIR...   redraw reports from their rig.json and results.json
          --rate       messages per second, a comma list runs the matrix once per rate (default 10000,100000)
          --duration   measured window per client in seconds (default 15)
          --warmup     warm-up before the window in seconds (default 5)
          --size       payload bytes of each ticker message (default 600)
          --payload    ticker (the Deribit ticker of --size bytes, default) or trade (a 132-byte Binance trade)
          --clients    comma list, in run order (default all): %s
          --variants   decode (ticker decoded into an object) and/or transport (intended time only)
          --out        root folder; each rate writes <out>/<date>-<commit>-r<rate>-s<size>/ (default perf-reports/e2e)
          --no-reverse run the matrix once instead of in order and again in reverse
          --behind-ms  a receiver fell behind when the window ended more than this behind the schedule or its
                       own lag (from the server's write) exceeded this at p99 (default 10)
          --jvm-args   extra flags of every receiver JVM (default "-Xms1g -Xmx1g")
          --cpus       CPU of the server and of the receiver for taskset (default 0,1)
          --receiver-cpus LIST  taskset CPU list of each receiver JVM instead of the CLIENT of --cpus, e.g. 0-1
                       to give reader and handler threads two CPUs (the server's CPU is then shared with them)
          --no-pin     do not pin with taskset
          --in-process run the receivers in this JVM (for tests; no isolation, no pinning)
          --max        find each receiver's maximum sustained rate with the batched sender: the rates (default a
                       ladder from 100,000 to 3,200,000 msg/s) run in ascending order per receiver until it falls
                       behind (receive rate < 95%% of the rate, or a backlog at the window's end), then bisection;
                       one report in <out>/<date>-<commit>-max[-trade]-s<size>/ (forward pass only)
          --resolution --max bisects until the first failed rate is within 1+this of the best (default 0.1)
        """.formatted(String.join(",", RigClients.ALL));

    private static final List<String> VALUE_FLAGS = List.of("--rate", "--duration", "--warmup", "--size",
        "--payload", "--resolution",
        "--clients", "--variants", "--out", "--behind-ms", "--jvm-args", "--cpus", "--commit",
        "--receiver-cpus");

    List<Long> rates = List.of(10_000L, 100_000L);
    double durationS = 15;
    double warmupS = 5;
    int size = 600;
    String payload = "ticker";
    double resolution = 0.1;
    List<String> clients = RigClients.ALL;
    List<String> variants = List.of("decode", "transport");
    Path out = Path.of("perf-reports", "e2e");
    boolean reverse = true;
    long behindNs = TimeUnit.MILLISECONDS.toNanos(10);
    List<String> jvmArgs = List.of("-Xms1g", "-Xmx1g");
    int serverCpu;
    int clientCpu = 1;
    /** taskset CPU list of the receiver JVMs when set (overrides {@link #clientCpu}), else null. */
    String receiverCpus;
    boolean pin = true;
    boolean inProcess;
    boolean max;
    boolean ratesGiven;
    String commit = "unknown";

    /** The default ladder of {@code --max}. */
    static final List<Long> MAX_LADDER = List.of(100_000L, 200_000L, 400_000L, 800_000L, 1_600_000L, 3_200_000L);

    static RigOptions parse(final String[] args)
    {
        final RigOptions options = new RigOptions();
        for (int i = 0; i < args.length; i++)
        {
            final String flag = args[i];
            switch (flag)
            {
                case "--no-reverse" -> options.reverse = false;
                case "--no-pin" -> options.pin = false;
                case "--in-process" -> options.inProcess = true;
                case "--max" -> options.max = true;
                default ->
                {
                    if (!VALUE_FLAGS.contains(flag))
                    {
                        throw new IllegalArgumentException("unknown flag " + flag);
                    }
                    if (i + 1 >= args.length)
                    {
                        throw new IllegalArgumentException(flag + " needs a value");
                    }
                    options.set(flag, args[++i]);
                }
            }
        }
        if (options.max)
        {
            options.reverse = false;
            if (!options.ratesGiven)
            {
                options.rates = MAX_LADDER;
            }
            options.rates = options.rates.stream().sorted().toList();
        }
        options.validate();
        return options;
    }

    private void set(final String flag, final String value)
    {
        switch (flag)
        {
            case "--rate" ->
            {
                final List<Long> list = new ArrayList<>();
                for (final String part : value.split(","))
                {
                    list.add(Long.parseLong(part.trim()));
                }
                rates = List.copyOf(list);
                ratesGiven = true;
            }
            case "--duration" -> durationS = Double.parseDouble(value);
            case "--warmup" -> warmupS = Double.parseDouble(value);
            case "--size" -> size = Integer.parseInt(value);
            case "--payload" -> payload = value;
            case "--resolution" -> resolution = Double.parseDouble(value);
            case "--clients" -> clients = split(value);
            case "--variants" -> variants = split(value);
            case "--out" -> out = Path.of(value);
            case "--behind-ms" -> behindNs = Math.round(Double.parseDouble(value) * TimeUnit.MILLISECONDS.toNanos(1));
            case "--jvm-args" -> jvmArgs = value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
            case "--receiver-cpus" ->
            {
                if (!value.trim().matches("[0-9]+([-,][0-9]+)*"))
                {
                    throw new IllegalArgumentException("--receiver-cpus wants a taskset CPU list (0-1, 0,1), was " +
                        value);
                }
                receiverCpus = value.trim();
            }
            case "--cpus" ->
            {
                final String[] parts = value.split(",");
                if (parts.length != 2)
                {
                    throw new IllegalArgumentException("--cpus wants SERVER,CLIENT, was " + value);
                }
                serverCpu = Integer.parseInt(parts[0].trim());
                clientCpu = Integer.parseInt(parts[1].trim());
            }
            case "--commit" -> commit = value;
            default -> throw new IllegalArgumentException("unknown flag " + flag);
        }
    }

    private static List<String> split(final String value)
    {
        final List<String> list = new ArrayList<>();
        for (final String part : value.split(","))
        {
            if (!part.isBlank())
            {
                list.add(part.trim());
            }
        }
        return List.copyOf(list);
    }

    private void validate()
    {
        for (final long rate : rates)
        {
            if (rate <= 0 || rate > 10_000_000)
            {
                throw new IllegalArgumentException("--rate must be 1..10000000, was " + rate);
            }
        }
        if (durationS <= 0 || warmupS < 0)
        {
            throw new IllegalArgumentException("--duration must be > 0 and --warmup >= 0");
        }
        for (final String client : clients)
        {
            if (!RigClients.ALL.contains(client))
            {
                throw new IllegalArgumentException("unknown client '" + client + "'; known: " + RigClients.ALL);
            }
        }
        for (final String variant : variants)
        {
            if (!"decode".equals(variant) && !"transport".equals(variant))
            {
                throw new IllegalArgumentException("--variants takes decode and/or transport, was " + variant);
            }
        }
        if (clients.isEmpty() || variants.isEmpty())
        {
            throw new IllegalArgumentException("--clients and --variants must not be empty");
        }
        TickerMessage.of(payload, size);
        if (resolution < 0)
        {
            throw new IllegalArgumentException("--resolution must be >= 0, was " + resolution);
        }
    }

    long warmupMessages(final long rate)
    {
        return Math.round(warmupS * rate);
    }

    long measuredMessages(final long rate)
    {
        return Math.max(1, Math.round(durationS * rate));
    }
}
