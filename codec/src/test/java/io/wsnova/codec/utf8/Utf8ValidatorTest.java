package io.wsnova.codec.utf8;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8ValidatorTest
{
    private final Utf8Validator validator = new Utf8Validator();

    @ParameterizedTest
    @ValueSource(strings = {
        "", "00", "41", "7f", "c280", "c3a9", "dfbf", "e0a080", "e282ac", "ed9fbf", "ee8080", "efbfbf",
        "f0908080", "f09f9880", "f48fbfbf", "414243444546474849", "e282ac41424344454647e282ac",
        "4142434445464748c3a94142434445464748"})
    void shouldAcceptValidSequence(final String hex)
    {
        final UnsafeBuffer buffer = bufferOf(hex);

        assertThat(Utf8Validator.isValid(buffer, 0, buffer.capacity())).isTrue();
        assertThat(validator.validate(buffer, 0, buffer.capacity())).isEqualTo(Utf8Validator.ACCEPT);
        assertThat(validator.isComplete()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80", "bf", "c0af", "c080", "c1bf", "e080af", "e09fbf", "f08080af", "f08fbfbf", "eda080", "edbfbf",
        "f4908080", "f7bfbfbf", "f5", "ff", "fe", "c2", "c241", "e282", "e28241", "f09f98", "4142434445464748c0",
        "41424344454647484142434445464748eda080"})
    void shouldRejectMalformedSequence(final String hex)
    {
        final UnsafeBuffer buffer = bufferOf(hex);

        assertThat(Utf8Validator.isValid(buffer, 0, buffer.capacity())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "e080af", "f08080af", "eda080", "f4908080", "80", "c241"})
    void shouldRejectAtFirstImpossibleByteWithoutWaitingForMore(final String hex)
    {
        final UnsafeBuffer buffer = bufferOf(hex);
        int result = Utf8Validator.ACCEPT;
        int consumed = 0;
        while (result != Utf8Validator.REJECT)
        {
            result = validator.validate(buffer, consumed++, 1);
        }

        assertThat(consumed).isLessThanOrEqualTo(2);
        assertThat(validator.validate(bufferOf("41"), 0, 1)).as("stays rejected").isEqualTo(Utf8Validator.REJECT);
        assertThat(validator.isComplete()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3a9", "e282ac", "f09f9880", "f48fbfbf"})
    void shouldAcceptCodePointSplitAtEveryPoint(final String hex)
    {
        final UnsafeBuffer buffer = bufferOf(hex);
        for (int split = 1; split < buffer.capacity(); split++)
        {
            validator.reset();

            assertThat(validator.validate(buffer, 0, split)).isEqualTo(Utf8Validator.INCOMPLETE);
            assertThat(validator.isComplete()).isFalse();
            assertThat(validator.validate(buffer, split, buffer.capacity() - split)).isEqualTo(Utf8Validator.ACCEPT);
            assertThat(validator.isComplete()).isTrue();
        }
    }

    @Test
    void shouldReportIncompleteWhenInputEndsInsideCodePoint()
    {
        assertThat(validator.validate(bufferOf("41e282"), 0, 3)).isEqualTo(Utf8Validator.INCOMPLETE);
        assertThat(validator.isComplete()).isFalse();
        assertThat(Utf8Validator.isValid(bufferOf("41e282"), 0, 3)).isFalse();
    }

    @Test
    void shouldStartOverAfterReset()
    {
        validator.validate(bufferOf("ff"), 0, 1);
        validator.reset();

        assertThat(validator.validate(bufferOf("41"), 0, 1)).isEqualTo(Utf8Validator.ACCEPT);
    }

    @Test
    void shouldAgreeWithJdkStrictDecoderOnRandomBytes()
    {
        final long seed = System.nanoTime();
        System.out.println("Utf8ValidatorTest seed=" + seed);
        final Random random = new Random(seed);
        for (int i = 0; i < 200_000; i++)
        {
            final byte[] bytes = new byte[random.nextInt(12)];
            for (int j = 0; j < bytes.length; j++)
            {
                final int kind = random.nextInt(4);
                bytes[j] = (byte) (kind == 0 ? random.nextInt(0x80) : kind == 1 ? 0x80 + random.nextInt(0x40) :
                    random.nextInt(256));
            }
            final int offset = random.nextInt(3);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + bytes.length]);
            buffer.putBytes(offset, bytes);

            assertThat(Utf8Validator.isValid(buffer, offset, bytes.length))
                .as("seed %d bytes %s", seed, HexFormat.of().formatHex(bytes))
                .isEqualTo(jdkAccepts(bytes));
        }
    }

    @Test
    void shouldValidateEveryCodePointEncodedByJdk()
    {
        final StringBuilder builder = new StringBuilder();
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++)
        {
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
            {
                builder.appendCodePoint(codePoint);
            }
        }
        final byte[] bytes = builder.toString().getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8Validator.isValid(new UnsafeBuffer(bytes), 0, bytes.length)).isTrue();
    }

    private static boolean jdkAccepts(final byte[] bytes)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (final CharacterCodingException ex)
        {
            return false;
        }
    }

    private static UnsafeBuffer bufferOf(final String hex)
    {
        return new UnsafeBuffer(HexFormat.of().parseHex(hex));
    }
}
