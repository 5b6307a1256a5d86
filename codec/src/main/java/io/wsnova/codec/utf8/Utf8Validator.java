package io.wsnova.codec.utf8;

import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Streaming UTF-8 validator: a table-driven DFA in the style of Bjoern Hoehrmann's decoder, with an eight-bytes-
 * at-a-time ASCII fast path.
 * <p>
 * Accepts exactly the well-formed byte sequences of RFC 3629 (Unicode table 3-7): overlong encodings
 * ({@code C0 AF}, {@code E0 80 AF}, {@code F0 80 80 AF}), UTF-16 surrogates ({@code ED A0 80}..{@code ED BF BF}),
 * code points above U+10FFFF ({@code F4 90 80 80} and up) and the bytes {@code C0 C1 F5..FF} are rejected at the
 * first byte that makes the sequence impossible, so a bad fragment fails before the next one arrives. A code
 * point split across calls is carried over in the state.
 * <p>
 * An instance is single-threaded and allocation-free; {@link #isValid(DirectBuffer, int, int)} needs no instance.
 *
 * <pre>
 *   byte class   bytes            byte class   bytes
 *   ASCII        00..7F           LEAD2        C2..DF
 *   CONT_LO      80..8F           E0           E0
 *   CONT_MID     90..9F           LEAD3        E1..EC, EE..EF
 *   CONT_HI      A0..BF           ED           ED
 *   INVALID      C0 C1 F5..FF     F0 / LEAD4 / F4  F0 / F1..F3 / F4
 * </pre>
 */
public final class Utf8Validator
{
    /** Every byte seen so far forms complete, valid code points. */
    public static final int ACCEPT = 0;
    /** Valid so far, but the last code point is not finished: more bytes are needed. */
    public static final int INCOMPLETE = 1;
    /** The bytes are not UTF-8; the validator stays in this state until {@link #reset()}. */
    public static final int REJECT = -1;

    private static final int CLASS_ASCII = 0;
    private static final int CLASS_CONT_LO = 1;
    private static final int CLASS_CONT_MID = 2;
    private static final int CLASS_CONT_HI = 3;
    private static final int CLASS_INVALID = 4;
    private static final int CLASS_LEAD2 = 5;
    private static final int CLASS_E0 = 6;
    private static final int CLASS_LEAD3 = 7;
    private static final int CLASS_ED = 8;
    private static final int CLASS_F0 = 9;
    private static final int CLASS_LEAD4 = 10;
    private static final int CLASS_F4 = 11;
    private static final int CLASS_COUNT = 12;

    // DFA states, pre-multiplied by CLASS_COUNT so the hot loop does one add and one load per byte.
    private static final int S_ACCEPT = 0;
    private static final int S_REJECT = CLASS_COUNT;
    private static final int S_NEED1 = 2 * CLASS_COUNT;           // one continuation byte 80..BF
    private static final int S_NEED2 = 3 * CLASS_COUNT;           // two continuation bytes
    private static final int S_NEED2_AFTER_E0 = 4 * CLASS_COUNT;  // next must be A0..BF (no overlong)
    private static final int S_NEED2_AFTER_ED = 5 * CLASS_COUNT;  // next must be 80..9F (no surrogate)
    private static final int S_NEED3 = 6 * CLASS_COUNT;           // three continuation bytes
    private static final int S_NEED3_AFTER_F0 = 7 * CLASS_COUNT;  // next must be 90..BF (no overlong)
    private static final int S_NEED3_AFTER_F4 = 8 * CLASS_COUNT;  // next must be 80..8F (<= U+10FFFF)
    private static final int STATE_COUNT = 9;

    private static final long HIGH_BITS_MASK = 0x8080808080808080L;

    private static final byte[] CLASS_OF_BYTE = new byte[256];
    private static final byte[] TRANSITIONS = new byte[STATE_COUNT * CLASS_COUNT];

    static
    {
        fillClass(0x00, 0x7F, CLASS_ASCII);
        fillClass(0x80, 0x8F, CLASS_CONT_LO);
        fillClass(0x90, 0x9F, CLASS_CONT_MID);
        fillClass(0xA0, 0xBF, CLASS_CONT_HI);
        fillClass(0xC0, 0xC1, CLASS_INVALID);
        fillClass(0xC2, 0xDF, CLASS_LEAD2);
        fillClass(0xE0, 0xE0, CLASS_E0);
        fillClass(0xE1, 0xEC, CLASS_LEAD3);
        fillClass(0xED, 0xED, CLASS_ED);
        fillClass(0xEE, 0xEF, CLASS_LEAD3);
        fillClass(0xF0, 0xF0, CLASS_F0);
        fillClass(0xF1, 0xF3, CLASS_LEAD4);
        fillClass(0xF4, 0xF4, CLASS_F4);
        fillClass(0xF5, 0xFF, CLASS_INVALID);

        Arrays.fill(TRANSITIONS, (byte) S_REJECT);

        transition(S_ACCEPT, CLASS_ASCII, S_ACCEPT);
        transition(S_ACCEPT, CLASS_LEAD2, S_NEED1);
        transition(S_ACCEPT, CLASS_E0, S_NEED2_AFTER_E0);
        transition(S_ACCEPT, CLASS_LEAD3, S_NEED2);
        transition(S_ACCEPT, CLASS_ED, S_NEED2_AFTER_ED);
        transition(S_ACCEPT, CLASS_F0, S_NEED3_AFTER_F0);
        transition(S_ACCEPT, CLASS_LEAD4, S_NEED3);
        transition(S_ACCEPT, CLASS_F4, S_NEED3_AFTER_F4);

        continuation(S_NEED1, CLASS_CONT_LO, CLASS_CONT_HI, S_ACCEPT);
        continuation(S_NEED2, CLASS_CONT_LO, CLASS_CONT_HI, S_NEED1);
        continuation(S_NEED2_AFTER_E0, CLASS_CONT_HI, CLASS_CONT_HI, S_NEED1);
        continuation(S_NEED2_AFTER_ED, CLASS_CONT_LO, CLASS_CONT_MID, S_NEED1);
        continuation(S_NEED3, CLASS_CONT_LO, CLASS_CONT_HI, S_NEED2);
        continuation(S_NEED3_AFTER_F0, CLASS_CONT_MID, CLASS_CONT_HI, S_NEED2);
        continuation(S_NEED3_AFTER_F4, CLASS_CONT_LO, CLASS_CONT_LO, S_NEED2);
    }

    private int state = S_ACCEPT;

    /**
     * Validate the next chunk of a byte stream, continuing from the state left by the previous call.
     * <p>
     * Once {@link #REJECT} is returned every further call returns it without reading until {@link #reset()}.
     *
     * @param buffer the bytes.
     * @param offset index of the first byte.
     * @param length number of bytes; 0 is allowed.
     * @return {@link #ACCEPT} if the stream so far ends on a code point boundary, {@link #INCOMPLETE} if it ends
     * inside a code point, {@link #REJECT} if it is not UTF-8.
     */
    public int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        final int newState = run(state, buffer, offset, length);
        state = newState;

        return result(newState);
    }

    /**
     * Whether the stream seen since the last reset is valid and ends on a code point boundary. A text message
     * whose last fragment leaves this false is invalid (close code 1007).
     *
     * @return true if the state is {@link #ACCEPT}.
     */
    public boolean isComplete()
    {
        return state == S_ACCEPT;
    }

    /**
     * Start a new stream (for example the next text message).
     */
    public void reset()
    {
        state = S_ACCEPT;
    }

    /**
     * Validate a complete byte sequence: valid UTF-8 that does not end inside a code point.
     *
     * @param buffer the bytes.
     * @param offset index of the first byte.
     * @param length number of bytes; 0 is valid.
     * @return true if the bytes are well-formed, complete UTF-8.
     */
    public static boolean isValid(final DirectBuffer buffer, final int offset, final int length)
    {
        return run(S_ACCEPT, buffer, offset, length) == S_ACCEPT;
    }

    private static int run(final int initialState, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] classOfByte = CLASS_OF_BYTE;
        final byte[] transitions = TRANSITIONS;
        final int end = offset + length;
        int state = initialState;
        int i = offset;

        while (i < end)
        {
            if (state == S_ACCEPT)
            {
                // ASCII fast path: skip eight bytes at a time while none has its top bit set.
                while (i <= end - Long.BYTES && (buffer.getLong(i) & HIGH_BITS_MASK) == 0)
                {
                    i += Long.BYTES;
                }
                if (i == end)
                {
                    break;
                }
            }
            else if (state == S_REJECT)
            {
                break;
            }

            state = transitions[state + classOfByte[buffer.getByte(i) & 0xFF]];
            i++;
        }

        return state;
    }

    private static int result(final int state)
    {
        if (state == S_ACCEPT)
        {
            return ACCEPT;
        }

        return state == S_REJECT ? REJECT : INCOMPLETE;
    }

    private static void fillClass(final int fromInclusive, final int toInclusive, final int byteClass)
    {
        for (int b = fromInclusive; b <= toInclusive; b++)
        {
            CLASS_OF_BYTE[b] = (byte) byteClass;
        }
    }

    private static void transition(final int fromState, final int byteClass, final int toState)
    {
        TRANSITIONS[fromState + byteClass] = (byte) toState;
    }

    private static void continuation(
        final int fromState, final int fromClassInclusive, final int toClassInclusive, final int toState)
    {
        for (int c = fromClassInclusive; c <= toClassInclusive; c++)
        {
            transition(fromState, c, toState);
        }
    }
}
