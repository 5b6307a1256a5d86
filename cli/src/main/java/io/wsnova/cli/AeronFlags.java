package io.wsnova.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags {@code ./nova record} and {@code ./nova publish} add to {@code ./nova stream}'s ({@code --aeron-channel
 * URI}, {@code --stream-id N}, {@code --aeron-dir DIR}, and record's {@code --archive-dir DIR}): split from the stream
 * flags, which go on to {@link StreamArgs}, and checked in one place. A mistake is a {@link CommandLine.UsageException}
 * with a one-line message ({@code --x needs a value (V)}, {@code --stream-id needs a positive whole number, was 'x'})
 * that the command prints with its usage (exit 2).
 */
final class AeronFlags
{
    static final String CHANNEL = "--aeron-channel";
    static final String STREAM_ID = "--stream-id";
    static final String AERON_DIR = "--aeron-dir";
    static final String ARCHIVE_DIR = "--archive-dir";

    private final List<String> streamArgs = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private int streamId;

    private AeronFlags()
    {
    }

    /**
     * What a command does once its command line is valid.
     */
    @FunctionalInterface
    interface Command
    {
        /**
         * Runs the command.
         *
         * @param flags  the Aeron flags.
         * @param stream the stream flags.
         * @return the exit code.
         */
        int run(AeronFlags flags, StreamArgs stream);
    }

    /**
     * Parses a command line of {@code record} or {@code publish} (the Aeron flags, then the rest as
     * {@link StreamArgs}) and runs the command: a mistake is one line ({@code nova: COMMAND: ...}) and the usage on
     * {@code err}, exit 2; {@code --help} prints the usage on {@code out}, exit 0.
     *
     * @param command         the command's name, for the messages.
     * @param args            the command's arguments.
     * @param table           the Aeron flags the command takes.
     * @param defaultStreamId the stream id when {@code --stream-id} is absent.
     * @param usage           the command's usage text.
     * @param out             standard output.
     * @param err             standard error.
     * @param body            the command.
     * @return the exit code.
     */
    static int run(
        final String command,
        final String[] args,
        final List<Flag> table,
        final int defaultStreamId,
        final String usage,
        final PrintStream out,
        final PrintStream err,
        final Command body)
    {
        final AeronFlags flags;
        final StreamArgs stream;
        try
        {
            flags = parse(args, table, defaultStreamId);
            stream = StreamArgs.parse(flags.streamArgs.toArray(new String[0]), System.getenv());
        }
        catch (final IllegalArgumentException ex)
        {
            return Main.usageError(err, command + ": " + ex.getMessage(), usage);
        }
        if (stream == null)
        {
            out.print(usage);
            return Main.EXIT_OK;
        }
        return body.run(flags, stream);
    }

    /**
     * Splits a command line into the given Aeron flags and the rest.
     *
     * @param args            the command's arguments.
     * @param table           the Aeron flags the command takes (each takes a value).
     * @param defaultStreamId the stream id when {@code --stream-id} is absent.
     * @return the flags.
     * @throws CommandLine.UsageException on a missing value or a stream id that is not a positive whole number.
     */
    static AeronFlags parse(final String[] args, final List<Flag> table, final int defaultStreamId)
    {
        final AeronFlags flags = new AeronFlags();
        flags.streamId = defaultStreamId;
        for (int i = 0; i < args.length; i++)
        {
            final Flag flag = find(table, args[i]);
            if (flag == null)
            {
                flags.streamArgs.add(args[i]);
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--"))
            {
                throw new CommandLine.UsageException(flag.name() + " needs a value (" + flag.value() + ")");
            }
            final String value = args[++i];
            if (STREAM_ID.equals(flag.name()))
            {
                flags.streamId = positiveInt(value);
                if (flags.streamId <= 0)
                {
                    throw new CommandLine.UsageException(STREAM_ID + " needs a positive whole number, was '" + value +
                        "'");
                }
            }
            flags.values.put(flag.name(), value);
        }
        return flags;
    }

    /**
     * The flags of {@code stream} followed by a command's own.
     *
     * @param first  the stream flags.
     * @param second the command's flags.
     * @return both, in order.
     */
    static List<Flag> concat(final List<Flag> first, final List<Flag> second)
    {
        final List<Flag> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    /**
     * The arguments that are not Aeron flags, in order: for {@link StreamArgs#parse}.
     *
     * @return the stream arguments.
     */
    List<String> streamArgs()
    {
        return streamArgs;
    }

    /**
     * A flag's value.
     *
     * @param name         e.g. {@link #CHANNEL}.
     * @param defaultValue when the flag is absent.
     * @return the value.
     */
    String value(final String name, final String defaultValue)
    {
        return values.getOrDefault(name, defaultValue);
    }

    /**
     * The stream id.
     *
     * @return {@code --stream-id}, or the default.
     */
    int streamId()
    {
        return streamId;
    }

    private static Flag find(final List<Flag> table, final String arg)
    {
        for (final Flag flag : table)
        {
            if (flag.name().equals(arg))
            {
                return flag;
            }
        }
        return null;
    }

    private static int positiveInt(final String value)
    {
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
