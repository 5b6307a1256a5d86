package io.wsnova.codec.frame;

import io.wsnova.codec.frame.RecordingHandler.Event;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.wsnova.codec.frame.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Chop the byte stream anywhere": a random mix of text, binary and fragmented messages with pings and pongs
 * between fragments, fed through random chunk sizes, must deliver exactly the expected events.
 * Re-run a failure with -Dwsnova.seed=SEED.
 */
class FrameDecoderChopTest
{
    private static final int MAX_FRAME_LENGTH = 256 * 1024;
    private static final int MAX_MESSAGE_LENGTH = 1024 * 1024;

    @Test
    void shouldDeliverExpectedEventsWhenStreamIsChoppedAnywhere()
    {
        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("FrameDecoderChopTest seed=" + seed);
        final Random seeds = new Random(seed);

        for (int round = 0; round < 30; round++)
        {
            final long roundSeed = seeds.nextLong();
            runRound(roundSeed, "seed=" + seed + " round=" + round + " roundSeed=" + roundSeed);
        }
    }

    private static void runRound(final long roundSeed, final String description)
    {
        final Random random = new Random(roundSeed);
        final ByteArrayOutputStream stream = new ByteArrayOutputStream();
        final List<Event> expected = new ArrayList<>();
        final int messageCount = 50 + random.nextInt(300);
        for (int i = 0; i < messageCount; i++)
        {
            maybeControlFrame(random, stream, expected);
            final boolean text = random.nextBoolean();
            final byte[] payload = text ? utf8Text(random) : binaryPayload(random);
            final int opcode = text ? Opcode.TEXT : Opcode.BINARY;
            if (random.nextInt(3) == 0)
            {
                writeFragmented(random, stream, expected, opcode, payload);
            }
            else
            {
                stream.writeBytes(frame(opcode, true, payload));
            }
            expected.add(RecordingHandler.message(opcode, payload));
        }
        stream.writeBytes(TestFrames.closeFrame(CloseCodes.NORMAL, "done"));
        expected.add(RecordingHandler.close(CloseCodes.NORMAL, TestFrames.utf8("done")));

        final byte[] bytes = stream.toByteArray();
        final UnsafeBuffer source = new UnsafeBuffer(bytes);
        final RecordingHandler handler = new RecordingHandler();
        final FrameDecoder decoder = new FrameDecoder(handler, MAX_FRAME_LENGTH, MAX_MESSAGE_LENGTH);
        final int maxChunk = 1 + random.nextInt(random.nextBoolean() ? 16 : 4096);
        final StreamFeeder feeder = new StreamFeeder(decoder, decoder.maxPendingFrameLength() + maxChunk);
        int position = 0;
        while (position < bytes.length && !decoder.isCloseReceived())
        {
            final int chunk = Math.min(1 + random.nextInt(maxChunk), bytes.length - position);
            final int result = feeder.feed(source, position, chunk);
            assertThat(result).as(description).isGreaterThanOrEqualTo(0);
            position += chunk;
        }

        assertThat(decoder.isCloseReceived()).as(description).isTrue();
        assertThat(feeder.bytesConsumed()).as(description).isEqualTo(bytes.length);
        assertThat(handler.events).as(description).containsExactlyElementsOf(expected);
    }

    private static void writeFragmented(
        final Random random,
        final ByteArrayOutputStream stream,
        final List<Event> expected,
        final int opcode,
        final byte[] payload)
    {
        final int fragments = 2 + random.nextInt(5);
        int offset = 0;
        for (int f = 0; f < fragments; f++)
        {
            final boolean last = f == fragments - 1;
            final int length = last ? payload.length - offset : random.nextInt(payload.length - offset + 1);
            final byte[] fragment = new byte[length];
            System.arraycopy(payload, offset, fragment, 0, length);
            stream.writeBytes(frame(f == 0 ? opcode : Opcode.CONTINUATION, last, fragment));
            offset += length;
            if (!last)
            {
                maybeControlFrame(random, stream, expected);
            }
        }
    }

    private static void maybeControlFrame(final Random random, final ByteArrayOutputStream stream,
        final List<Event> expected)
    {
        final int kind = random.nextInt(4);
        final byte[] payload = new byte[random.nextInt(126)];
        random.nextBytes(payload);
        if (kind == 0)
        {
            stream.writeBytes(frame(Opcode.PING, true, payload));
            expected.add(RecordingHandler.ping(payload));
        }
        else if (kind == 1)
        {
            stream.writeBytes(frame(Opcode.PONG, true, payload));
            expected.add(RecordingHandler.pong(payload));
        }
    }

    private static byte[] binaryPayload(final Random random)
    {
        final byte[] payload = new byte[payloadLength(random)];
        random.nextBytes(payload);
        return payload;
    }

    private static byte[] utf8Text(final Random random)
    {
        final int codePoints = payloadLength(random) / 2;
        final StringBuilder builder = new StringBuilder();
        for (int i = 0; i < codePoints; i++)
        {
            final int codePoint = switch (random.nextInt(5))
            {
                case 0 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 1 -> 0xE000 + random.nextInt(0x10000 - 0xE000);
                case 2 -> 0x10000 + random.nextInt(0x110000 - 0x10000);
                default -> random.nextInt(0x80);
            };
            builder.appendCodePoint(codePoint);
        }
        return builder.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int payloadLength(final Random random)
    {
        final int kind = random.nextInt(20);
        if (kind == 0)
        {
            return 0;
        }
        if (kind == 1)
        {
            return 126 + random.nextInt(70_000);
        }
        return random.nextInt(kind < 10 ? 126 : 600);
    }
}
