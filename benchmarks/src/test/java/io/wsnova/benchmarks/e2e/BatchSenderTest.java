package io.wsnova.benchmarks.e2e;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BatchSenderTest
{
    private static final int CASES = 6;

    @Test
    void shouldSizeBatchesToFiftyMicrosecondsOfTheScheduleWithinBounds()
    {
        assertThat(BatchSender.batchSize(1_000, 1_000)).isEqualTo(1);
        assertThat(BatchSender.batchSize(20_000, 1_000)).isEqualTo(1);
        assertThat(BatchSender.batchSize(20_001, 1_000)).isEqualTo(2);
        assertThat(BatchSender.batchSize(1_000_000, 1_000)).isEqualTo(50);
        assertThat(BatchSender.batchSize(4_000_000, 1_000)).isEqualTo(200);
        assertThat(BatchSender.batchSize(4_000_000, 64)).isEqualTo(64);
        assertThat(BatchSender.batchSize(4_000_000, 0)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ticker", "trade"})
    void shouldSendEveryFrameWellFormedAndCountedAtAnyRateAndCount(final String payload) throws Exception
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("BatchSenderTest seed " + seed + " (-Dwsnova.seed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        final TickerMessage message = TickerMessage.of(payload, 600);
        for (int i = 0; i < CASES; i++)
        {
            final long rate = random.nextLong(1_000, 5_000_001);
            // at most 0.2 s of schedule, at least one message
            final long total = random.nextLong(1, Math.max(2, rate / 5) + 1);
            final String label = "seed " + seed + " case " + i + ": rate " + rate + ", total " + total;

            final Received received = whenSent(message, rate, total);

            assertThat(received.frames).as(label).isEqualTo(total);
            assertThat(received.outcome.sentMessages).as(label).isEqualTo(total);
            assertThat(received.malformed).as(label).isZero();
            assertThat(received.decodeFailures).as(label).isZero();
            assertThat(received.timesOutOfOrder).as(label).isZero();
            assertThat(received.outcome.writes).as(label).isPositive().isLessThanOrEqualTo(total);
        }
    }

    @Test
    void shouldDeliverEveryTradeOfALargeScheduleAboveTheSendersCatchUpCapacity() throws Exception
    {
        // 400,000 frames at 2 M msg/s: batches of 100, catch-up writes of 1,600. Not a timing assertion: the
        // in-test reader (cold, decoding each frame) sets the pace here, the rig measures the sender
        // (perf-reports/e2e/*-max-trade-s132-sender-check)
        final TickerMessage message = TickerMessage.trade();
        final long rate = 2_000_000;

        final Received received = whenSent(message, rate, 400_000);

        assertThat(received.frames).isEqualTo(400_000);
        assertThat(received.outcome.sentMessages).isEqualTo(400_000);
        assertThat(received.malformed + received.decodeFailures + received.timesOutOfOrder).isZero();
    }

    private static Received whenSent(final TickerMessage message, final long rate, final long total)
        throws Exception
    {
        final Pipe pipe = Pipe.open();
        try
        {
            final CompletableFuture<Received> reading = CompletableFuture.supplyAsync(() -> read(pipe, message, total));
            final TickerServer.Outcome outcome = new TickerServer.Outcome();
            new BatchSender(message, rate).send(pipe.sink(), total, outcome);
            final Received received = reading.get(30, TimeUnit.SECONDS);
            received.outcome = outcome;
            return received;
        }
        finally
        {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    /** Parses frames off the pipe until {@code total} arrived (or a malformed frame), as a client would. */
    private static Received read(final Pipe pipe, final TickerMessage message, final long total)
    {
        final Received received = new Received();
        final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
        final UnsafeBuffer view = new UnsafeBuffer(in);
        final VenueDecoder decoder = new VenueDecoder(message.isTrade());
        long lastIntendedNs = 0;
        try
        {
            while (received.frames < total && received.malformed == 0 && pipe.source().read(in) >= 0)
            {
                final int end = in.position();
                int offset = 0;
                while (end - offset >= 4)
                {
                    final int b0 = view.getByte(offset) & 0xFF;
                    final int len7 = view.getByte(offset + 1) & 0xFF;
                    final int header = len7 == 126 ? 4 : 2;
                    final int length = len7 == 126 ? (view.getByte(offset + 2) & 0xFF) << 8 |
                        view.getByte(offset + 3) & 0xFF : len7;
                    if (b0 != 0x81 || len7 > 126 || length != message.length())
                    {
                        received.malformed++;
                        break;
                    }
                    if (end - offset < header + length)
                    {
                        break;
                    }
                    final int payload = offset + header;
                    if (!decoder.decode(view, payload, length))
                    {
                        received.decodeFailures++;
                    }
                    final long intendedNs = TickerMessage.nanos(view, payload + message.intendedOffset());
                    final long sentNs = TickerMessage.nanos(view, payload + message.sentOffset());
                    if (intendedNs < lastIntendedNs || sentNs < intendedNs)
                    {
                        received.timesOutOfOrder++;
                    }
                    lastIntendedNs = intendedNs;
                    received.frames++;
                    offset = payload + length;
                }
                in.limit(end).position(offset);
                in.compact();
            }
        }
        catch (final IOException ex)
        {
            received.malformed++;
        }
        return received;
    }

    private static final class Received
    {
        long frames;
        long malformed;
        long decodeFailures;
        long timesOutOfOrder;
        TickerServer.Outcome outcome;
    }
}
