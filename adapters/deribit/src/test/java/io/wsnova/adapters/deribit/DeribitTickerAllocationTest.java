package io.wsnova.adapters.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class DeribitTickerAllocationTest
{
    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 1_000_000;
    private static final int OFFSET = 14;
    private static final int MAX_WARM_UP_ROUNDS = 20;

    @Test
    void shouldDecodeTickerNotificationMillionTimesWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final String message = DeribitMessageDecoderTest.TICKER_NOTIFICATION;
        final int length = message.getBytes(StandardCharsets.UTF_8).length;
        final UnsafeBuffer buffer = DeribitMessageDecoderTest.offHeap(message, OFFSET);
        final DeribitMessageDecoder decoder = new DeribitMessageDecoder();
        long checksum = 0;
        int warmUpRounds = 0;
        long warmUpAllocated;
        do
        {
            // Warm-up ends when a whole round allocates nothing: the JIT may still link call sites (a one-off
            // LambdaForm spin was seen in the first million after 200k iterations on a loaded machine).
            final long start = threads.getCurrentThreadAllocatedBytes();
            checksum += decodeMany(decoder, buffer, length, WARM_UP);
            warmUpAllocated = threads.getCurrentThreadAllocatedBytes() - start;
            warmUpRounds++;
        }
        while (warmUpAllocated != 0 && warmUpRounds < MAX_WARM_UP_ROUNDS);

        final long startNs = System.nanoTime();
        final long before = threads.getCurrentThreadAllocatedBytes();
        checksum += decodeMany(decoder, buffer, length, MEASURED);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        final long elapsedNs = System.nanoTime() - startNs;

        System.out.printf("ticker decode: %d ns/op (indicative, not a benchmark), %d warm-up rounds, %d bytes " +
            "allocated%n", elapsedNs / MEASURED, warmUpRounds, allocated);
        assertThat(checksum).isEqualTo(((long) WARM_UP * warmUpRounds + MEASURED) * (1623060194301L + 364425L));
        assertThat(allocated).isZero();
        DeribitMessageDecoderTest.assertReferenceTicker(decoder.ticker());
    }

    private static long decodeMany(final DeribitMessageDecoder decoder, final UnsafeBuffer buffer, final int length,
        final int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
        {
            if (decoder.decode(buffer, OFFSET, length) == DeribitMessageDecoder.TICKER)
            {
                final DeribitTicker ticker = decoder.ticker();
                sum += ticker.timestampMs() + ticker.bestBidPrice().mantissa();
            }
        }
        return sum;
    }
}
