package io.wsnova.codec.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A start-up built, read-only table from names to small integer ids, for dispatching on field names (or enum-like
 * string values) in a {@code switch} without creating a {@code String}.
 * <p>
 * Lookup takes the hash the parser computed while scanning the name ({@link JsonParser#nameHash()}), probes an
 * open-addressing table (Fibonacci hashing spreads the byte-sum hash) and verifies the bytes, so a hash collision
 * with an unknown name can never dispatch it as a known one. Names and values are matched decoded: an escaped
 * <code>"&#92;u0074imestamp"</code> finds {@code timestamp} (the parser decodes it, see {@link JsonParser}).
 * Built once (allocating) on the control plane;
 * {@link #lookupName(JsonParser)} and
 * {@link #lookupString(JsonParser)} are allocation-free and safe to share between threads after construction.
 * <pre>{@code
 * private static final int TIMESTAMP = 0;
 * private static final JsonFieldTable FIELDS = new JsonFieldTable(20).put("timestamp", TIMESTAMP);
 * ...
 * switch (FIELDS.lookupName(parser)) { case TIMESTAMP: ...; default: parser.skipValue(); }
 * // or one call per field that leaves the parser on the value:
 * while ((field = parser.nextField(FIELDS)) != JsonParser.END_OF_FIELDS) { switch (field) { ... } }
 * }</pre>
 */
public final class JsonFieldTable
{
    /** Returned when the name is not in the table. */
    public static final int NOT_FOUND = -1;

    private static final VarHandle LONG_VIEW =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final int[] hashes;
    private final int[] ids;
    private final byte[][] names;
    // Insertion order, for the parser's prediction of the next name (see matchesAt).
    private final int[] orderOfSlot;
    private final int[] orderedIds;
    private final int[] orderedHashes;
    private final int[] orderedLengths;
    private final long[] orderedHeads;
    private final long[] orderedHeadMasks;
    private final long[] orderedTails;
    private final byte[][] orderedKeys;
    private final int mask;
    private final int shift;
    private final int maxEntries;
    private int size;
    private boolean hasBackslash;

    /**
     * Creates an empty table.
     *
     * @param maxEntries the most names it will hold; the table is sized to 4x that (rounded to a power of two) to
     *                   keep probes short.
     * @throws IllegalArgumentException if not positive.
     */
    public JsonFieldTable(final int maxEntries)
    {
        if (maxEntries <= 0 || maxEntries > (1 << 20))
        {
            throw new IllegalArgumentException("maxEntries out of range: " + maxEntries);
        }
        final int capacity = Integer.highestOneBit(maxEntries * 4 - 1) << 1;
        this.maxEntries = maxEntries;
        this.mask = capacity - 1;
        this.shift = 32 - Integer.numberOfTrailingZeros(capacity);
        this.hashes = new int[capacity];
        this.ids = new int[capacity];
        this.names = new byte[capacity][];
        this.orderOfSlot = new int[capacity];
        this.orderedIds = new int[maxEntries];
        this.orderedHashes = new int[maxEntries];
        this.orderedLengths = new int[maxEntries];
        this.orderedHeads = new long[maxEntries];
        this.orderedHeadMasks = new long[maxEntries];
        this.orderedTails = new long[maxEntries];
        this.orderedKeys = new byte[maxEntries][];
        Arrays.fill(ids, NOT_FOUND);
    }

    /**
     * Adds a name. Start-up only.
     *
     * @param name the name as it appears in JSON (without escapes).
     * @param id   the id to return for it, 0 or more.
     * @return this.
     * @throws IllegalArgumentException if the name is already present, the id is negative or the table is full.
     */
    public JsonFieldTable put(final String name, final int id)
    {
        if (id < 0)
        {
            throw new IllegalArgumentException("id must be >= 0: " + id);
        }
        if (size == maxEntries)
        {
            throw new IllegalArgumentException("table full: maxEntries=" + maxEntries);
        }
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        final int hash = JsonParser.hash(bytes);
        int index = slot(hash);
        while (ids[index] != NOT_FOUND)
        {
            if (hashes[index] == hash && Arrays.equals(names[index], bytes))
            {
                throw new IllegalArgumentException("duplicate name: " + name);
            }
            index = (index + 1) & mask;
        }
        hashes[index] = hash;
        hasBackslash |= name.indexOf('\\') >= 0;
        ids[index] = id;
        names[index] = bytes;
        orderOfSlot[index] = size;
        orderedIds[size] = id;
        orderedHashes[size] = hash;
        orderedLengths[size] = bytes.length;
        // The key compared at the cursor is the name and its closing quote; padded with zeros to whole words.
        final int keyLength = bytes.length + 1;
        final byte[] key = Arrays.copyOf(bytes, (keyLength + Long.BYTES - 1) / Long.BYTES * Long.BYTES + Long.BYTES);
        key[bytes.length] = '"';
        orderedKeys[size] = key;
        orderedHeads[size] = JsonSwar.word(key, 0);
        orderedHeadMasks[size] = keyLength >= Long.BYTES ? -1L : (1L << (Byte.SIZE * keyLength)) - 1L;
        orderedTails[size] = keyLength >= Long.BYTES ? JsonSwar.word(key, keyLength - Long.BYTES) : 0L;
        size++;
        return this;
    }

    /**
     * Looks up the current {@link JsonParser#FIELD_NAME}.
     *
     * @param parser the parser positioned on a field name.
     * @return the id, or {@link #NOT_FOUND} (also when the current token is not a field name).
     */
    public int lookupName(final JsonParser parser)
    {
        return parser.token() == JsonParser.FIELD_NAME ? lookup(parser) : NOT_FOUND;
    }

    /**
     * Looks up the current {@link JsonParser#STRING} value, e.g. to map {@code "open"} to a state constant.
     *
     * @param parser the parser positioned on a string.
     * @return the id, or {@link #NOT_FOUND} (also when the current token is not a string).
     */
    public int lookupString(final JsonParser parser)
    {
        return parser.token() == JsonParser.STRING ? lookup(parser) : NOT_FOUND;
    }

    private int lookup(final JsonParser parser)
    {
        final int length = parser.stringLength();
        return length < 0 ? NOT_FOUND : lookup(parser.buffer(), parser.tokenOffset(), length, parser.nameHash());
    }

    /**
     * Probes for the decoded name {@code bytes[offset, offset + length)} whose weak hash is {@code hash}. Kept small
     * (a word-at-a-time compare rather than the vectorized {@code Arrays.equals}, whose expansion is large for names
     * of a few bytes) so that C2 inlines it into the parser's scan loop.
     */
    int lookup(final byte[] bytes, final int offset, final int length, final int hash)
    {
        final int slot = lookupSlot(bytes, offset, length, hash);
        return slot < 0 ? NOT_FOUND : ids[slot];
    }

    /**
     * Like {@link #lookup(byte[], int, int, int)}, but returns the slot ({@link #idOfSlot(int)},
     * {@link #orderOfSlot(int)}), or -1.
     */
    int lookupSlot(final byte[] bytes, final int offset, final int length, final int hash)
    {
        final int[] ids = this.ids;
        int index = slot(hash);
        while (ids[index] != NOT_FOUND)
        {
            if (hashes[index] == hash && equals(names[index], bytes, offset, length))
            {
                return index;
            }
            index = (index + 1) & mask;
        }
        return -1;
    }

    int idOfSlot(final int slot)
    {
        return ids[slot];
    }

    /**
     * Position of the slot's name in the order of {@link #put} calls.
     */
    int orderOfSlot(final int slot)
    {
        return orderOfSlot[slot];
    }

    /**
     * Whether the name put in position {@code order} (0 for the first {@link #put}), followed by its closing quote,
     * lies at {@code bytes[offset]} with the quote before {@code limit}: the parser's guess that a venue sends its
     * fields in the order the decoder lists them, checked with whole-word compares and no scan of the name. A
     * table with a backslash in a name never matches (its raw bytes would not be the decoded name). False for an
     * order past the last name.
     *
     * @param bytes  the parser's copy, padded by {@link JsonSwar#PADDING} bytes past {@code limit + 2}.
     * @param offset the byte after the name's opening quote.
     * @param limit  the message length: the closing quote must lie before it.
     */
    boolean matchesAt(final int order, final byte[] bytes, final int offset, final int limit)
    {
        if (order >= size || hasBackslash)
        {
            return false;
        }
        final int keyLength = orderedLengths[order] + 1;
        if (offset + keyLength > limit ||
            (JsonSwar.word(bytes, offset) & orderedHeadMasks[order]) != orderedHeads[order])
        {
            return false;
        }
        if (keyLength <= Long.BYTES)
        {
            return true;
        }
        // The last word overlaps the previous ones; names of more than 15 bytes compare their middle words too.
        final int lastWord = offset + keyLength - Long.BYTES;
        if (JsonSwar.word(bytes, lastWord) != orderedTails[order])
        {
            return false;
        }
        final byte[] key = orderedKeys[order];
        for (int i = Long.BYTES; i < keyLength - Long.BYTES; i += Long.BYTES)
        {
            if (JsonSwar.word(bytes, offset + i) != JsonSwar.word(key, i))
            {
                return false;
            }
        }
        return true;
    }

    int idAt(final int order)
    {
        return orderedIds[order];
    }

    int hashAt(final int order)
    {
        return orderedHashes[order];
    }

    int nameLengthAt(final int order)
    {
        return orderedLengths[order];
    }

    private static boolean equals(final byte[] name, final byte[] bytes, final int offset, final int length)
    {
        if (name.length != length)
        {
            return false;
        }
        if (length < Long.BYTES)
        {
            for (int i = 0; i < length; i++)
            {
                if (name[i] != bytes[offset + i])
                {
                    return false;
                }
            }
            return true;
        }
        // Eight bytes at a time; the last word overlaps the previous one instead of a byte tail.
        final int lastWord = length - Long.BYTES;
        for (int i = 0; i < lastWord; i += Long.BYTES)
        {
            if ((long) LONG_VIEW.get(name, i) != (long) LONG_VIEW.get(bytes, offset + i))
            {
                return false;
            }
        }
        return (long) LONG_VIEW.get(name, lastWord) == (long) LONG_VIEW.get(bytes, offset + lastWord);
    }

    /**
     * Whether a name of this table holds a backslash (then a raw match is not proof of an unescaped name).
     */
    boolean hasBackslash()
    {
        return hasBackslash;
    }

    private int slot(final int hash)
    {
        return (hash * 0x9E3779B9) >>> shift;
    }
}
