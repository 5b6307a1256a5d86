package io.wsnova.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalTest
{
    @ParameterizedTest
    @CsvSource({
        "15, 1, 150, 2, 0",
        "15, 1, 16, 1, -1",
        "364425, 1, 36443, 0, -1",
        "36443, 0, 364425, 1, 1",
        "0, 0, 0, 5, 0",
        "-5, 1, 0, 0, -1",
        "1, 0, 9223372036854775807, 18, -1",
        "9223372036854775807, 0, 1, 38, 1",
        "-9223372036854775807, 0, 1, 38, -1",
        "1, 38, 0, 0, 1",
    })
    void shouldCompareNumerically(final long m1, final int s1, final long m2, final int s2, final int expected)
    {
        final Decimal a = new Decimal(m1, s1);
        final Decimal b = new Decimal(m2, s2);

        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(expected);
        assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-expected);
        assertThat(a.equals(b)).isEqualTo(expected == 0);
        if (expected == 0)
        {
            assertThat(a.hashCode()).isEqualTo(b.hashCode());
        }
    }

    @Test
    void shouldAgreeWithBigDecimalOnRandomValues()
    {
        final long seed = System.nanoTime();
        System.out.println("DecimalTest seed=" + seed);
        final Random random = new Random(seed);
        for (int i = 0; i < 100_000; i++)
        {
            final Decimal a = randomDecimal(random);
            final Decimal b = randomDecimal(random);
            final BigDecimal bigA = BigDecimal.valueOf(a.mantissa(), a.scale());
            final BigDecimal bigB = BigDecimal.valueOf(b.mantissa(), b.scale());

            assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b).isEqualTo(bigA.compareTo(bigB));
            assertThat(a.toString()).isEqualTo(bigA.toPlainString());
            assertThat(a.toDouble()).isEqualTo(bigA.doubleValue(), org.assertj.core.data.Offset.offset(
                Math.ulp(bigA.doubleValue()) * 3));
        }
    }

    @Test
    void shouldServeAsOrderBookPriceKey()
    {
        final TreeMap<Decimal, String> book = new TreeMap<>();
        book.put(new Decimal(504234, 2), "a");
        book.put(new Decimal(50419, 1), "b");
        book.put(new Decimal(5042340, 3), "c");

        assertThat(book).hasSize(2);
        assertThat(book.firstKey()).isEqualTo(new Decimal(50419, 1));
        assertThat(book.get(new Decimal(504234, 2))).isEqualTo("c");
    }

    @Test
    void shouldRescaleExactlyOrReportNotRepresentable()
    {
        assertThat(new Decimal(364425, 1).scaledTo(2)).isEqualTo(3644250L);
        assertThat(new Decimal(3644250, 2).scaledTo(1)).isEqualTo(364425L);
        assertThat(new Decimal(364425, 1).scaledTo(0)).isEqualTo(Decimal.NOT_REPRESENTABLE);
        assertThat(new Decimal(Long.MAX_VALUE, 0).scaledTo(1)).isEqualTo(Decimal.NOT_REPRESENTABLE);
        assertThat(new Decimal().setNull().scaledTo(1)).isEqualTo(Decimal.NOT_REPRESENTABLE);
    }

    @Test
    void shouldTreatNullAsDistinctValue()
    {
        final Decimal nullValue = new Decimal().setNull();

        assertThat(nullValue.isNull()).isTrue();
        assertThat(nullValue.toDouble()).isNaN();
        assertThat(nullValue.toString()).isEqualTo("null");
        assertThat(nullValue).isEqualTo(new Decimal().setNull()).isNotEqualTo(new Decimal());
        assertThat(nullValue.compareTo(new Decimal(Long.MIN_VALUE, 0))).isNegative();
        assertThat(new Decimal().set(nullValue).isNull()).isTrue();
        assertThat(nullValue.set(1, 0).isNull()).isFalse();
    }

    @Test
    void shouldRejectScaleOutOfRange()
    {
        assertThatThrownBy(() -> new Decimal(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decimal(1, Decimal.MAX_SCALE + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Decimal randomDecimal(final Random random)
    {
        final long mantissa = switch (random.nextInt(4))
        {
            case 0 -> random.nextInt(2000) - 1000;
            case 1 -> random.nextLong();
            case 2 -> random.nextLong() % 1_000_000_000L;
            default -> (random.nextInt(100) - 50) * Decimal.powerOfTen(random.nextInt(15));
        };
        return new Decimal(mantissa, random.nextInt(Decimal.MAX_SCALE + 1));
    }
}
