package io.wsnova.benchmarks.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --receiver-cpus}: a taskset CPU list for the receiver JVMs (two CPUs for a reader and its handler thread),
 * kept in the run record so a rerendered report still says where the receivers ran; anything else is refused
 * with the flag named.
 */
class RigReceiverCpusTest
{
    @Test
    void shouldTakeACpuListAndKeepItInTheRecord()
    {
        final RigOptions options = RigOptions.parse(new String[] {"--receiver-cpus", "0-1"});
        assertThat(options.receiverCpus).isEqualTo("0-1");
        assertThat(RigRecord.of(options, 10_000, true, java.util.List.of()).toOptions().receiverCpus).isEqualTo("0-1");
        assertThat(RigOptions.parse(new String[] {}).receiverCpus).isNull();
    }

    @Test
    void shouldRefuseAnythingButACpuList()
    {
        assertThatThrownBy(() -> RigOptions.parse(new String[] {"--receiver-cpus", "all"}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--receiver-cpus");
    }
}
