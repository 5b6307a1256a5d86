package io.wsnova.cli;

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
 */
record DemoArgs(long durationS, int rate, String url, String clientId, String clientSecret)
{
    static final long DEFAULT_DURATION_S = 10;
    static final int DEFAULT_RATE = 5_000;
    static final int MAX_RATE = 100_000;

    static DemoArgs parse(final String[] args, final Map<String, String> env)
    {
        long durationS = DEFAULT_DURATION_S;
        int rate = DEFAULT_RATE;
        String url = null;
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
                case "--duration" -> durationS = number(flag, value, 1, 3_600);
                case "--rate" -> rate = (int)number(flag, value, 1, MAX_RATE);
                case "--url" -> url = value;
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
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
        return new DemoArgs(durationS, rate, url, clientId, clientSecret);
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
            ", clientSecret=" + (clientSecret == null ? "null" : "***") + "]";
    }
}
