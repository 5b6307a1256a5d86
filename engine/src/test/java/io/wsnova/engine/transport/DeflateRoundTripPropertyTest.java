package io.wsnova.engine.transport;

import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded properties of the inflater and deflater, each against the JDK's own {@link Deflater}/{@link Inflater}
 * used directly as the oracle: every message sequence (random sizes, levels and strategies, with and without
 * context takeover) inflates to exactly what was compressed, from a heap or a direct buffer; the deflater's output
 * inflates to its input; and any corrupted or random payload comes back as an error code or a bounded message,
 * never an exception. Prints its seed; {@code -Dwsnova.seed=N} replays a run.
 */
class DeflateRoundTripPropertyTest
{
    private static final int SEQUENCES = 60;
    private static final int LIMIT = 256 * 1024;

    @Test
    void shouldInflateWhatTheJdkDeflaterCompressedForEveryRandomSequence()
    {
        final long seed = seed("shouldInflateWhatTheJdkDeflaterCompressedForEveryRandomSequence");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int sequence = 0; sequence < SEQUENCES; sequence++)
        {
            final boolean takeover = random.nextBoolean();
            final boolean direct = random.nextBoolean();
            final int level = random.nextInt(10);
            final int strategy = random.nextInt(3);
            final Deflater deflater = new Deflater(level, true);
            deflater.setStrategy(strategy);
            final MessageInflater inflater = new MessageInflater(LIMIT, !takeover);
            final int messages = 1 + random.nextInt(40);
            for (int m = 0; m < messages; m++)
            {
                final byte[] message = message(random);
                final byte[] compressed = compress(deflater, message);
                if (!takeover)
                {
                    deflater.reset();
                }
                final int length = inflater.inflate(false, wrap(compressed, direct), 0, compressed.length);
                assertThat(length).as("seed %d sequence %d message %d (%s) level %d strategy %d takeover %s direct %s",
                    seed, sequence, m, inflater.errorDescription(), level, strategy, takeover, direct)
                    .isEqualTo(message.length);
                final byte[] out = new byte[length];
                inflater.output().getBytes(0, out);
                assertThat(out).as("seed %d sequence %d message %d", seed, sequence, m).isEqualTo(message);
            }
            deflater.end();
            inflater.close();
        }
    }

    @Test
    void shouldDeflateSoThatTheJdkInflaterRestoresEveryMessage() throws Exception
    {
        final long seed = seed("shouldDeflateSoThatTheJdkInflaterRestoresEveryMessage");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int sequence = 0; sequence < SEQUENCES; sequence++)
        {
            final boolean takeover = random.nextBoolean();
            final MessageDeflater deflater = new MessageDeflater(!takeover);
            final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(64);
            final Inflater oracle = new Inflater(true);
            final int messages = 1 + random.nextInt(40);
            for (int m = 0; m < messages; m++)
            {
                final byte[] message = message(random);
                if (message.length == 0)
                {
                    continue;
                }
                final int offset = random.nextInt(20);
                final int length = deflater.deflate(new UnsafeBuffer(message), 0, message.length, out, offset);
                final byte[] compressed = new byte[length + 4];
                out.getBytes(offset, compressed, 0, length);
                compressed[length + 2] = (byte)0xFF;
                compressed[length + 3] = (byte)0xFF;
                if (!takeover)
                {
                    oracle.reset();
                }
                oracle.setInput(compressed);
                final byte[] restored = new byte[message.length + 16];
                int n = 0;
                int produced;
                while ((produced = oracle.inflate(restored, n, restored.length - n)) > 0)
                {
                    n += produced;
                }
                assertThat(Arrays.copyOf(restored, n)).as("seed %d sequence %d message %d", seed, sequence, m)
                    .isEqualTo(message);
            }
            deflater.close();
            oracle.end();
        }
    }

    @Test
    void shouldReturnAnErrorCodeOrABoundedMessageForAnyCorruptedPayload()
    {
        final long seed = seed("shouldReturnAnErrorCodeOrABoundedMessageForAnyCorruptedPayload");
        final SplittableRandom random = new SplittableRandom(seed);
        final Deflater deflater = new Deflater(6, true);
        for (int i = 0; i < 2_000; i++)
        {
            final byte[] payload;
            if (random.nextBoolean())
            {
                payload = new byte[random.nextInt(300)];
                random.nextBytes(payload);
            }
            else
            {
                payload = compress(deflater, message(random));
                deflater.reset();
                for (int flips = 1 + random.nextInt(4); flips > 0 && payload.length > 0; flips--)
                {
                    payload[random.nextInt(payload.length)] ^= (byte)(1 << random.nextInt(8));
                }
            }
            final MessageInflater inflater = new MessageInflater(4096, random.nextBoolean());
            final int result = inflater.inflate(random.nextBoolean(), wrap(payload, random.nextBoolean()), 0,
                payload.length);
            assertThat(result).as("seed %d case %d", seed, i).satisfiesAnyOf(
                r -> assertThat(r).isBetween(0, 4096),
                r -> assertThat(r).isIn(MessageInflater.ERR_CORRUPT, MessageInflater.ERR_TOO_BIG));
            assertThat(inflater.capacity()).isLessThanOrEqualTo(4097);
            inflater.close();
        }
        deflater.end();
    }

    private static long seed(final String test)
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("DeflateRoundTripPropertyTest." + test + " seed=" + seed);
        return seed;
    }

    /**
     * A message: empty, random bytes, or repetitive JSON-like text, up to 100 KiB.
     */
    private static byte[] message(final SplittableRandom random)
    {
        final int kind = random.nextInt(4);
        final int length = random.nextInt(8) == 0 ? random.nextInt(100_000) : random.nextInt(700);
        final byte[] message = new byte[kind == 0 && random.nextInt(4) == 0 ? 0 : length];
        if (kind == 1)
        {
            random.nextBytes(message);
        }
        else
        {
            final byte[] words = "{\"price\":\"36442.5\",\"amount\":1200,\"side\":\"buy\"}".getBytes();
            for (int i = 0; i < message.length; i++)
            {
                message[i] = random.nextInt(16) == 0 ? (byte)('0' + random.nextInt(10)) : words[i % words.length];
            }
        }
        return message;
    }

    private static byte[] compress(final Deflater deflater, final byte[] message)
    {
        deflater.setInput(message);
        byte[] out = new byte[message.length + 64];
        int n = 0;
        while (true)
        {
            n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            // A new level or strategy takes effect in a call that may return before consuming the input.
            if (n < out.length && deflater.needsInput())
            {
                break;
            }
            if (n < out.length)
            {
                continue;
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        // zlib writes nothing for an empty input right after a flush: send one empty stored block header.
        return n == 0 ? new byte[]{0x00} : Arrays.copyOf(out, n - 4);
    }

    private static UnsafeBuffer wrap(final byte[] bytes, final boolean direct)
    {
        if (!direct)
        {
            return new UnsafeBuffer(bytes);
        }
        final ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length + 8);
        buffer.position(3);
        buffer.put(bytes);
        final UnsafeBuffer view = new UnsafeBuffer(buffer);
        final UnsafeBuffer shifted = new UnsafeBuffer(0, 0);
        shifted.wrap(view, 3, bytes.length);
        return shifted;
    }
}
