package io.wsnova.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one command parsed against its {@link Flag} table. {@code --help} or {@code -h} anywhere asks for
 * the usage; an unknown flag is "unknown option --x"; a flag that takes a value and has none (the end of the line or
 * another {@code --flag} follows) is "--x needs a value (N)"; too many plain arguments are "unexpected argument".
 * Every mistake is a {@link UsageException} whose message is meant for the user.
 */
final class CommandLine
{
    /**
     * A mistake on the command line; the message is shown to the user, followed by the command's usage.
     */
    static final class UsageException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        UsageException(final String message)
        {
            super(message);
        }
    }

    /**
     * One flag as given, with its value (null for a switch).
     *
     * @param flag  the flag from the table.
     * @param value the value, or null.
     */
    record Option(Flag flag, String value)
    {
        String name()
        {
            return flag.name();
        }
    }

    private final boolean help;
    private final List<Option> options;
    private final List<String> positionals;

    private CommandLine(final boolean help, final List<Option> options, final List<String> positionals)
    {
        this.help = help;
        this.options = options;
        this.positionals = positionals;
    }

    /**
     * Parses {@code args[1..]} (args[0] is the command).
     *
     * @param args           the whole command line after {@code ./nova}.
     * @param flags          the command's flag table.
     * @param maxPositionals how many plain (non-flag) arguments the command takes.
     * @return the parsed line; {@link #help()} is true when {@code --help} was given (nothing else is checked then).
     * @throws UsageException on a mistake.
     */
    static CommandLine parse(final String[] args, final List<Flag> flags, final int maxPositionals)
    {
        for (int i = 1; i < args.length; i++)
        {
            if ("--help".equals(args[i]) || "-h".equals(args[i]))
            {
                return new CommandLine(true, List.of(), List.of());
            }
        }
        final List<Option> options = new ArrayList<>();
        final List<String> positionals = new ArrayList<>();
        for (int i = 1; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.startsWith("-") && arg.length() > 1)
            {
                final Flag flag = find(flags, arg);
                if (flag == null)
                {
                    throw new UsageException("unknown option " + arg);
                }
                if (!flag.takesValue())
                {
                    options.add(new Option(flag, null));
                    continue;
                }
                if (i + 1 >= args.length || args[i + 1].startsWith("--"))
                {
                    throw new UsageException(arg + " needs a value (" + flag.value() + ")");
                }
                options.add(new Option(flag, args[++i]));
            }
            else
            {
                if (positionals.size() >= maxPositionals)
                {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                positionals.add(arg);
            }
        }
        return new CommandLine(false, List.copyOf(options), List.copyOf(positionals));
    }

    private static Flag find(final List<Flag> flags, final String name)
    {
        for (final Flag flag : flags)
        {
            if (flag.name().equals(name))
            {
                return flag;
            }
        }
        return null;
    }

    boolean help()
    {
        return help;
    }

    List<Option> options()
    {
        return options;
    }

    List<String> positionals()
    {
        return positionals;
    }

    /**
     * The usage text of a command: its synopsis, the flag table (one line per flag) and notes.
     *
     * @param synopsis the first line(s), starting with "usage: ".
     * @param flags    the flag table.
     * @param notes    lines after the table, or an empty string.
     * @return the text, ending with a newline.
     */
    static String usage(final String synopsis, final List<Flag> flags, final String notes)
    {
        final StringBuilder text = new StringBuilder(synopsis.strip()).append('\n');
        if (!flags.isEmpty())
        {
            text.append("options:\n");
            for (final Flag flag : flags)
            {
                final String left = flag.name() + (flag.takesValue() ? " " + flag.value() : "");
                text.append(String.format("  %-24s %s%n", left, flag.help()));
            }
            text.append(String.format("  %-24s %s%n", "--help", "print this help and exit"));
        }
        if (!notes.isBlank())
        {
            text.append(notes.stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
