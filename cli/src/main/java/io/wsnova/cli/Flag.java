package io.wsnova.cli;

/**
 * One command-line flag of a command's flag table: its name, the name of its value (null for a switch) and a line
 * of help. Every command's {@code --help} is rendered from its table, and {@link CommandLine} parses against it.
 *
 * @param name  the flag, e.g. {@code --count}.
 * @param value the value's name for the usage, e.g. {@code N}, or null when the flag takes no value.
 * @param help  one line saying what it does.
 */
record Flag(String name, String value, String help)
{
    boolean takesValue()
    {
        return value != null;
    }
}
