package io.wsnova.codec.frame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CloseCodesTest
{
    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999})
    void shouldAcceptCodeFromWire(final int code)
    {
        assertThat(CloseCodes.isValidOnWire(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535, -1})
    void shouldRejectCodeFromWire(final int code)
    {
        assertThat(CloseCodes.isValidOnWire(code)).isFalse();
    }
}
