package io.wsnova.market;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns venues and instruments as small {@code int} ids: {@code (venue, venue symbol) -> instrument id}, with the
 * instrument's {@link InstrumentSpec}. A symbol is the venue's own spelling ({@code BTC-PERPETUAL},
 * {@code BTCUSDT}, {@code BTC-USDT-SWAP}, {@code BTC-USD}); ids are dense from 0 in registration order.
 * <p>
 * Lookup from the bytes of a message ({@link #instrument(int, DirectBuffer, int, int)}) is allocation-free: an
 * open-addressing table over the symbols' bytes. Registration allocates (cold path). Threading: register every
 * instrument before the registry is handed to the threads that look up (publication by starting them, or through
 * a volatile write), or register and look up on one thread; lookups from several threads are then safe.
 */
public final class InstrumentRegistry
{
    /** Returned by the lookups when the venue or symbol is not registered. */
    public static final int NOT_FOUND = -1;

    private static final int INITIAL_CAPACITY = 16;

    private String[] venueNames = new String[4];
    private int venueCount;
    private int[] venueOf = new int[INITIAL_CAPACITY];
    private byte[][] symbols = new byte[INITIAL_CAPACITY][];
    private String[] symbolNames = new String[INITIAL_CAPACITY];
    private InstrumentSpec[] specs = new InstrumentSpec[INITIAL_CAPACITY];
    private int instrumentCount;
    private int[] table = emptyTable(INITIAL_CAPACITY * 2);

    /**
     * Creates an empty registry.
     */
    public InstrumentRegistry()
    {
    }

    /**
     * Interns a venue name (the adapter's name, {@code deribit}, {@code binance}, ...): the same name gives the same
     * id. Cold path.
     *
     * @param name the venue's name as the JSON lines print it in {@code exchange}.
     * @return the venue id, dense from 0.
     */
    public int venue(final CharSequence name)
    {
        final String text = name.toString();
        for (int i = 0; i < venueCount; i++)
        {
            if (venueNames[i].equals(text))
            {
                return i;
            }
        }
        if (venueCount == venueNames.length)
        {
            venueNames = Arrays.copyOf(venueNames, venueCount * 2);
        }
        venueNames[venueCount] = text;
        return venueCount++;
    }

    /**
     * The name of a venue.
     *
     * @param venueId the id.
     * @return the name.
     */
    public String venueName(final int venueId)
    {
        checkVenue(venueId);
        return venueNames[venueId];
    }

    /**
     * Registers an instrument, or replaces the spec of one already registered. Cold path.
     *
     * @param venueId the venue.
     * @param symbol  the venue's symbol (ASCII).
     * @param spec    its spec.
     * @return the instrument id.
     */
    public int register(final int venueId, final CharSequence symbol, final InstrumentSpec spec)
    {
        checkVenue(venueId);
        final byte[] bytes = symbol.toString().getBytes(StandardCharsets.UTF_8);
        final int existing = instrument(venueId, bytes, 0, bytes.length);
        if (existing != NOT_FOUND)
        {
            specs[existing] = spec;
            return existing;
        }
        if (instrumentCount == symbols.length)
        {
            final int capacity = instrumentCount * 2;
            venueOf = Arrays.copyOf(venueOf, capacity);
            symbols = Arrays.copyOf(symbols, capacity);
            symbolNames = Arrays.copyOf(symbolNames, capacity);
            specs = Arrays.copyOf(specs, capacity);
            table = emptyTable(capacity * 2);
            for (int id = 0; id < instrumentCount; id++)
            {
                insert(id);
            }
        }
        final int id = instrumentCount++;
        venueOf[id] = venueId;
        symbols[id] = bytes;
        symbolNames[id] = symbol.toString();
        specs[id] = spec;
        insert(id);
        return id;
    }

    /**
     * Looks an instrument up by the bytes of its symbol, e.g. a JSON string's content. Allocation-free.
     *
     * @param venueId the venue.
     * @param buffer  the buffer.
     * @param offset  first byte of the symbol.
     * @param length  its length.
     * @return the instrument id, or {@link #NOT_FOUND}.
     */
    public int instrument(final int venueId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int[] table = this.table;
        final int mask = table.length - 1;
        int hash = venueId * 31;
        for (int i = 0; i < length; i++)
        {
            hash = hash * 31 + buffer.getByte(offset + i);
        }
        for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask)
        {
            final int id = table[slot];
            if (id == NOT_FOUND)
            {
                return NOT_FOUND;
            }
            final byte[] symbol = symbols[id];
            if (venueOf[id] == venueId && symbol.length == length && equals(symbol, buffer, offset))
            {
                return id;
            }
        }
    }

    /**
     * Looks an instrument up by the bytes of its symbol. Allocation-free.
     *
     * @param venueId the venue.
     * @param bytes   the bytes.
     * @param offset  first byte of the symbol.
     * @param length  its length.
     * @return the instrument id, or {@link #NOT_FOUND}.
     */
    public int instrument(final int venueId, final byte[] bytes, final int offset, final int length)
    {
        final int[] table = this.table;
        final int mask = table.length - 1;
        int hash = venueId * 31;
        for (int i = 0; i < length; i++)
        {
            hash = hash * 31 + bytes[offset + i];
        }
        for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask)
        {
            final int id = table[slot];
            if (id == NOT_FOUND)
            {
                return NOT_FOUND;
            }
            final byte[] symbol = symbols[id];
            if (venueOf[id] == venueId &&
                Arrays.equals(symbol, 0, symbol.length, bytes, offset, offset + length))
            {
                return id;
            }
        }
    }

    /**
     * The number of instruments registered.
     *
     * @return the count; ids are {@code [0, count)}.
     */
    public int instrumentCount()
    {
        return instrumentCount;
    }

    /**
     * The venue of an instrument.
     *
     * @param instrumentId the id.
     * @return the venue id.
     */
    public int venueOf(final int instrumentId)
    {
        checkInstrument(instrumentId);
        return venueOf[instrumentId];
    }

    /**
     * The venue's symbol of an instrument.
     *
     * @param instrumentId the id.
     * @return the symbol.
     */
    public String symbol(final int instrumentId)
    {
        checkInstrument(instrumentId);
        return symbolNames[instrumentId];
    }

    /**
     * The UTF-8 bytes of the venue's symbol: read-only, for printers that write bytes.
     *
     * @param instrumentId the id.
     * @return the registry's own array.
     */
    public byte[] symbolBytes(final int instrumentId)
    {
        checkInstrument(instrumentId);
        return symbols[instrumentId];
    }

    /**
     * The spec of an instrument.
     *
     * @param instrumentId the id.
     * @return the spec.
     */
    public InstrumentSpec spec(final int instrumentId)
    {
        checkInstrument(instrumentId);
        return specs[instrumentId];
    }

    private void insert(final int id)
    {
        final byte[] symbol = symbols[id];
        int hash = venueOf[id] * 31;
        for (final byte b : symbol)
        {
            hash = hash * 31 + b;
        }
        final int mask = table.length - 1;
        int slot = mix(hash) & mask;
        while (table[slot] != NOT_FOUND)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = id;
    }

    private static boolean equals(final byte[] symbol, final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < symbol.length; i++)
        {
            if (symbol[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private static int mix(final int hash)
    {
        final int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int[] emptyTable(final int capacity)
    {
        final int[] table = new int[capacity];
        Arrays.fill(table, NOT_FOUND);
        return table;
    }

    private void checkVenue(final int venueId)
    {
        if (venueId < 0 || venueId >= venueCount)
        {
            throw new IllegalArgumentException("unknown venue id " + venueId);
        }
    }

    private void checkInstrument(final int instrumentId)
    {
        if (instrumentId < 0 || instrumentId >= instrumentCount)
        {
            throw new IllegalArgumentException("unknown instrument id " + instrumentId);
        }
    }
}
