package io.wsnova.mock.deribit;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One way the hostile mode serves the same market differently, every one valid per RFC 6455, RFC 8259 and the
 * Deribit API. Each can be switched on alone, so a failure can be bisected.
 */
public enum MockHostileFeature
{
    /** Decimal numbers in other valid forms: exponents, trailing zeros, 25+ significant digits. */
    NUMBER_FORMS,
    /** Integer-valued numbers (change ids, timestamps, amounts, trade sequences) as {@code 100.0} or {@code 1E+2}. */
    INTEGER_FORMS,
    /** Object members in a random order. */
    KEY_ORDER,
    /** Unknown members (objects, arrays, numbers, strings with escapes and non-ASCII text) at every object level. */
    EXTRA_FIELDS,
    /** Existing strings (channel, instrument, actions) with characters written as unicode escapes. */
    STRING_ESCAPES,
    /** Whitespace (space, tab, CR, LF) between tokens. */
    WHITESPACE,
    /** Messages split into a text frame and continuation frames, zero-length fragments included. */
    FRAGMENTATION,
    /** Now and then (2%) a message of up to 4 KiB fragmented at every byte, with or without FRAGMENTATION. */
    BYTE_FRAGMENTS,
    /** Several frames in one socket write, and writes cut anywhere (mid-header, mid-payload). */
    COALESCING,
    /** Pings and unsolicited pongs between fragments and between messages. */
    CONTROL_FRAMES,
    /** Pauses of the writer up to {@link MockDeribitConfig#maxStallMs()} followed by a burst of what queued. */
    STALLS,
    /** A response sent twice for the same id. */
    DUPLICATE_RESPONSES,
    /** Some {@code public/test} responses held back past {@link MockDeribitConfig#lateResponseDelayMs()}. */
    LATE_RESPONSES;

    /**
     * Parses a switch such as {@code ALL}, {@code NONE}, {@code NUMBER_FORMS,KEY_ORDER} or {@code ALL,-STALLS}
     * (case-insensitive; {@code -X} removes X).
     *
     * @param text the switch.
     * @return the features.
     * @throws IllegalArgumentException for an unknown name.
     */
    public static Set<MockHostileFeature> parse(final String text)
    {
        final EnumSet<MockHostileFeature> features = EnumSet.noneOf(MockHostileFeature.class);
        for (final String part : text.split(","))
        {
            final String name = part.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty() || "NONE".equals(name))
            {
                continue;
            }
            if ("ALL".equals(name))
            {
                features.addAll(EnumSet.allOf(MockHostileFeature.class));
            }
            else if (name.startsWith("-"))
            {
                features.remove(valueOf(name.substring(1)));
            }
            else
            {
                features.add(valueOf(name));
            }
        }
        return features;
    }
}
