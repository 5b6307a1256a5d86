package io.wsnova.codec.http;

/**
 * RFC 7230 / RFC 9110 character classes and a sanitiser for diagnostic strings. Stateless.
 */
final class HttpGrammar
{
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final boolean[] TCHAR = new boolean[128];

    static
    {
        for (char c = '0'; c <= '9'; c++)
        {
            TCHAR[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++)
        {
            TCHAR[c] = true;
            TCHAR[c + ('a' - 'A')] = true;
        }
        for (final char c : "!#$%&'*+-.^_`|~".toCharArray())
        {
            TCHAR[c] = true;
        }
    }

    private HttpGrammar()
    {
    }

    /**
     * RFC 7230 tchar: any visible US-ASCII character except delimiters.
     *
     * @param c character or unsigned byte value.
     * @return true if c may appear in a token.
     */
    static boolean isTchar(final int c)
    {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /**
     * Whether a string is a non-empty RFC 7230 token.
     *
     * @param value candidate, may be null.
     * @return true if a token.
     */
    static boolean isToken(final String value)
    {
        if (null == value || value.isEmpty())
        {
            return false;
        }
        for (int i = 0, length = value.length(); i < length; i++)
        {
            if (!isTchar(value.charAt(i)))
            {
                return false;
            }
        }

        return true;
    }

    /**
     * A control character that may not appear anywhere in a header section: all of C0 except HTAB, and DEL.
     * CR and LF are controls too; line structure is handled by the caller.
     *
     * @param b unsigned byte value.
     * @return true if b is a forbidden control.
     */
    static boolean isForbiddenControl(final int b)
    {
        return (b < 0x20 && b != HTAB) || b == 0x7F;
    }

    /**
     * Make an untrusted string safe for a log line: printable ASCII only (others become '?'), at most
     * {@code maxChars} characters, with "..." appended when cut.
     *
     * @param value    untrusted text, may be null.
     * @param maxChars bound on the characters kept from value.
     * @return the sanitised text, or null if value is null.
     */
    static String sanitize(final String value, final int maxChars)
    {
        if (null == value)
        {
            return null;
        }

        final int length = Math.min(value.length(), maxChars);
        final StringBuilder sb = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (value.length() > maxChars)
        {
            sb.append("...");
        }

        return sb.toString();
    }
}
