package io.wsnova.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parsed arguments of {@code ./nova stream}; {@link #parse} throws {@link IllegalArgumentException} with a
 * message for the user on any mistake. {@link #toString()} never shows the secret.
 *
 * @param adapter      the adapter name ({@link Venues#names()}; deribit by default).
 * @param url          the venue URL.
 * @param restUrl      the base of the venue's REST snapshot endpoint, or null for the venue's default.
 * @param channels     the channels, at least one.
 * @param clientId     the client id, or null for public data only (Deribit only).
 * @param clientSecret the client secret, or null.
 * @param count        market events before exiting, 0 = no limit.
 * @param durationS    seconds before exiting, 0 = no limit.
 * @param ab           two legs arbitrated into one stream ({@code --ab}).
 * @param urlB         leg B's URL ({@code --url-b}; the same as {@code url} when not given), or null without --ab.
 */
record StreamArgs(String adapter, String url, String restUrl, List<String> channels, String clientId,
    String clientSecret, long count, long durationS, boolean ab, String urlB)
{
    /** The flag table of {@code ./nova stream}. */
    static final List<Flag> FLAGS = List.of(
        new Flag("--adapter", "NAME", "the venue adapter: " + String.join(", ", Venues.names()) +
            " (default deribit)"),
        new Flag("--url", "URL", "the venue's WebSocket URL (required)"),
        new Flag("--rest-url", "URL", "the base of the venue's REST snapshot endpoint (binance; default: the venue's)"),
        new Flag("--channel", "CH", "a channel to subscribe to, as the venue names it (required; repeat for more)"),
        new Flag("--client-id", "ID", "the client id (deribit; default: DERIBIT_CLIENT_ID)"),
        new Flag("--client-secret", "SECRET", "the client secret (deribit; default: DERIBIT_CLIENT_SECRET)"),
        new Flag("--count", "N", "exit 0 after N market events (default: no limit)"),
        new Flag("--duration", "SECONDS", "exit 0 after SECONDS (default: no limit)"),
        new Flag("--ab", null, "A/B: two connections (legs), each event printed once from the first leg " +
            "(docs/AB.md); counters and the lead histogram on stderr at exit (market-model venues)"),
        new Flag("--url-b", "URL", "with --ab: leg B's URL (default: the --url again)"));

    /**
     * Parses the flags of {@code ./nova stream}.
     *
     * @param args the command line ({@code args[0]} is "stream").
     * @param env  the environment, for the credentials.
     * @return the arguments, or null when {@code --help} was asked for.
     * @throws IllegalArgumentException with a message for the user on any mistake.
     */
    static StreamArgs parse(final String[] args, final Map<String, String> env)
    {
        final CommandLine line = CommandLine.parse(args, FLAGS, 0);
        if (line.help())
        {
            return null;
        }
        String adapter = Venues.DERIBIT;
        String url = null;
        String restUrl = null;
        String clientId = null;
        String clientSecret = null;
        long count = 0;
        long durationS = 0;
        boolean ab = false;
        String urlB = null;
        final List<String> channels = new ArrayList<>();
        for (final CommandLine.Option option : line.options())
        {
            final String flag = option.name();
            final String value = option.value();
            switch (flag)
            {
                case "--adapter" -> adapter = value;
                case "--url" -> url = value;
                case "--rest-url" -> restUrl = value;
                case "--channel" -> channels.add(value);
                case "--client-id" -> clientId = value;
                case "--client-secret" -> clientSecret = value;
                case "--count" -> count = positive(flag, value);
                case "--duration" -> durationS = positive(flag, value);
                case "--ab" -> ab = true;
                case "--url-b" -> urlB = value;
                default -> throw new IllegalStateException("flag table and parser disagree on " + flag);
            }
        }
        if (!Venues.names().contains(adapter))
        {
            throw new IllegalArgumentException("unknown adapter '" + adapter + "' (known: " +
                String.join(", ", Venues.names()) + ")");
        }
        if (url == null)
        {
            throw new IllegalArgumentException("--url is required");
        }
        if (channels.isEmpty())
        {
            throw new IllegalArgumentException("at least one --channel is required");
        }
        final Venues.Venue venue = Venues.find(adapter);
        if (urlB != null && !ab)
        {
            throw new IllegalArgumentException("--url-b needs --ab");
        }
        if (ab && venue == null)
        {
            throw new IllegalArgumentException("--ab applies to the market-model venues, not " + adapter);
        }
        if (ab && urlB == null)
        {
            urlB = url;
        }
        if (restUrl != null && (venue == null || !venue.takesRestUrl()))
        {
            throw new IllegalArgumentException("--rest-url does not apply to " + adapter);
        }
        if (venue != null)
        {
            if (clientId != null || clientSecret != null)
            {
                throw new IllegalArgumentException("--client-id and --client-secret apply to deribit only");
            }
            return new StreamArgs(adapter, url, restUrl, List.copyOf(channels), null, null, count, durationS, ab,
                urlB);
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
        return new StreamArgs(adapter, url, restUrl, List.copyOf(channels), clientId, clientSecret, count,
            durationS, false, null);
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
     * These arguments for leg B of {@code --ab}: its URL in place of {@code url}.
     *
     * @return the arguments of leg B.
     */
    StreamArgs legB()
    {
        return new StreamArgs(adapter, urlB, restUrl, channels, clientId, clientSecret, count, durationS, ab, urlB);
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
        return "StreamArgs[adapter=" + adapter + ", url=" + url + ", restUrl=" + restUrl + ", channels=" + channels +
            ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "null" : "***") +
            ", count=" + count + ", durationS=" + durationS + ", ab=" + ab + ", urlB=" + urlB + "]";
    }
}
