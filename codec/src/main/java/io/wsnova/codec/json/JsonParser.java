package io.wsnova.codec.json;

import java.util.Arrays;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A reusable, allocation-free pull parser for one JSON message at a time: one forward scan over the message, no
 * token objects.
 *
 * <h2>Where the copy happens</h2>
 * The engine's receive buffer is an off-heap Agrona {@link DirectBuffer}; the parser scans a {@code byte[]} from
 * index 0. {@link #wrap(DirectBuffer, int, int)} therefore copies each message payload exactly once into this
 * parser's own {@code byte[]} (one {@code memcpy}, ~20-30 ns for a 600-byte ticker) and parses that. The array
 * grows (allocating, during warm-up only) up to {@code maxMessageLength}; a longer message is rejected with
 * {@link #ERROR_MESSAGE_TOO_LONG}. The copy is never skipped, even for a heap buffer at offset 0, because the
 * parser writes two {@code '"'} sentinel bytes after the payload: every scan loop (whitespace, names, strings,
 * digits) stops at a quote or a byte outside its class, so the sentinels bound every scan of a truncated message
 * to the message itself without a length check per byte (an escape before the end skips the first sentinel and
 * stops at the second). Eight padding bytes follow the sentinels so that strings and digits are scanned a word
 * (eight bytes) at a time.
 *
 * <h2>Use</h2>
 * {@link #nextToken()} walks the message; names are matched by {@link #nameHash()} (a weak hash, the sum of the
 * bytes, computed while the name is scanned for its closing quote, see {@link #nameHash(String)} and
 * {@link JsonFieldTable}) and then verified with {@link #nameEquals(byte[])}; scalar values are read from the
 * current token with {@link #readLong()},
 * {@link #readDecimal(Decimal) }, {@link #readDouble()}, {@link #readBoolean()}, {@link #readString(StringBuilder)}
 * or compared with {@link #stringEquals(byte[])}. {@link #tokenOffset()} and {@link #tokenLength()} give the raw
 * bytes of the current token in {@link #buffer()}, e.g. to print a number exactly as the venue sent it. No
 * method creates a {@code String}. To decode an object, {@link #nextField(JsonFieldTable)} does the work of
 * {@code nextToken()}, the name lookup and {@code nextToken()} again in one call. It first guesses that the name
 * is the one the table lists after the last name it found in this object (venues send their fields in a stable
 * order; list them in that order): one or two word compares of that name and its closing quote at the cursor, and
 * on a hit no scan, hash or probe at all. A miss costs the compare and then the full lookup; the result is the same.
 * <p>
 * Numbers are validated and, in their usual form ({@code -?(0|[1-9][0-9]*)(.[0-9]+)?}, at most 18 digits, with or
 * without an exponent of 1 to 3 digits that leaves a scale of 0 to 18, followed by {@code ,} <code>&#125;</code>
 * {@code ]} or the end), parsed into a {@code long} mantissa and a scale in the same pass over the digits, eight
 * digits at a time ({@code JsonNumber.scanFast}); a number quoted in a string in that form is parsed the same way
 * from the raw token when read; other forms (longer numbers or exponents, a negative scale, whitespace before the
 * next separator) go to a general parser that accepts the whole RFC 8259 grammar. The read methods then only convert:
 * every form is accepted by every read, a value a {@link Decimal} cannot hold exactly is read inexact (counted,
 * exact text kept), never refused. The policy is in {@code docs/NUMBERS.md}.
 *
 * <h2>Errors</h2>
 * Malformed input never throws to the caller. The first error is sticky until the next {@code wrap}: it sets
 * {@link #errorCode()}, {@link #errorOffset()} (byte offset from the message start) and
 * {@link #errorDescription()}; {@link #nextToken()} then returns {@link #ERROR} and value reads return 0, false
 * or NaN, so a decoder may read a whole object and check {@link #hasError()} once at the end. A read of a value of
 * the wrong type never leaves the caller inside it: the failing reads ({@link #readLong()}, {@link #readString}...)
 * put the parser in error, so nothing after the value is read; the {@code tryRead} methods skip an object or array
 * whole and return {@link #VALUE_INVALID}. No
 * exception is thrown or caught on any path (valid or malformed), and nothing is allocated. Whitespace is the four
 * characters of RFC 8259 (space, tab, line feed, carriage return). Nesting
 * is bounded by {@code maxDepth} and skipping is iterative, so deep nesting cannot overflow the stack.
 * Strings are not checked for raw control characters.
 *
 * <h2>Escaped strings</h2>
 * Names and string values are compared, looked up, hashed and read as their decoded value (RFC 8259 section 7):
 * <code>"&#92;u0061ccess_token"</code> is the name {@code access_token}, <code>"ticker.&#92;u0042TC"</code> equals
 * {@code ticker.BTC}. A string without a backslash (the usual case) is used where it lies: a lookup or comparison
 * first tries the raw bytes (decoding only shortens, so a raw hit of the same length is a real hit), and only a
 * miss, a read or a longer token costs one word-at-a-time scan for a backslash, once per token; skipped strings
 * cost nothing. A string with a backslash is decoded to UTF-8 <em>in place</em> in
 * {@link #buffer()} the first time its content is used ({@link #stringLength()}, the comparisons, the lookups, the
 * reads); a skipped string is never decoded, so a skipped region may be parsed again later (deferred decoding of
 * a {@code data} value). After decoding, {@code buffer()[tokenOffset(), tokenOffset() + stringLength())} holds the
 * value and the rest of the raw token is stale: {@link #tokenLength()} stays the raw extent, for slicing. Surrogate
 * pairs become one code point; a lone surrogate becomes U+FFFD and is counted in
 * {@link #replacedSurrogateCount()}; an invalid escape is {@link #ERROR_INVALID_ESCAPE}.
 *
 * <h2>Threads</h2>
 * One parser per reader thread; not thread-safe. Views into {@link #buffer()} stay valid until the next wrap.
 */
public final class JsonParser
{
    /** Token: a parse error; see {@link #errorCode()}. */
    public static final int ERROR = -1;
    /** Token: the message ended after its top-level value (only whitespace followed). */
    public static final int END_OF_INPUT = 0;
    /** Token: <code>&#123;</code>. */
    public static final int START_OBJECT = 1;
    /** Token: <code>&#125;</code>. */
    public static final int END_OBJECT = 2;
    /** Token: {@code [}. */
    public static final int START_ARRAY = 3;
    /** Token: {@code ]}. */
    public static final int END_ARRAY = 4;
    /** Token: a field name in an object; its value is the next token. */
    public static final int FIELD_NAME = 5;
    /** Token: a string value. */
    public static final int STRING = 6;
    /** Token: a number value. */
    public static final int NUMBER = 7;
    /** Token: {@code true}. */
    public static final int TRUE = 8;
    /** Token: {@code false}. */
    public static final int FALSE = 9;
    /** Token: {@code null}. */
    public static final int NULL = 10;
    /** Token: none read yet since the last wrap. */
    public static final int NONE = 11;

    /** {@link #tryReadDecimal(Decimal)}, {@link #tryReadLong()}: the value is not a number of the wanted kind. */
    public static final int VALUE_INVALID = -1;
    /** {@link #tryReadDecimal(Decimal)}, {@link #tryReadLong()}: the value is {@code null}. */
    public static final int VALUE_NULL = 0;
    /** {@link #tryReadDecimal(Decimal)}, {@link #tryReadLong()}: the value was read exactly. */
    public static final int VALUE_EXACT = 1;
    /** {@link #tryReadDecimal(Decimal)}: the value was read, inexact (rounded, exact text kept). */
    public static final int VALUE_INEXACT = 2;

    /** Returned by {@link #nextField(JsonFieldTable)} when the object ended or on an error. */
    public static final int END_OF_FIELDS = -2;

    /** No error. */
    public static final int ERROR_NONE = 0;
    /** A syntax error (truncated input, bad literal...). */
    public static final int ERROR_SYNTAX = 1;
    /** A token that is not allowed where it appears. */
    public static final int ERROR_UNEXPECTED_TOKEN = 2;
    /** A string or name without its closing quote. */
    public static final int ERROR_UNTERMINATED_STRING = 3;
    /** A number that breaks the JSON grammar. */
    public static final int ERROR_INVALID_NUMBER = 4;
    /** A number that is not a long integer, read with {@link #readLong()} (a {@link Decimal} read never fails). */
    public static final int ERROR_NUMBER_OUT_OF_RANGE = 5;
    /** A read of a type the current token does not have. */
    public static final int ERROR_TYPE_MISMATCH = 6;
    /** Non-whitespace after the top-level value. */
    public static final int ERROR_TRAILING_DATA = 7;
    /** Nesting deeper than the configured maximum. */
    public static final int ERROR_TOO_DEEP = 8;
    /** A message longer than the configured maximum. */
    public static final int ERROR_MESSAGE_TOO_LONG = 9;
    /** A bad escape sequence in a string. */
    public static final int ERROR_INVALID_ESCAPE = 10;
    /** The message ended before its top-level value. */
    public static final int ERROR_EMPTY_INPUT = 11;

    /** Default bound of a message, in bytes. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;
    /** Default bound of nesting. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final int SENTINEL_LENGTH = 2;
    private static final byte[] TRUE_LITERAL = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE_LITERAL = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL_LITERAL = {'n', 'u', 'l', 'l'};
    private static final int UNSCANNED = -2;
    private static final int FAST_DIGITS = JsonNumber.FAST_DIGITS;
    private static final byte OBJECT = 1;
    private static final byte ARRAY = 2;
    // Parser states: what the next token may be. EXPECT_ERROR (sticky) replaces an error check per token.
    private static final int EXPECT_COMMA_OR_END = 0;
    private static final int EXPECT_VALUE = 1;
    private static final int EXPECT_NAME_OR_END = 2;
    private static final int EXPECT_VALUE_OR_END = 3;
    private static final int EXPECT_TOP_LEVEL_VALUE = 4;
    private static final int EXPECT_END_OF_INPUT = 5;
    private static final int EXPECT_ERROR = 6;

    private int pos;
    private final JsonNumber number = new JsonNumber();
    private final byte[] containers;
    // Per depth: position (in its table's put order) of the name expected next in the object open at that depth.
    private final int[] expectedFieldOrder;
    private final int maxMessageLength;
    private byte[] bytes;
    private int length;
    private int depth;
    private byte container;
    private int expect;
    private int token;
    private int tokenOffset;
    private int tokenLength;
    private int hash;
    // Decoded length of the current string or name; UNSCANNED until its content is first used.
    private int stringLength;
    private final long[] replacedSurrogates = new long[1];
    private int errorCode;
    private int errorOffset;
    private String errorDescription;
    private long inexactNumbers;

    /**
     * Creates a parser with a 4 KiB initial buffer and the default bounds.
     */
    public JsonParser()
    {
        this(4096, DEFAULT_MAX_MESSAGE_LENGTH, DEFAULT_MAX_DEPTH);
    }

    /**
     * Creates a parser.
     *
     * @param initialCapacity  initial size of the copy buffer in bytes.
     * @param maxMessageLength largest message accepted, in bytes.
     * @param maxDepth         deepest nesting of objects and arrays accepted.
     * @throws IllegalArgumentException if a bound is not positive.
     */
    public JsonParser(final int initialCapacity, final int maxMessageLength, final int maxDepth)
    {
        if (initialCapacity <= 0 || maxMessageLength <= 0 || maxDepth <= 0)
        {
            throw new IllegalArgumentException("bounds must be positive: initialCapacity=" + initialCapacity +
                " maxMessageLength=" + maxMessageLength + " maxDepth=" + maxDepth);
        }
        this.maxMessageLength = maxMessageLength;
        this.containers = new byte[maxDepth];
        this.expectedFieldOrder = new int[maxDepth + 1];
        this.bytes = new byte[initialCapacity + SENTINEL_LENGTH + JsonSwar.PADDING];
        reset(0);
    }

    /**
     * Hash of a name as the parser computes it while scanning a name or string (the sum of the bytes, one add per
     * byte). Compute once at start-up, e.g.
     * {@code static final int TIMESTAMP = JsonParser.nameHash("timestamp")}. Anagrams collide, so a match must be
     * verified with {@link #nameEquals(byte[])} ({@link JsonFieldTable} does).
     *
     * @param name the name (UTF-8 encoded for hashing).
     * @return the hash to compare with {@link #nameHash()} or {@link #stringHash()}.
     */
    public static int nameHash(final String name)
    {
        return hash(name.getBytes(StandardCharsets.UTF_8));
    }

    static int hash(final byte[] name)
    {
        return hash(name, 0, name.length);
    }

    static int hash(final byte[] bytes, final int offset, final int length)
    {
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            hash += bytes[i];
        }
        return hash;
    }

    static boolean regionEquals(final byte[] bytes, final int offset, final int length, final byte[] expected)
    {
        // Arrays.equals on ranges is a vectorized intrinsic (ArraysSupport.mismatch) and allocates nothing.
        return length == expected.length && Arrays.equals(bytes, offset, offset + length, expected, 0, length);
    }

    /**
     * Starts parsing a message by copying it into this parser's buffer (see the class comment).
     *
     * @param buffer the buffer holding the message, e.g. the engine's receive buffer.
     * @param offset index of the first byte of the message.
     * @param length length of the message in bytes.
     * @return {@link #ERROR_NONE}, or {@link #ERROR_MESSAGE_TOO_LONG} (the parser is then in error).
     */
    public int wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!ensureCapacity(length))
        {
            return ERROR_MESSAGE_TOO_LONG;
        }
        buffer.getBytes(offset, bytes, 0, length);
        return start(length);
    }

    /**
     * Starts parsing a message held in a {@code byte[]} by copying it into this parser's buffer.
     *
     * @param src    the array holding the message.
     * @param offset index of the first byte of the message.
     * @param length length of the message in bytes.
     * @return {@link #ERROR_NONE}, or {@link #ERROR_MESSAGE_TOO_LONG} (the parser is then in error).
     */
    public int wrap(final byte[] src, final int offset, final int length)
    {
        if (!ensureCapacity(length))
        {
            return ERROR_MESSAGE_TOO_LONG;
        }
        System.arraycopy(src, offset, bytes, 0, length);
        return start(length);
    }

    /**
     * Advances to the next token, checking the grammar (commas, colons, nesting, trailing data).
     *
     * @return the token: {@link #START_OBJECT} ... {@link #NULL}, {@link #END_OF_INPUT} after the top-level
     * value, or {@link #ERROR}.
     */
    public int nextToken()
    {
        return advance(null);
    }

    /**
     * Advances to the next field of the current object and onto its value, in one call. Equivalent to
     * {@link #nextToken()} returning {@link #FIELD_NAME}, a lookup of the name in {@code fields}, then
     * {@link #nextToken()} again: the parser is left on the field's value (a scalar, or the
     * {@link #START_OBJECT} or {@link #START_ARRAY} of a nested value, which the caller decodes or skips with
     * {@link #skipValue()}), so {@link #token()}, {@link #tokenOffset()} and the read methods describe the value,
     * not the name.
     * <pre>{@code
     * int field;
     * while ((field = parser.nextField(FIELDS)) != JsonParser.END_OF_FIELDS)
     * {
     *     switch (field) { case PRICE -> parser.readDecimal(price); default -> parser.skipValue(); }
     * }
     * boolean complete = parser.token() == JsonParser.END_OBJECT; // else ERROR, see errorCode()
     * }</pre>
     *
     * @param fields the names to look up.
     * @return the id of the field's name in {@code fields}, {@link JsonFieldTable#NOT_FOUND} for another name, or
     * {@link #END_OF_FIELDS} when the object ended ({@link #token()} is then {@link #END_OBJECT}) or on an error
     * ({@link #token()} is {@link #ERROR}).
     * @throws IllegalStateException if the parser is not inside an object, between its fields (a caller bug).
     */
    public int nextField(final JsonFieldTable fields)
    {
        final int result = advance(fields);
        return token == ERROR ? END_OF_FIELDS : result;
    }

    /**
     * The fast path of {@link #nextField(JsonFieldTable)} followed by {@link #readDecimal(Decimal)}, for a decoder
     * that knows the usual order of its fields: when the next field of the current object is the one at
     * {@code order} in {@code fields} (put order), written exactly as in the table, with no whitespace, and its
     * value is a number in the plain form ({@code -?digits(.digits)?}, at most 18 digits) directly followed by
     * {@code ','} or <code>'}'</code>, reads it into {@code dst}, leaves the parser on the value exactly as
     * {@code nextField} would (it also predicts the field after it) and returns true. Otherwise it returns false and
     * changes nothing, and the caller goes on with {@code nextField}, which handles everything else (other names or
     * order, whitespace, escapes, exponents, long numbers, errors) with the same result.
     *
     * @param fields the names of the object's fields.
     * @param order  the position of the expected field in {@code fields}' put order.
     * @param dst    the decimal to fill when the field is read.
     * @return true if the field was read into {@code dst}; false if the parser is unchanged.
     */
    public boolean nextDecimalField(final JsonFieldTable fields, final int order, final Decimal dst)
    {
        final byte[] bytes = this.bytes;
        final int length = this.length;
        final int state = expect;
        int i = pos;
        if (state == EXPECT_COMMA_OR_END && container == OBJECT)
        {
            if (JsonSwar.at(bytes, i) != ',')
            {
                return false;
            }
            i++;
        }
        else if (state != EXPECT_NAME_OR_END)
        {
            return false;
        }
        // Every read below stops at the '"' sentinels after the message at the latest.
        if (JsonSwar.at(bytes, i) != '"' || order < 0 || !fields.matchesAt(order, bytes, i + 1, length))
        {
            return false;
        }
        final int nameStart = i + 1;
        final int nameLength = fields.nameLengthAt(order);
        i = nameStart + nameLength + 1;
        if (JsonSwar.at(bytes, i) != ':')
        {
            return false;
        }
        final int start = i + 1;
        final boolean negative = JsonSwar.at(bytes, start) == '-';
        final int integerStart = negative ? start + 1 : start;
        int j = integerStart;
        long magnitude = 0L;
        int run;
        do
        {
            final long values = JsonSwar.digitValues(JsonSwar.word(bytes, j));
            run = JsonSwar.digitRun(values);
            if (run != 0)
            {
                magnitude = JsonSwar.appendDigits(magnitude, values, run);
                j += run;
            }
        }
        while (run == Long.BYTES);
        final int integerDigits = j - integerStart;
        int fractionDigits = 0;
        byte c = JsonSwar.at(bytes, j);
        if (c == '.')
        {
            final int fractionStart = ++j;
            do
            {
                final long values = JsonSwar.digitValues(JsonSwar.word(bytes, j));
                run = JsonSwar.digitRun(values);
                if (run != 0)
                {
                    magnitude = JsonSwar.appendDigits(magnitude, values, run);
                    j += run;
                }
            }
            while (run == Long.BYTES);
            fractionDigits = j - fractionStart;
            c = JsonSwar.at(bytes, j);
            if (fractionDigits == 0)
            {
                return false;
            }
        }
        if (j >= length || (c != ',' && c != '}') || integerDigits == 0 ||
            (integerDigits > 1 && JsonSwar.at(bytes, integerStart) == '0') ||
            integerDigits + fractionDigits > FAST_DIGITS)
        {
            return false;
        }
        expectedFieldOrder[depth] = order + 1;
        hash = fields.hashAt(order);
        stringLength = nameLength;
        pos = j;
        number.set(magnitude, fractionDigits, negative, start, j);
        tokenOffset = start;
        tokenLength = j - start;
        expect = EXPECT_COMMA_OR_END;
        token = NUMBER;
        dst.set(negative ? -magnitude : magnitude, fractionDigits);
        return true;
    }

    /**
     * {@link #nextToken()} when {@code fields} is null, else {@link #nextField(JsonFieldTable)}.
     * <p>
     * The hot path is this one flat method: the frequent transitions (comma, name, colon, string, number) are
     * written inline as local-variable loops over the copy so that C2 compiles them as one unit (a helper of ours
     * that is hot on its own gets compiled first, is then "already compiled into a big method" and is never inlined
     * here). Ends of containers, literals, the top level, numbers outside the fast form and every error are
     * separate, cold methods. After an error the state is EXPECT_ERROR: no separate error check per token. (Measured:
     * the two thin public wrappers over this method compile better than one big public {@code nextToken()}.)
     */
    private int advance(final JsonFieldTable fields)
    {
        final byte[] bytes = this.bytes;
        final int length = this.length;
        int i = pos;
        byte b;
        boolean isName = false;
        final int state = expect;
        if (fields != null && state != EXPECT_COMMA_OR_END && state != EXPECT_NAME_OR_END && state != EXPECT_ERROR)
        {
            throw notInObject();
        }
        // Every scan below stops at the two '"' sentinels after the message, so the loops test one byte, not the
        // length; a stop at or past the length is then the end of the input.
        switch (state)
        {
            case EXPECT_COMMA_OR_END:
                while (isWhitespace(b = JsonSwar.at(bytes, i)))
                {
                    i++;
                }
                if (i >= length)
                {
                    return endOfInputInside();
                }
                pos = ++i;
                if (b != ',')
                {
                    final int end = endOfContainer(b);
                    return fields == null ? end : END_OF_FIELDS;
                }
                while (isWhitespace(b = JsonSwar.at(bytes, i)))
                {
                    i++;
                }
                if (i >= length)
                {
                    return endOfInputInside();
                }
                i++;
                isName = container == OBJECT;
                break;

            case EXPECT_NAME_OR_END:
                while (isWhitespace(b = JsonSwar.at(bytes, i)))
                {
                    i++;
                }
                if (i >= length)
                {
                    return endOfInputInside();
                }
                i++;
                if (b == '}')
                {
                    pos = i;
                    final int end = endContainer(END_OBJECT);
                    return fields == null ? end : END_OF_FIELDS;
                }
                isName = true;
                break;

            case EXPECT_VALUE:
                while (isWhitespace(b = JsonSwar.at(bytes, i)))
                {
                    i++;
                }
                if (i >= length)
                {
                    return endOfInputInside();
                }
                i++;
                break;

            case EXPECT_VALUE_OR_END:
                while (isWhitespace(b = JsonSwar.at(bytes, i)))
                {
                    i++;
                }
                if (i >= length)
                {
                    return endOfInputInside();
                }
                i++;
                if (b == ']')
                {
                    pos = i;
                    return endContainer(END_ARRAY);
                }
                break;

            case EXPECT_TOP_LEVEL_VALUE:
                return topLevelValue();

            case EXPECT_END_OF_INPUT:
                return endOfInput();

            default:
                return ERROR;
        }

        int id = 0;
        if (fields != null && !isName)
        {
            throw notInObject();
        }
        if (isName)
        {
            if (b != '"')
            {
                pos = i;
                return unexpected("expected a field name");
            }
            final int start = i;
            final int order = fields == null ? -1 : expectedFieldOrder[depth];
            if (order >= 0 && fields.matchesAt(order, bytes, start, length))
            {
                // The expected name: no scan, no hash, no probe (it has no backslash, so it is its decoded value).
                final int nameLength = fields.nameLengthAt(order);
                expectedFieldOrder[depth] = order + 1;
                hash = fields.hashAt(order);
                tokenOffset = start;
                tokenLength = nameLength;
                stringLength = nameLength;
                i = start + nameLength + 1;
                while (isWhitespace(b = JsonSwar.at(bytes, i)))
                {
                    i++;
                }
                pos = ++i;
                if (b != ':')
                {
                    return i > length ? endOfInputInside() : unexpected("expected ':' after the field name");
                }
                id = fields.idAt(order);
            }
            else
            {
                // Any name for nextToken, an unexpected one for nextField: scanned here (a call per name cost the
                // nextToken walkers ~15%), looked up in lookupAndPredict.
                int nameHash = 0;
                byte c;
                while ((c = JsonSwar.at(bytes, i)) != '"')
                {
                    if (c == '\\')
                    {
                        nameHash += c;
                        c = JsonSwar.at(bytes, ++i);
                    }
                    nameHash += c;
                    i++;
                }
                if (i >= length)
                {
                    return unterminatedString(start);
                }
                hash = nameHash;
                tokenOffset = start;
                final int nameLength = i - start;
                tokenLength = nameLength;
                stringLength = UNSCANNED;
                i++;
                while (isWhitespace(b = JsonSwar.at(bytes, i)))
                {
                    i++;
                }
                pos = ++i;
                if (b != ':')
                {
                    return i > length ? endOfInputInside() : unexpected("expected ':' after the field name");
                }
                if (fields == null)
                {
                    expect = EXPECT_VALUE;
                    return token = FIELD_NAME;
                }
                id = lookupAndPredict(fields, start, nameLength, nameHash);
                if (id == END_OF_FIELDS)
                {
                    return END_OF_FIELDS;
                }
            }
            while (isWhitespace(b = JsonSwar.at(bytes, i)))
            {
                i++;
            }
            if (i >= length)
            {
                return endOfInputInside();
            }
            i++;
        }

        if (b == '"')
        {
            // Eight bytes at a time to the closing quote, stepping over each escaped byte; the hash of a string
            // value is computed only if asked for (nameHash()).
            final int start = i;
            while (true)
            {
                i += JsonSwar.quoteOrBackslash(JsonSwar.word(bytes, i));
                final byte c = JsonSwar.at(bytes, i);
                if (c == '"')
                {
                    break;
                }
                if (c == '\\')
                {
                    i += 2;
                }
            }
            if (i >= length)
            {
                return unterminatedString(start);
            }
            pos = i + 1;
            tokenOffset = start;
            tokenLength = i - start;
            stringLength = UNSCANNED;
            expect = depth == 0 ? EXPECT_END_OF_INPUT : EXPECT_COMMA_OR_END;
            token = STRING;
            return fields == null ? STRING : id;
        }
        if (b != '-' && (b < '0' || b > '9'))
        {
            pos = i;
            final int value = otherValue(b);
            return fields == null ? value : id;
        }

        // Numbers: the fast form of JsonNumber.scanFast (at most 18 digits, a short exponent), followed by ',', '}',
        // ']' or the end, is validated and parsed here in one pass over the digits. This is the same scan as
        // scanFast (which quoted numbers use), written out here because C2 does not inline scanFast once it is hot
        // on its own (measured: a call per number, +4% on the ticker and up to +10% on other venues). Any other
        // text, valid or not, goes up to the next ',', '}' or ']' to JsonNumber.parse, which also finds the offset
        // of an error.
        final int start = i - 1;
        final boolean negative = b == '-';
        final int integerStart = negative ? i : start;
        // Digits eight at a time (JsonSwar): the run ends at a non-digit, at the latest at the '"' sentinels.
        int j = integerStart;
        long magnitude = 0L;
        int run;
        do
        {
            final long values = JsonSwar.digitValues(JsonSwar.word(bytes, j));
            run = JsonSwar.digitRun(values);
            if (run != 0)
            {
                // JsonSwar.appendDigits written out: C2 does not inline it into this big method (a call per word).
                long x = values << (Long.SIZE - Byte.SIZE * run);
                x = (x * 10L + (x >>> 8)) & 0x00FF00FF00FF00FFL;
                x = (x * 100L + (x >>> 16)) & 0x0000FFFF0000FFFFL;
                x = (x * 10_000L + (x >>> 32)) & 0xFFFFFFFFL;
                magnitude = magnitude * JsonSwar.pow10(run) + x;
                j += run;
            }
        }
        while (run == Long.BYTES);
        byte c = JsonSwar.at(bytes, j);
        final int integerDigits = j - integerStart;
        int fractionDigits = 1;
        if (c == '.')
        {
            final int fractionStart = ++j;
            do
            {
                final long values = JsonSwar.digitValues(JsonSwar.word(bytes, j));
                run = JsonSwar.digitRun(values);
                if (run != 0)
                {
                    // JsonSwar.appendDigits written out: C2 does not inline it into this big method (a call per word).
                    long x = values << (Long.SIZE - Byte.SIZE * run);
                    x = (x * 10L + (x >>> 8)) & 0x00FF00FF00FF00FFL;
                    x = (x * 100L + (x >>> 16)) & 0x0000FFFF0000FFFFL;
                    x = (x * 10_000L + (x >>> 32)) & 0xFFFFFFFFL;
                    magnitude = magnitude * JsonSwar.pow10(run) + x;
                    j += run;
                }
            }
            while (run == Long.BYTES);
            c = JsonSwar.at(bytes, j);
            fractionDigits = j - fractionStart;
            if (fractionDigits == 0)
            {
                final int value = generalNumber(start, numberEnd(bytes, j, length));
                return fields == null ? value : id;
            }
        }
        else
        {
            fractionDigits = 0;
        }
        int scale = fractionDigits;
        if ((c | 0x20) == 'e')
        {
            // A short exponent (1 to 3 digits) that leaves a scale of 0 to 18: 2.11e-05 is 211 at scale 7, as
            // BigDecimal reads it. Anything else (1E+3: a negative scale; e-0005) goes to the general parser.
            int k = j + 1;
            byte e = JsonSwar.at(bytes, k);
            final boolean negativeExponent = e == '-';
            if (negativeExponent || e == '+')
            {
                e = JsonSwar.at(bytes, ++k);
            }
            final int exponentStart = k;
            int exponent = 0;
            while (e >= '0' && e <= '9' && k - exponentStart < 3)
            {
                exponent = exponent * 10 + (e - '0');
                e = JsonSwar.at(bytes, ++k);
            }
            if (k == exponentStart || (e >= '0' && e <= '9'))
            {
                final int value = generalNumber(start, numberEnd(bytes, k, length));
                return fields == null ? value : id;
            }
            scale = negativeExponent ? fractionDigits + exponent : fractionDigits - exponent;
            j = k;
            c = e;
        }
        if ((j < length && c != ',' && c != '}' && c != ']') || integerDigits == 0 ||
            (integerDigits > 1 && JsonSwar.at(bytes, integerStart) == '0') ||
            integerDigits + fractionDigits > FAST_DIGITS || scale < 0 || scale > FAST_DIGITS)
        {
            final int value = generalNumber(start, numberEnd(bytes, j, length));
            return fields == null ? value : id;
        }
        pos = j;
        number.set(magnitude, scale, negative, start, j);
        tokenOffset = start;
        tokenLength = j - start;
        expect = depth == 0 ? EXPECT_END_OF_INPUT : EXPECT_COMMA_OR_END;
        token = NUMBER;
        return fields == null ? NUMBER : id;
    }

    /**
     * Looks up a scanned name that was not the expected one and predicts the name after it.
     *
     * @return the id, {@link JsonFieldTable#NOT_FOUND} for an unknown name, or {@link #END_OF_FIELDS} on an
     * invalid escape (the parser is then in error).
     */
    private int lookupAndPredict(final JsonFieldTable fields, final int start, final int nameLength, final int nameHash)
    {
        // Raw lookup first: a hit on a table without backslashes is a hit on a name without escapes. A miss
        // (or a table with backslashes) costs one scan for a backslash, and the decoding slow path if any.
        int slot = fields.lookupSlot(bytes, start, nameLength, nameHash);
        if ((slot < 0 || fields.hasBackslash()) && JsonStrings.hasBackslash(bytes, start, nameLength))
        {
            if (!decodeString())
            {
                return END_OF_FIELDS;
            }
            slot = fields.lookupSlot(bytes, start, stringLength, hash);
        }
        if (slot < 0)
        {
            return JsonFieldTable.NOT_FOUND;
        }
        expectedFieldOrder[depth] = fields.orderOfSlot(slot) + 1;
        return fields.idOfSlot(slot);
    }

    private static boolean isWhitespace(final byte b)
    {
        // One compare for the usual byte (structural, digit, letter): every whitespace byte is at most ' '.
        return b <= ' ' && (b == ' ' || b == '\n' || b == '\r' || b == '\t');
    }

    /**
     * The end of a number's text: the next ',', '}' or ']', or the end of the message.
     */
    private static int numberEnd(final byte[] bytes, final int from, final int length)
    {
        int i = from;
        byte c;
        while (i < length && (c = bytes[i]) != ',' && c != '}' && c != ']')
        {
            i++;
        }
        return i;
    }

    /**
     * Skips the value that starts at the current token, or, when the current token is a {@link #FIELD_NAME}, the
     * field's value. Iterative: deep nesting cannot overflow the stack.
     *
     * @return the last token of the skipped value ({@link #END_OBJECT}, {@link #END_ARRAY} or the scalar), or
     * {@link #ERROR}.
     */
    public int skipValue()
    {
        int t = token;
        if (t == FIELD_NAME)
        {
            t = nextToken();
        }
        if (t == START_OBJECT || t == START_ARRAY)
        {
            final int targetDepth = depth - 1;
            do
            {
                t = nextToken();
            }
            while (t != ERROR && depth > targetDepth);
        }
        return t;
    }

    /**
     * The current token.
     *
     * @return the token last returned by {@link #nextToken()}, or {@link #NONE} after a wrap.
     */
    public int token()
    {
        return token;
    }

    /**
     * Current nesting depth: 1 inside the top-level object or array.
     *
     * @return the depth.
     */
    public int depth()
    {
        return depth;
    }

    /**
     * The buffer that {@link #tokenOffset()} indexes, owned by this parser.
     *
     * @return the copy of the message; valid until the next wrap.
     */
    public byte[] buffer()
    {
        return bytes;
    }

    /**
     * Length of the wrapped message.
     *
     * @return length in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Offset of the raw bytes of the current token in {@link #buffer()}: the first character of a name or string
     * (after the quote), the first byte of a number, literal or bracket.
     *
     * @return the offset from the message start.
     */
    public int tokenOffset()
    {
        return tokenOffset;
    }

    /**
     * Length of the raw bytes of the current token: a name or string without quotes and with escapes as sent
     * (the raw extent, to slice regions of the message; its content is {@link #stringLength()}); a number exactly
     * as sent (e.g. {@code 2.11e-05}); 1 for brackets.
     *
     * @return the length in bytes.
     */
    public int tokenLength()
    {
        return tokenLength;
    }

    /**
     * Length of the decoded value of the current {@link #FIELD_NAME} or {@link #STRING}: its UTF-8 bytes are
     * {@code buffer()[tokenOffset(), tokenOffset() + stringLength())}, escapes decoded (in place, on the first
     * call, see the class comment). Use this, not {@link #tokenLength()}, to compare or route on a string's bytes.
     * For other tokens, {@link #tokenLength()}.
     *
     * @return the length in bytes, or -1 if the string holds an invalid escape (the parser is then in error).
     */
    public int stringLength()
    {
        final int t = token;
        if (t != STRING && t != FIELD_NAME)
        {
            return tokenLength;
        }
        return ensureDecoded() ? stringLength : -1;
    }

    /**
     * Lone surrogates (<code>&#92;uD800</code> without its low half, or a low half alone) replaced by U+FFFD while
     * decoding strings, since this parser was created. Written by the parser's thread.
     *
     * @return the count.
     */
    public long replacedSurrogateCount()
    {
        return replacedSurrogates[0];
    }

    /**
     * Hash of the current {@link #FIELD_NAME}, to compare with a {@link #nameHash(String)} computed at start-up.
     *
     * @return the hash of the decoded name bytes.
     */
    public int nameHash()
    {
        final int t = token;
        if (stringLength < 0 && (t == FIELD_NAME || t == STRING))
        {
            ensureDecoded();
        }
        if (t == STRING && stringLength >= 0)
        {
            // A string value's hash is not computed by the scan, only here.
            hash = hash(bytes, tokenOffset, stringLength);
        }
        return hash;
    }

    /**
     * Hash of the current {@link #STRING} value, the same function as {@link #nameHash(String)}.
     *
     * @return the hash of the decoded string bytes.
     */
    public int stringHash()
    {
        return nameHash();
    }

    /**
     * Whether the current token is a {@link #FIELD_NAME} whose decoded value has exactly these bytes.
     *
     * @param expected the name, e.g. {@code "timestamp".getBytes(US_ASCII)} encoded once at start-up.
     * @return true if equal.
     */
    public boolean nameEquals(final byte[] expected)
    {
        return token == FIELD_NAME && contentEquals(expected);
    }

    /**
     * Whether the current token is a {@link #STRING} whose decoded value has exactly these bytes (escapes decoded).
     *
     * @param expected the value encoded once at start-up.
     * @return true if equal.
     */
    public boolean stringEquals(final byte[] expected)
    {
        return token == STRING && contentEquals(expected);
    }

    /**
     * Reads the current {@link #NUMBER} (or a string holding a number, as some venues quote them) as a long.
     * Every form of the JSON grammar whose value is an integer in the {@code long} range is accepted: {@code 1E+3},
     * {@code 2.0}, {@code 1.0E2}, {@code 0.5e1}, {@code 100.000}. A non-integral value ({@code 2.5}) or one out of
     * range is {@link #ERROR_NUMBER_OUT_OF_RANGE} (never truncated or rounded: a timestamp or sequence number that
     * is not an integer is a malformed message); {@link #tryReadLong()} reports the same without the error.
     *
     * @return the value, or 0 on error (see {@link #hasError()}).
     */
    public long readLong()
    {
        if (!prepareNumber())
        {
            return 0L;
        }
        if (!number.toLong())
        {
            fail(ERROR_NUMBER_OUT_OF_RANGE, tokenOffset, "number is not a long integer");
            return 0L;
        }
        return number.longValue;
    }

    /**
     * Reads the current value as a long like {@link #readLong()}, but never puts the parser in error: a value that
     * is not a number, not an integer or out of range returns {@link #VALUE_INVALID}. A scalar stays the current
     * token; an object or array is skipped whole first (the parser is left on its {@link #END_OBJECT} or
     * {@link #END_ARRAY}, or in error if it breaks the grammar), so the caller's next {@link #nextField} or
     * {@link #nextToken()} continues after the value either way ({@link #skipValue()} after it is harmless).
     *
     * @return {@link #VALUE_EXACT} with the value in {@link #longValue()}, {@link #VALUE_NULL}, or
     * {@link #VALUE_INVALID}.
     */
    public int tryReadLong()
    {
        final int status = numberStatus();
        if (status != VALUE_EXACT)
        {
            return status;
        }
        return number.toLong() ? VALUE_EXACT : VALUE_INVALID;
    }

    /**
     * The value of the last {@link #tryReadLong()} that returned {@link #VALUE_EXACT}.
     *
     * @return the value.
     */
    public long longValue()
    {
        return number.longValue;
    }

    /**
     * Reads the current {@link #NUMBER} (or a quoted number) into a fixed-point decimal. Every form of the JSON
     * grammar is accepted and read exactly whenever a {@link Decimal} can hold the value:
     * {@code 36442.5} is mantissa 364425 scale 1, {@code 2.11e-05} is 211 scale 7, {@code 1E+3} is 1000 scale 0,
     * {@code 1.5000000000000000000000} is 15 scale 1. A value no {@link Decimal} holds exactly (more significant
     * digits than a long, a scale above {@link Decimal#MAX_SCALE}, 2^63 or more) is still read: the decimal is
     * marked inexact ({@link Decimal#isExact()}), holds the rounded value, keeps the exact text and compares
     * exactly; it is counted in {@link #inexactNumberCount()}. A {@link #NULL} sets {@code dst} to null.
     *
     * @param dst the decimal to fill.
     * @return true if a number was read (exact or not); false for null or on error (a value of another type or a
     * string that is not a number).
     */
    public boolean readDecimal(final Decimal dst)
    {
        if (token == NULL)
        {
            dst.setNull();
            return false;
        }
        if (!prepareNumber())
        {
            return false;
        }
        if (!number.toDecimal(dst, bytes))
        {
            inexactNumbers++;
        }
        return true;
    }

    /**
     * Reads the current value like {@link #readDecimal(Decimal)}, but never puts the parser in error: a value of
     * another type, or a string that is not a number, returns {@link #VALUE_INVALID} and leaves {@code dst}
     * unchanged; an object or array is skipped whole, as by {@link #tryReadLong()}, so the caller never stays inside
     * a value it did not read.
     *
     * @param dst the decimal to fill.
     * @return {@link #VALUE_EXACT}, {@link #VALUE_INEXACT} (counted in {@link #inexactNumberCount()}),
     * {@link #VALUE_NULL} ({@code dst} set to null) or {@link #VALUE_INVALID}.
     */
    public int tryReadDecimal(final Decimal dst)
    {
        final int status = numberStatus();
        if (status == VALUE_NULL)
        {
            dst.setNull();
            return VALUE_NULL;
        }
        if (status != VALUE_EXACT)
        {
            return status;
        }
        if (number.toDecimal(dst, bytes))
        {
            return VALUE_EXACT;
        }
        inexactNumbers++;
        return VALUE_INEXACT;
    }

    /**
     * Numbers read into a {@link Decimal} that it could not hold exactly (see {@link #readDecimal(Decimal)}),
     * since this parser was created (not reset by {@link #wrap}). Written by the parser's thread.
     *
     * @return the count.
     */
    public long inexactNumberCount()
    {
        return inexactNumbers;
    }

    /**
     * Reads the current {@link #NUMBER} (or a quoted number), any form of the grammar, as the nearest double:
     * correctly rounded for up to 15 significant digits and decimal exponents within 22, within a few ulps
     * otherwise; beyond the double range, an infinity or zero of the right sign. Use
     * {@link #readDecimal(Decimal) } for exact values.
     *
     * @return the value; NaN for {@link #NULL} or on error.
     */
    public double readDouble()
    {
        if (token == NULL || !prepareNumber())
        {
            return Double.NaN;
        }
        return number.toDouble();
    }

    /**
     * Reads the current {@link #TRUE} or {@link #FALSE}.
     *
     * @return the value; false for other tokens (an error).
     */
    public boolean readBoolean()
    {
        if (token == TRUE)
        {
            return true;
        }
        if (token != FALSE)
        {
            typeMismatch("expected a boolean");
        }
        return false;
    }

    /**
     * Appends the current {@link #STRING} (or {@link #FIELD_NAME}), decoded, to a reusable builder (no
     * {@code String} is created): escapes decoded, surrogate pairs as two chars, a lone surrogate as U+FFFD.
     *
     * @param dst the builder to append to; the caller clears it if needed.
     * @return true if a string was appended; false for {@link #NULL} or on error.
     */
    public boolean readString(final StringBuilder dst)
    {
        if (token == NULL)
        {
            return false;
        }
        if (token != STRING && token != FIELD_NAME)
        {
            typeMismatch("expected a string");
            return false;
        }
        if (!ensureDecoded())
        {
            return false;
        }
        JsonStrings.appendUtf8(bytes, tokenOffset, stringLength, dst);
        return true;
    }

    /**
     * Writes the current {@link #STRING}, unescaped, as UTF-8 into a buffer (e.g. an Agrona
     * {@code MutableAsciiBuffer}). The decoded length never exceeds {@link #tokenLength()}.
     *
     * @param dst   the buffer to write to; expandable buffers grow, fixed ones need {@link #tokenLength()} bytes.
     * @param index where to write.
     * @return bytes written; 0 for {@link #NULL}; -1 on error.
     */
    public int readString(final MutableDirectBuffer dst, final int index)
    {
        if (token == NULL)
        {
            return 0;
        }
        if (token != STRING)
        {
            typeMismatch("expected a string");
            return -1;
        }
        if (!ensureDecoded())
        {
            return -1;
        }
        dst.putBytes(index, bytes, tokenOffset, stringLength);
        return stringLength;
    }

    /**
     * Whether an error has occurred since the last wrap.
     *
     * @return true if in error.
     */
    public boolean hasError()
    {
        return errorCode != ERROR_NONE;
    }

    /**
     * The first error since the last wrap.
     *
     * @return one of the {@code ERROR_*} codes, {@link #ERROR_NONE} if none.
     */
    public int errorCode()
    {
        return errorCode;
    }

    /**
     * Byte offset from the message start where the first error was detected.
     *
     * @return the offset, or -1 if none.
     */
    public int errorOffset()
    {
        return errorOffset;
    }

    /**
     * Human-readable description of the first error, for the control plane.
     *
     * @return the description, or null if none.
     */
    public String errorDescription()
    {
        return errorDescription;
    }

    private boolean ensureCapacity(final int messageLength)
    {
        if (messageLength > maxMessageLength || messageLength < 0)
        {
            reset(0);
            fail(ERROR_MESSAGE_TOO_LONG, 0, "message longer than maxMessageLength");
            return false;
        }
        final int required = messageLength + SENTINEL_LENGTH + JsonSwar.PADDING;
        if (required > bytes.length)
        {
            final long doubled = 2L * bytes.length;
            bytes = new byte[(int) Math.min(Math.max(doubled, required),
                (long) maxMessageLength + SENTINEL_LENGTH + JsonSwar.PADDING)];
        }
        return true;
    }

    private int start(final int messageLength)
    {
        final byte[] bytes = this.bytes;
        bytes[messageLength] = '"';
        bytes[messageLength + 1] = '"';
        reset(messageLength);
        return ERROR_NONE;
    }

    private void reset(final int messageLength)
    {
        length = messageLength;
        pos = 0;
        depth = 0;
        container = 0;
        expect = EXPECT_TOP_LEVEL_VALUE;
        token = NONE;
        tokenOffset = 0;
        tokenLength = 0;
        hash = 0;
        stringLength = 0;
        errorCode = ERROR_NONE;
        errorOffset = -1;
        errorDescription = null;
    }

    private int generalNumber(final int start, final int end)
    {
        pos = end;
        final int bad = number.parse(bytes, start, end);
        if (bad >= 0)
        {
            return fail(ERROR_INVALID_NUMBER, bad, "invalid number");
        }
        tokenOffset = start;
        tokenLength = number.textEnd - start;
        expect = depth == 0 ? EXPECT_END_OF_INPUT : EXPECT_COMMA_OR_END;
        return token = NUMBER;
    }

    private int otherValue(final byte b)
    {
        final int at = pos - 1;
        switch (b)
        {
            case '{':
                return startContainer(OBJECT, START_OBJECT, EXPECT_NAME_OR_END, at);

            case '[':
                return startContainer(ARRAY, START_ARRAY, EXPECT_VALUE_OR_END, at);

            case 't':
                return literal(TRUE, at, TRUE_LITERAL);

            case 'f':
                return literal(FALSE, at, FALSE_LITERAL);

            case 'n':
                return literal(NULL, at, NULL_LITERAL);

            default:
                return unexpected("expected a JSON value");
        }
    }

    private int topLevelValue()
    {
        if (isWhitespaceToEnd(pos))
        {
            return fail(ERROR_EMPTY_INPUT, length, "no JSON value in message");
        }
        expect = EXPECT_VALUE;
        return advance(null);
    }

    private int endOfContainer(final byte b)
    {
        if (b == '}' && container == OBJECT)
        {
            return endContainer(END_OBJECT);
        }
        if (b == ']' && container == ARRAY)
        {
            return endContainer(END_ARRAY);
        }
        return unexpected("expected ',' or the end of the object or array");
    }

    private int endOfInput()
    {
        final int start = pos;
        for (int i = start; i < length; i++)
        {
            if (!JsonNumber.isWhitespace(bytes[i]))
            {
                return fail(ERROR_TRAILING_DATA, i, "data after the JSON value");
            }
        }
        tokenOffset = length;
        tokenLength = 0;
        return token = END_OF_INPUT;
    }

    private int literal(final int literalToken, final int at, final byte[] literal)
    {
        // The first byte matched already; an error is reported after it, as for a truncated literal.
        final int literalLength = literal.length;
        if (at + literalLength > length || !regionEquals(bytes, at, literalLength, literal))
        {
            return fail(ERROR_SYNTAX, at + 1, "invalid literal");
        }
        pos = at + literalLength;
        tokenOffset = at;
        tokenLength = literalLength;
        expect = depth == 0 ? EXPECT_END_OF_INPUT : EXPECT_COMMA_OR_END;
        return token = literalToken;
    }

    private int startContainer(final byte kind, final int startToken, final int nextExpect, final int at)
    {
        if (depth == containers.length)
        {
            return fail(ERROR_TOO_DEEP, at, "nesting deeper than maxDepth");
        }
        containers[depth++] = kind;
        expectedFieldOrder[depth] = 0;
        container = kind;
        expect = nextExpect;
        tokenOffset = at;
        tokenLength = 1;
        return token = startToken;
    }

    private int endContainer(final int endToken)
    {
        final int newDepth = --depth;
        tokenOffset = pos - 1;
        tokenLength = 1;
        if (newDepth == 0)
        {
            container = 0;
            expect = EXPECT_END_OF_INPUT;
        }
        else
        {
            container = containers[newDepth - 1];
            expect = EXPECT_COMMA_OR_END;
        }
        return token = endToken;
    }

    private boolean isWhitespaceToEnd(final int from)
    {
        for (int i = from; i < length; i++)
        {
            if (!JsonNumber.isWhitespace(bytes[i]))
            {
                return false;
            }
        }
        return true;
    }

    private boolean prepareNumber()
    {
        if (token == NUMBER)
        {
            return true;
        }
        if (token == STRING)
        {
            if (quotedFastNumber())
            {
                return true;
            }
            if (!ensureDecoded())
            {
                return false;
            }
            final int bad = number.parse(bytes, tokenOffset, tokenOffset + stringLength);
            if (bad >= 0)
            {
                fail(ERROR_INVALID_NUMBER, bad, "string does not hold a number");
                return false;
            }
            return true;
        }
        typeMismatch("expected a number");
        return false;
    }

    /**
     * {@link #VALUE_EXACT} when the current token is a number (or a string holding one) now parsed into
     * {@link #number}, {@link #VALUE_NULL}, else {@link #VALUE_INVALID}; never fails.
     */
    private int numberStatus()
    {
        final int t = token;
        if (t == NUMBER)
        {
            return VALUE_EXACT;
        }
        if (t == NULL)
        {
            return VALUE_NULL;
        }
        if (t == STRING && (quotedFastNumber() || ensureDecoded() &&
            number.parse(bytes, tokenOffset, tokenOffset + stringLength) < 0))
        {
            return VALUE_EXACT;
        }
        if (t == START_OBJECT || t == START_ARRAY)
        {
            // Never leave a caller inside a value it did not ask for: its next nextField would read the nested
            // fields as its own (or throw, inside an array).
            skipValue();
        }
        return VALUE_INVALID;
    }

    /**
     * The fast form of a number quoted in a string (most venues quote prices): parsed straight from the raw token
     * when it holds only the usual form (so no escape), else false and the general path decides. The raw token is
     * followed by its closing quote, which stops the digit loops.
     */
    private boolean quotedFastNumber()
    {
        final int n = stringLength;
        if (n != UNSCANNED && n != tokenLength)
        {
            return false;
        }
        if (number.scanFast(bytes, tokenOffset) != tokenOffset + tokenLength)
        {
            return false;
        }
        stringLength = tokenLength;
        return true;
    }

    private boolean contentEquals(final byte[] expected)
    {
        if (stringLength == UNSCANNED)
        {
            // Decoding only shortens: a raw token shorter than expected never equals it, one of the same length
            // equals it only without escapes. Only a longer one needs the scan (and then maybe the slow path).
            final int length = tokenLength;
            if (length <= expected.length)
            {
                return length == expected.length && regionEquals(bytes, tokenOffset, length, expected) &&
                    !JsonStrings.hasBackslash(expected, 0, length);
            }
        }
        return ensureDecoded() && regionEquals(bytes, tokenOffset, stringLength, expected);
    }

    /**
     * Makes {@link #stringLength} the decoded length of the current string or name: one scan for a backslash the
     * first time, the decoding slow path only if there is one.
     *
     * @return false on an invalid escape (the parser is then in error).
     */
    private boolean ensureDecoded()
    {
        final int n = stringLength;
        if (n >= 0)
        {
            return true;
        }
        if (n == UNSCANNED && !JsonStrings.hasBackslash(bytes, tokenOffset, tokenLength))
        {
            stringLength = tokenLength;
            return true;
        }
        return decodeString();
    }

    /**
     * The slow path of an escaped string or name: decodes it in place and rehashes the decoded bytes.
     *
     * @return false on an invalid escape (the parser is then in error).
     */
    private boolean decodeString()
    {
        final byte[] bytes = this.bytes;
        final int offset = tokenOffset;
        final int decoded = JsonStrings.decodeInPlace(bytes, offset, tokenLength, replacedSurrogates);
        if (decoded < 0)
        {
            fail(ERROR_INVALID_ESCAPE, -1 - decoded, "invalid escape in string");
            return false;
        }
        stringLength = decoded;
        hash = hash(bytes, offset, decoded);
        return true;
    }

    private void typeMismatch(final String description)
    {
        if (errorCode == ERROR_NONE)
        {
            fail(ERROR_TYPE_MISMATCH, tokenOffset, description);
        }
    }

    private int unexpected(final String description)
    {
        return fail(ERROR_UNEXPECTED_TOKEN, pos - 1, description);
    }

    private int unterminatedString(final int start)
    {
        return fail(ERROR_UNTERMINATED_STRING, start - 1, "string without its closing quote");
    }

    private IllegalStateException notInObject()
    {
        return new IllegalStateException("nextField called outside an object, after token " + token);
    }

    private int endOfInputInside()
    {
        return fail(ERROR_SYNTAX, length, "unexpected end of JSON input");
    }

    private int fail(final int code, final int offset, final String description)
    {
        if (errorCode == ERROR_NONE)
        {
            errorCode = code;
            errorOffset = Math.max(0, Math.min(offset, length));
            errorDescription = description;
        }
        expect = EXPECT_ERROR;
        token = ERROR;
        return ERROR;
    }
}
