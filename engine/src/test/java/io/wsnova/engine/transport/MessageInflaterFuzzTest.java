package io.wsnova.engine.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as a compressed message: the inflater returns a length within the limit or an error code (1007 or
 * 1009), never throws, never hangs, never grows its buffer past {@code maxMessageLength + 1}; a message that came
 * back whole inflates the same a second time from a fresh inflater (no state leaks between inflaters), and one
 * inflate allocates at most a bounded amount whatever the input. Regression mode replays the corpus;
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class MessageInflaterFuzzTest
{
    private static final int LIMIT = 4200;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "2m")
    void inflate(final byte[] payload)
    {
        final boolean text = payload.length > 0 && (payload[0] & 1) != 0;
        final boolean reset = payload.length > 1 && (payload[1] & 1) != 0;
        // A first run on the same input loads and initialises whatever it needs, so the measured run below counts
        // the inflater's own allocation only.
        final MessageInflater warmUp = new MessageInflater(LIMIT, reset);
        warmUp.inflate(text, new UnsafeBuffer(payload), 0, payload.length);
        warmUp.close();
        final MessageInflater inflater = new MessageInflater(LIMIT, reset);
        final long before = threads.getCurrentThreadAllocatedBytes();
        final int result = inflater.inflate(text, new UnsafeBuffer(payload), 0, payload.length);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(inflater.capacity()).isLessThanOrEqualTo(LIMIT + 1);
        assertThat(allocated).as("allocation bounded by the limit, not the input").isLessThan(4L * LIMIT);
        if (result < 0)
        {
            assertThat(result).isIn(MessageInflater.ERR_CORRUPT, MessageInflater.ERR_TOO_BIG);
            assertThat(inflater.errorDescription()).isNotBlank();
        }
        else
        {
            assertThat(result).isLessThanOrEqualTo(LIMIT);
            final byte[] first = new byte[result];
            inflater.output().getBytes(0, first);
            final MessageInflater again = new MessageInflater(LIMIT, false);
            assertThat(again.inflate(text, new UnsafeBuffer(payload), 0, payload.length)).isEqualTo(result);
            final byte[] second = new byte[result];
            again.output().getBytes(0, second);
            assertThat(second).isEqualTo(first);
            again.close();
        }
        inflater.close();
    }
}
