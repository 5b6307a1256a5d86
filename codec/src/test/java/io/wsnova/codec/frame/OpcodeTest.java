package io.wsnova.codec.frame;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpcodeTest
{
    @Test
    void shouldClassifyEveryOpcode()
    {
        for (int opcode = 0; opcode < 16; opcode++)
        {
            assertThat(Opcode.isControl(opcode)).as("control %d", opcode).isEqualTo(opcode >= 8);
            assertThat(Opcode.isData(opcode)).as("data %d", opcode).isEqualTo(opcode <= 2);
            assertThat(Opcode.isDefined(opcode)).as("defined %d", opcode)
                .isEqualTo(opcode <= 2 || (opcode >= 8 && opcode <= 10));
        }
    }
}
