package io.wsnova.adapters.coinbase;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The liveness bound of the Coinbase adapter against the venue's documentation (reference section C): with
 * {@code heartbeats} subscribed one message arrives every second, so a short idle timeout detects a silent server;
 * without it a valid, quiet subscription may carry nothing for up to 60-90 s (then Coinbase closes it), so the idle
 * timeout must not call such a connection dead.
 */
class CoinbaseLivenessSpecTest
{
    private static final long HEARTBEAT_PERIOD_MS = 1_000L;
    private static final long QUIET_CHANNEL_CLOSE_MS = 90_000L;

    @Test
    void shouldDetectASilentServerWithinSecondsWhenHeartbeatsFlow()
    {
        final NovaOptions options = CoinbaseAdapter.builder().build().defaultOptions();

        final long idleMs = options.get(Option.IDLE_TIMEOUT_MS);
        assertThat(idleMs).isGreaterThan(2 * HEARTBEAT_PERIOD_MS).isLessThanOrEqualTo(10_000L);
    }

    @Test
    void shouldNotCallAQuietConnectionDeadWhenHeartbeatsAreNotSubscribed()
    {
        final NovaOptions options = CoinbaseAdapter.builder().subscribeHeartbeats(false).build().defaultOptions();

        final long idleMs = options.get(Option.IDLE_TIMEOUT_MS);
        assertThat(idleMs).as("a quiet product may send nothing until Coinbase closes it after 60-90 s")
            .isGreaterThan(QUIET_CHANNEL_CLOSE_MS);
    }
}
