package io.wsnova.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/**
 * Entry point of the {@code ./nova} command line. The launcher script handles {@code test} and {@code bench}
 * itself; every other subcommand arrives here. Every command answers {@code --help} (usage on stdout, exit 0); an
 * uncaught exception on any thread is one line on stderr, never a stack trace.
 * <p>
 * Exit codes: 0 success, 1 a failure of the work itself (connection, handshake, protocol), 2 a usage error.
 */
public final class Main
{
    /** Exit code for success. */
    public static final int EXIT_OK = 0;
    /** Exit code for a failure of the work itself. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a usage error: unknown subcommand or bad flags. */
    public static final int EXIT_USAGE = 2;

    static final String USAGE = """
        usage: ./nova <command> [options]      (./nova <command> --help: that command's options)

        commands:
          demo [--duration SECONDS] [--rate MSGS_PER_SEC] [--url URL | --venues LIST]
                       the Deribit flow against the embedded mock exchange: live view, a reconnect, a summary;
                       --venues: several venues' mocks at once, a view and a fault per venue
                       (LIST: any of deribit,binance,bybit,okx,coinbase)
          stream --adapter NAME --url URL [--rest-url URL] --channel CH [--channel CH]...
                 [--client-id ID --client-secret S] [--count N] [--duration SECONDS]
                       one JSON object per line for every market event and lifecycle change, one schema
                       for every venue (NAME: %s)
          echo URL [--header K:V]... [--subprotocol P] [--trust PEM_FILE] [--insecure]
                       echo every message back (conformance agent); exit 0 on server close, 1 on failure
          stat [PID|DIR|FILE] [--count N] [--interval MS]
                       print the counters a running wsnova process publishes (its countersFile option), with
                       rates per second, every second until Ctrl-C; exit 1 when no process is found
          publish --adapter NAME --url URL --channel CH... [the other stream flags] [--aeron-channel URI]
                  [--stream-id N] [--aeron-dir DIR]
                       run the venue adapter and publish every normalized event as SBE on Aeron (docs/AERON.md)
          subscribe [--aeron-channel URI] [--stream-id N] [--aeron-dir DIR] [--count N] [--duration S]
                       print the normalized events a publisher sends on Aeron as JSON lines (docs/AERON.md)
          record --adapter NAME --url URL --channel CH... [the other stream flags] --archive-dir DIR
                 [--aeron-dir DIR] [--aeron-channel URI] [--stream-id N]
                       stream (the same lines) and record every inbound message in Aeron Archive
          replay RECORDING --archive-dir DIR [--aeron-dir DIR] [--speed recorded|max]
                       print exactly the recorded run's lines from a recording; throughput on stderr
          test [--fast] [-Dtest=PATTERN] [-pl MODULE]...
                       build and run the whole test suite (--fast leaves out tests tagged slow)
          bench jmh|report|e2e [ARGS...]
                       JMH suites, a stamped JMH report, the open-loop end-to-end latency rig
          version      print the wsnova version and the JVM it runs on
          --help       print this help

        exit codes: 0 success, 1 a failure of the work itself, 2 a usage error.
        """.formatted(String.join(", ", Venues.names()));
    static final String VERSION_USAGE = """
        usage: ./nova version
        Prints the wsnova version and the JVM it runs on.
        """;
    /** test and bench run from the ./nova launcher script (they drive Maven and the benchmark jar). */
    static final String LAUNCHER_ONLY = "runs from the ./nova launcher script, not from the command-line jar";

    private Main()
    {
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the subcommand and its arguments.
     */
    public static void main(final String[] args)
    {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) ->
        {
            System.err.println("nova: unexpected failure on thread " + thread.getName() + ": " +
                StreamCommand.describe(failure));
        });
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command line invocation without exiting the JVM.
     *
     * @param args the subcommand and its arguments.
     * @param out  where results go.
     * @param err  where usage and errors go.
     * @return the process exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0)
        {
            err.print(USAGE);
            return EXIT_USAGE;
        }

        final String command = args[0];
        switch (command)
        {
            case "--help", "-h", "help":
                out.print(USAGE);
                return EXIT_OK;

            case "version", "--version":
                if (args.length == 2 && ("--help".equals(args[1]) || "-h".equals(args[1])))
                {
                    out.print(VERSION_USAGE);
                    return EXIT_OK;
                }
                if (args.length != 1)
                {
                    return usageError(err, "version takes no arguments", VERSION_USAGE);
                }
                out.println("wsnova " + version() + " (java " + Runtime.version() + ", " +
                    System.getProperty("java.vm.name") + ")");
                return EXIT_OK;

            case "demo":
                return DemoCommand.run(args, out, err);

            case "echo":
                return EchoCommand.run(args, out, err);

            case "stream":
                return StreamCommand.run(args, out, err);

            case "stat":
                return StatCommand.run(args, out, err);

            case "subscribe":
                return SubscribeCommand.run(args, out, err);

            case "publish":
                return PublishCommand.run(args, out, err);

            case "record":
                return RecordCommand.run(args, out, err);

            case "replay":
                return ReplayCommand.run(args, out, err);

            case "test", "bench":
                return usageError(err, command + " " + LAUNCHER_ONLY);

            default:
                return usageError(err, "unknown command '" + command + "'");
        }
    }

    static int usageError(final PrintStream err, final String message)
    {
        return usageError(err, message, USAGE);
    }

    static int usageError(final PrintStream err, final String message, final String usage)
    {
        err.println("nova: " + message);
        err.println(usage.strip());
        return EXIT_USAGE;
    }

    static String version()
    {
        final Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/wsnova-version.properties"))
        {
            if (in != null)
            {
                properties.load(in);
            }
        }
        catch (final IOException ignore)
        {
            // the version is informational only
        }
        return properties.getProperty("version", "unknown");
    }
}
