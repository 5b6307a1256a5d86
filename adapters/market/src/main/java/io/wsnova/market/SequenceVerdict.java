package io.wsnova.market;

/**
 * What a {@link SequenceRule} decides for a delta, given the book's last sequence.
 */
public enum SequenceVerdict
{
    /** The delta follows the book: apply it. */
    APPLY,
    /** The venue restarted its sequence and this message holds the whole book (Bybit {@code u == 1}): replace. */
    RESET,
    /** The delta is older than the book (the venue's procedure says ignore it): drop it, the book stays live. */
    DROP_STALE,
    /** Something was missed: do not apply; the book is stale until the next snapshot. */
    GAP
}
