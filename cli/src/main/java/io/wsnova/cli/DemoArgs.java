package io.wsnova.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parsed arguments of {@code ./nova demo}; {@link #parse} throws {@link IllegalArgumentException} with a message
 * for the user on any mistake. {@link #toString()} never shows the secret.
 *
 * @param durationS    seconds of streaming.
 * @param rate         the mock exchange's messages a second.
 * @param url          a real venue's URL, or null for the embedded mock exchange.
 * @param clientId     the client id for a real venue (DERIBIT_CLIENT_ID), or null.
 * @param clientSecret the client secret (DERIBIT_CLIENT_SECRET; for the mock, null = a random one), or null.
 * @param venues       the venues whose mocks run at once ({@link MultiVenueDemo}), or empty for the Deribit demo.
 */
record DemoArgs(long durationS, int rate, String url, String clientId, String clientSecret, List<String> venues)
{
    static final long DEFAULT_DURATION_S = 10;
    static final int DEFAULT_RATE = 5_000;
    static final int MAX_RATE = 100_000;

    /** The flag table of {@code ./nova demo}. */
    static final List<Flag> FLAGS = List.of(
        new Flag("--duration", "SECONDS", "seconds of streaming, 1 to 3600 (default " + DEFAULT_DURATION_S + ")"),
        new Flag("--rate", "MSGS_PER_SEC", "the mock exchange's messages a second, 1 to " + MAX_RATE +
            " (default " + DEFAULT_RATE + ")"),
        new Flag("--url", "URL", "a real venue instead of the mock (DERIBIT_CLIENT_ID / _SECRET if set)"),
        new Flag("--venues", "LIST", "the mocks of several venues at once, a view and a fault each: " +
            String.join(",", MultiVenueDemo.NAMES)));

    /**
     * The arguments of the Deribit demo.
     *
     * @param durationS    seconds of streaming.
     * @param rate         the mock exchange's messages a second.
     * @param url          a real venue's URL, or null for the embedded mock exchange.
     * @param clientId     the client id for a real venue, or null.
     * @param clientSecret the client secret, or null.
     */
    DemoArgs(final long durationS, final int rate, final String url, final String clientId, final String clientSecret)
    {
        this(durationS, rate, url, clientId, clientSecret, List.of());
    }

    /**
     * Parses the flags of {@code ./nova demo}.
     *
     * @param args the command line ({@code args[0]} is "demo").
     * @param env  the environment, for the credentials.
     * @return the arguments, or null when {@code --help} was asked for.
     * @throws IllegalArgumentException with a message for the user on any mistake.
     */
    static DemoArgs parse(final String[] args, final Map<String, String> env)
    {
        final CommandLine line = CommandLine.parse(args, FLAGS, 0);
        if (line.help())
        {
            return null;
        }
        long durationS = DEFAULT_DURATION_S;
        int rate = DEFAULT_RATE;
        String url = null;
        final List<String> venues = new ArrayList<>();
        for (final CommandLine.Option option : line.options())
        {
            final String flag = option.name();
            final String value = option.value();
            switch (flag)
            {
                case "--duration" -> durationS = number(flag, value, 1, 3_600);
                case "--rate" -> rate = (int)number(flag, value, 1, MAX_RATE);
                case "--url" -> url = value;
                case "--venues" -> venues.addAll(venues(value));
                default -> throw new IllegalStateException("flag table and parser disagree on " + flag);
            }
        }
        if (url != null && !venues.isEmpty())
        {
            throw new IllegalArgumentException("--venues runs the mocks: it does not take --url");
        }
        String clientId = null;
        String clientSecret = null;
        if (url != null)
        {
            clientId = blankToNull(env.get("DERIBIT_CLIENT_ID"));
            clientSecret = blankToNull(env.get("DERIBIT_CLIENT_SECRET"));
            if ((clientId == null) != (clientSecret == null))
            {
                throw new IllegalArgumentException("set both DERIBIT_CLIENT_ID and DERIBIT_CLIENT_SECRET, or neither");
            }
        }
        return new DemoArgs(durationS, rate, url, clientId, clientSecret, List.copyOf(venues));
    }

    private static List<String> venues(final String value)
    {
        final List<String> venues = new ArrayList<>();
        for (final String name : value.split(",", -1))
        {
            final String venue = name.strip();
            if (!MultiVenueDemo.NAMES.contains(venue))
            {
                throw new IllegalArgumentException("unknown venue '" + venue + "' in --venues (known: " +
                    String.join(", ", MultiVenueDemo.NAMES) + ")");
            }
            if (venues.contains(venue))
            {
                throw new IllegalArgumentException("--venues lists " + venue + " twice");
            }
            venues.add(venue);
        }
        return venues;
    }

    private static long number(final String flag, final String value, final long min, final long max)
    {
        try
        {
            final long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max + ", was '" +
            value + "'");
    }

    private static String blankToNull(final String value)
    {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString()
    {
        return "DemoArgs[durationS=" + durationS + ", rate=" + rate + ", url=" + url + ", clientId=" + clientId +
            ", clientSecret=" + (clientSecret == null ? "null" : "***") + ", venues=" + venues + "]";
    }
}
