package io.wsnova.benchmarks.e2e;

import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rig's message: a Deribit {@code ticker} notification (the venue's AsyncAPI example, real field names and
 * values) with two times as the envelope's first fields, padded or trimmed to a chosen size.
 * <pre>
 *   {"intended_ns":"0000123456789012345","sent_ns":"0000123456789012999","jsonrpc":"2.0","method":"subscription",
 *    "params":{"channel":"ticker.BTC-PERPETUAL.100ms","data":{"best_ask_amount":100,...,"timestamp":1623060194301}}}
 *   ^ 0             ^ INTENDED_NS_OFFSET                ^ SENT_NS_OFFSET
 * </pre>
 * {@code intended_ns} is {@link System#nanoTime()} of the message's slot in the open-loop schedule (the latency the
 * rig reports starts there); {@code sent_ns} is the server's clock just before the write that carried it, so a
 * receiver can also tell how much of a latency was the server being late (on a shared machine, often most of it).
 * Both are fixed-width strings of 19 zero-padded digits, so the server stamps them in place and every receiver reads
 * them at the same offsets with the same cost, whatever its library hands over (bytes, a {@code String}, a
 * {@code ByteBuf}); JSON strings because JSON numbers may not have leading zeros. The ticker's {@code timestamp}
 * (13 digits, milliseconds) is stamped too, so messages differ as a feed's do.
 * <p>
 * Sizing: fields are dropped from {@code data} (in {@link #DROP_ORDER}) until the message fits, then spaces are
 * inserted before the closing brace (insignificant JSON whitespace that every parser skips).
 */
final class TickerMessage
{
    /** Number of digits of each time. */
    static final int NS_LENGTH = 19;
    /** Offset of the intended send time's first digit in the payload. */
    static final int INTENDED_NS_OFFSET = "{\"intended_ns\":\"".length();
    /** Offset of the actual send time's first digit in the payload. */
    static final int SENT_NS_OFFSET = INTENDED_NS_OFFSET + NS_LENGTH + "\",\"sent_ns\":\"".length();
    /** Number of digits of the ticker's millisecond timestamp. */
    static final int TIMESTAMP_LENGTH = 13;
    /** The ticker timestamp of the first message (the AsyncAPI example's). */
    static final long BASE_TIMESTAMP_MS = 1623060194301L;

    private static final String[][] DATA_FIELDS = {
        {"best_ask_amount", "100"},
        {"best_ask_price", "36443"},
        {"best_bid_amount", "5000"},
        {"best_bid_price", "36442.5"},
        {"current_funding", "0"},
        {"estimated_delivery_price", "36441.64"},
        {"funding_8h", "2.11e-05"},
        {"index_price", "36441.64"},
        {"instrument_name", "\"BTC-PERPETUAL\""},
        {"interest_value", "1.7362511643080387"},
        {"last_price", "36457.5"},
        {"mark_price", "36446.51"},
        {"max_price", "36991.72"},
        {"min_price", "35898.37"},
        {"open_interest", "502097590"},
        {"settlement_price", "36169.49"},
        {"state", "\"open\""},
        {"stats", "{\"high\":36824.5,\"low\":35213.5,\"price_change\":0.7229,\"volume\":7871.02139035," +
            "\"volume_usd\":284061480}"},
    };

    /** Fields dropped, in this order, to fit a size below the full message's. */
    static final List<String> DROP_ORDER = List.of(
        "interest_value", "estimated_delivery_price", "current_funding", "funding_8h", "settlement_price",
        "max_price", "min_price", "open_interest", "index_price", "stats");

    /**
     * The trade variant: the Binance spot {@code trade} event of the venue's documentation (109 B there), its event
     * time {@code E} and trade id {@code t} widened to 19 digits to carry the send time and the intended time.
     * JSON numbers may not have leading zeros, so those two fields hold {@link #TRADE_MARKER} plus the time (a
     * 1 and 18 digits); readers skip the first digit either way ({@link #nanos}).
     */
    static final String TRADE_TEMPLATE = "{\"e\":\"trade\",\"E\":1000000000000000000,\"s\":\"BNBBTC\"," +
        "\"t\":1000000000000000000,\"p\":\"0.001\",\"q\":\"100\",\"T\":1672515782136,\"m\":true,\"M\":true}";
    /** Added to a time stamped into a JSON number field (the trade's): its first digit becomes 1. */
    static final long TRADE_MARKER = 1_000_000_000_000_000_000L;
    /** Offset of the trade's intended time (its {@code t}) in the trade payload. */
    static final int TRADE_INTENDED_NS_OFFSET = TRADE_TEMPLATE.indexOf("\"t\":") + 4;
    /** Offset of the trade's send time (its {@code E}) in the trade payload. */
    static final int TRADE_SENT_NS_OFFSET = TRADE_TEMPLATE.indexOf("\"E\":") + 4;

    private final byte[] payload;
    private final int timestampOffset;
    private final int droppedFields;
    private final boolean trade;
    private final int intendedOffset;
    private final int sentOffset;
    private final long marker;

    private TickerMessage(final byte[] payload, final int timestampOffset, final int droppedFields, final boolean trade)
    {
        this.payload = payload;
        this.timestampOffset = timestampOffset;
        this.droppedFields = droppedFields;
        this.trade = trade;
        this.intendedOffset = trade ? TRADE_INTENDED_NS_OFFSET : INTENDED_NS_OFFSET;
        this.sentOffset = trade ? TRADE_SENT_NS_OFFSET : SENT_NS_OFFSET;
        this.marker = trade ? TRADE_MARKER : 0;
    }

    /**
     * The 100 B-class trade message ({@link #TRADE_TEMPLATE}, 132 bytes), decoded by the receivers with the Binance
     * adapter's message handler (wsnova, raw) or Jackson (peers).
     *
     * @return the trade message.
     */
    static TickerMessage trade()
    {
        final String text = TRADE_TEMPLATE;
        final int timestampOffset = text.indexOf("\"T\":") + 4;
        return new TickerMessage(text.getBytes(StandardCharsets.US_ASCII), timestampOffset, 0, true);
    }

    /**
     * The message a rig option names.
     *
     * @param payload {@code ticker} or {@code trade}.
     * @param size    the ticker's size ({@link #ofSize}); ignored for the trade.
     * @return the message.
     */
    static TickerMessage of(final String payload, final int size)
    {
        return switch (payload)
        {
            case "ticker" -> ofSize(size);
            case "trade" -> trade();
            default -> throw new IllegalArgumentException("--payload takes ticker or trade, was " + payload);
        };
    }

    /**
     * Builds the message for a payload size.
     *
     * @param size payload length in bytes; 0 for the full message without padding.
     * @return the message.
     * @throws IllegalArgumentException when {@code size} is below the smallest message.
     */
    static TickerMessage ofSize(final int size)
    {
        int dropped = 0;
        String text = render(dropped);
        while (size > 0 && text.length() > size && dropped < DROP_ORDER.size())
        {
            dropped++;
            text = render(dropped);
        }
        if (size > 0 && text.length() > size)
        {
            throw new IllegalArgumentException("--size " + size + " is below the smallest ticker message (" +
                text.length() + " bytes)");
        }
        if (size > text.length())
        {
            text = text.substring(0, text.length() - 1) + " ".repeat(size - text.length()) + "}";
        }
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        final int timestampOffset = text.indexOf("\"timestamp\":") + "\"timestamp\":".length();
        return new TickerMessage(bytes, timestampOffset, dropped, false);
    }

    private static String render(final int dropped)
    {
        final List<String> skip = new ArrayList<>(DROP_ORDER.subList(0, dropped));
        final StringBuilder json = new StringBuilder(1024);
        json.append("{\"intended_ns\":\"").append("0".repeat(NS_LENGTH)).append("\",\"sent_ns\":\"")
            .append("0".repeat(NS_LENGTH)).append("\",\"jsonrpc\":\"2.0\",")
            .append("\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC-PERPETUAL.100ms\",\"data\":{");
        for (final String[] field : DATA_FIELDS)
        {
            if (!skip.contains(field[0]))
            {
                json.append('"').append(field[0]).append("\":").append(field[1]).append(',');
            }
        }
        json.append("\"timestamp\":").append(BASE_TIMESTAMP_MS).append("}}}");
        return json.toString();
    }

    /**
     * A copy of the payload template (digits of the send time all zero).
     *
     * @return the payload bytes.
     */
    byte[] payload()
    {
        return payload.clone();
    }

    int length()
    {
        return payload.length;
    }

    int timestampOffset()
    {
        return timestampOffset;
    }

    /**
     * Whether this is the trade message (else the ticker).
     *
     * @return true for the trade.
     */
    boolean isTrade()
    {
        return trade;
    }

    /**
     * The payload's name in options and folder names.
     *
     * @return {@code trade} or {@code ticker}.
     */
    String payloadName()
    {
        return trade ? "trade" : "ticker";
    }

    /**
     * Offset of the intended time's 19-character field in the payload.
     *
     * @return the offset.
     */
    int intendedOffset()
    {
        return intendedOffset;
    }

    /**
     * Offset of the send time's 19-character field in the payload.
     *
     * @return the offset.
     */
    int sentOffset()
    {
        return sentOffset;
    }

    /**
     * Renders a time as the 19 characters a payload carries (the trade's marker added).
     *
     * @param timeNs the time.
     * @param digits receives 19 ASCII digits.
     */
    void timeDigits(final long timeNs, final byte[] digits)
    {
        putDigits(digits, NS_LENGTH, marker + timeNs);
    }

    /**
     * Renders a millisecond timestamp as its 13 ASCII digits.
     *
     * @param timestampMs the timestamp.
     * @param digits      receives 13 ASCII digits.
     */
    static void timestampDigits(final long timestampMs, final byte[] digits)
    {
        putDigits(digits, TIMESTAMP_LENGTH, timestampMs);
    }

    private static void putDigits(final byte[] digits, final int length, final long value)
    {
        long remaining = value;
        for (int i = length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (int)(remaining % 10));
            remaining /= 10;
        }
    }

    int droppedFields()
    {
        return droppedFields;
    }

    /**
     * Writes the intended send time and the ticker timestamp into a payload already in {@code buffer}.
     *
     * @param buffer        holds the payload (absolute puts; position and limit untouched).
     * @param payloadOffset index of the payload's first byte.
     * @param intendedNs    the intended send time.
     * @param timestampMs   the ticker timestamp.
     */
    void stamp(final ByteBuffer buffer, final int payloadOffset, final long intendedNs, final long timestampMs)
    {
        putDigits(buffer, payloadOffset + intendedOffset, NS_LENGTH, marker + intendedNs);
        putDigits(buffer, payloadOffset + timestampOffset, TIMESTAMP_LENGTH, timestampMs);
    }

    /**
     * Writes the actual send time into a payload already in {@code buffer}.
     *
     * @param buffer        holds the payload (absolute puts).
     * @param payloadOffset index of the payload's first byte.
     * @param sentNs        the time just before the write.
     */
    void stampSent(final ByteBuffer buffer, final int payloadOffset, final long sentNs)
    {
        putDigits(buffer, payloadOffset + sentOffset, NS_LENGTH, marker + sentNs);
    }

    private static void putDigits(final ByteBuffer buffer, final int offset, final int length, final long value)
    {
        long remaining = value;
        for (int i = offset + length - 1; i >= offset; i--)
        {
            buffer.put(i, (byte)('0' + (int)(remaining % 10)));
            remaining /= 10;
        }
    }

    /**
     * Reads a time from a payload in an Agrona buffer: the last 18 of the field's 19 digits (the first is 0 in the
     * ticker's string, the marker 1 in the trade's number).
     *
     * @param buffer      holds the payload.
     * @param fieldOffset index of the time's first digit: payload offset plus {@link #INTENDED_NS_OFFSET} or
     *                    {@link #SENT_NS_OFFSET}.
     * @return the time.
     */
    static long nanos(final DirectBuffer buffer, final int fieldOffset)
    {
        long value = 0;
        for (int i = fieldOffset + 1, end = fieldOffset + NS_LENGTH; i < end; i++)
        {
            value = value * 10 + (buffer.getByte(i) - '0');
        }
        return value;
    }

    /**
     * Reads a time from a payload in a {@link ByteBuffer} (absolute gets).
     *
     * @param buffer      holds the payload.
     * @param fieldOffset index of the time's first digit.
     * @return the time.
     */
    static long nanos(final ByteBuffer buffer, final int fieldOffset)
    {
        long value = 0;
        for (int i = fieldOffset + 1, end = fieldOffset + NS_LENGTH; i < end; i++)
        {
            value = value * 10 + (buffer.get(i) - '0');
        }
        return value;
    }

    /**
     * Reads a time from the text a library handed over.
     *
     * @param text        the whole message.
     * @param fieldOffset {@link #INTENDED_NS_OFFSET} or {@link #SENT_NS_OFFSET}.
     * @return the time.
     */
    static long nanos(final CharSequence text, final int fieldOffset)
    {
        long value = 0;
        for (int i = fieldOffset + 1, end = fieldOffset + NS_LENGTH; i < end; i++)
        {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
