package io.wsnova.adapters.coinbase;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the Coinbase message handler (docs/FUZZING.md): the input is read as a sequence of
 * messages, one per line, fed through one handler (decode, classify, handle into the books and the listener), as a
 * connection would. Property: no exception escapes, whatever the bytes (a malformed message is counted and dropped;
 * the seeded corruption tests of the module check the counts and the books). In the test suite the seeds under
 * {@code CoinbaseMessageHandlerFuzzTestInputs} (the venue's documented messages) replay.
 */
class CoinbaseMessageHandlerFuzzTest
{
    @FuzzTest(maxDuration = "5m")
    void messages(final byte[] lines)
    {
        final CoinbaseHandlerHarness harness = new CoinbaseHandlerHarness();
        int start = 0;
        for (int i = 0; i <= lines.length; i++)
        {
            if (i == lines.length || lines[i] == '\n')
            {
                if (i > start)
                {
                    harness.receive(new String(lines, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        assertThat(harness.adapter.counters()).isNotNull();
    }
}
