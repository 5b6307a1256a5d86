package io.wsnova.adapters.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import io.wsnova.testkit.Allocation;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class DeribitTickerAllocationTest
{
    private static final int MEASURED = 1_000_000;
    private static final int OFFSET = 14;

    @Test
    void shouldDecodeTickerNotificationMillionTimesWithoutAllocating()
    {
        final String message = DeribitMessageDecoderTest.TICKER_NOTIFICATION;
        final int length = message.getBytes(StandardCharsets.UTF_8).length;
        final UnsafeBuffer buffer = DeribitMessageDecoderTest.offHeap(message, OFFSET);
        final DeribitMessageDecoder decoder = new DeribitMessageDecoder();
        final long[] checksum = new long[1];
        // Warm-up ends when a whole round allocates nothing: the JIT may still link call sites (a one-off
        // LambdaForm spin was seen in the first million after 200k iterations on a loaded machine).
        final Allocation.Result result = Allocation.measure(() ->
            checksum[0] += decodeMany(decoder, buffer, length, MEASURED));
        final int warmUpRounds = result.warmUpRounds();
        final long allocated = result.bytes();
        final long elapsedNs = result.elapsedNs();

        System.out.printf("ticker decode: %d ns/op (indicative, not a benchmark), %d warm-up rounds, %d bytes " +
            "allocated%n", elapsedNs / MEASURED, warmUpRounds, allocated);
        assertThat(checksum[0]).isEqualTo((long)MEASURED * (warmUpRounds + result.measuredRounds()) *
            (1623060194301L + 364425L));
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
