package io.wsnova.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parsed arguments of {@code ./nova stream}; {@link #parse} throws {@link IllegalArgumentException} with a
 * message for the user on any mistake. {@link #toString()} never shows the secret.
 *
 * @param url          the venue URL.
 * @param channels     the channels, at least one.
 * @param clientId     the client id, or null for public data only.
 * @param clientSecret the client secret, or null.
 * @param count        market events before exiting, 0 = no limit.
 * @param durationS    seconds before exiting, 0 = no limit.
 */
record StreamArgs(String url, List<String> channels, String clientId, String clientSecret, long count,
    long durationS)
{
    static StreamArgs parse(final String[] args, final Map<String, String> env)
    {
        String adapter = null;
        String url = null;
        String clientId = null;
        String clientSecret = null;
        long count = 0;
        long durationS = 0;
        final List<String> channels = new ArrayList<>();
        for (int i = 1; i < args.length; i++)
        {
            final String flag = args[i];
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            final String value = args[++i];
            switch (flag)
            {
                case "--adapter" -> adapter = value;
                case "--url" -> url = value;
                case "--channel" -> channels.add(value);
                case "--client-id" -> clientId = value;
                case "--client-secret" -> clientSecret = value;
                case "--count" -> count = positive(flag, value);
                case "--duration" -> durationS = positive(flag, value);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        if (adapter != null && !"deribit".equals(adapter))
        {
            throw new IllegalArgumentException("unknown adapter '" + adapter + "' (known: deribit)");
        }
        if (url == null)
        {
            throw new IllegalArgumentException("--url is required");
        }
        if (channels.isEmpty())
        {
            throw new IllegalArgumentException("at least one --channel is required");
        }
        if (clientId == null && clientSecret == null)
        {
            clientId = blankToNull(env.get("DERIBIT_CLIENT_ID"));
            clientSecret = blankToNull(env.get("DERIBIT_CLIENT_SECRET"));
        }
        if ((clientId == null) != (clientSecret == null))
        {
            throw new IllegalArgumentException("--client-id and --client-secret go together");
        }
        return new StreamArgs(url, List.copyOf(channels), clientId, clientSecret, count, durationS);
    }

    private static long positive(final String flag, final String value)
    {
        try
        {
            final long parsed = Long.parseLong(value);
            if (parsed > 0)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a positive whole number, was '" + value + "'");
    }

    private static String blankToNull(final String value)
    {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The subscribed channel a market event belongs to: the first {@code --channel} starting with
     * {@code prefix + instrument} (followed by the end or a dot), else that prefix and instrument.
     */
    String channelFor(final String prefix, final CharSequence instrument)
    {
        for (final String channel : channels)
        {
            if (channel.startsWith(prefix) && channel.regionMatches(prefix.length(), instrument.toString(), 0,
                instrument.length()) && (channel.length() == prefix.length() + instrument.length() ||
                channel.charAt(prefix.length() + instrument.length()) == '.'))
            {
                return channel;
            }
        }
        return prefix + instrument;
    }

    @Override
    public String toString()
    {
        return "StreamArgs[url=" + url + ", channels=" + channels + ", clientId=" + clientId + ", clientSecret=" +
            (clientSecret == null ? "null" : "***") + ", count=" + count + ", durationS=" + durationS + "]";
    }
}
