package io.wsnova.adapters.bybit;

import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.config.NovaOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapter's stated contract: endpoints per category, the liveness bound, the args-per-request limits.
 */
class BybitAdapterTest
{
    @Test
    void shouldStateTheEndpointAndTheLivenessBoundOfEachCategory()
    {
        final BybitAdapter linear = BybitAdapter.builder().build();
        final BybitAdapter spot = BybitAdapter.builder().category(BybitCategory.SPOT).build();
        final NovaOptions options = linear.defaultOptions();

        assertThat(BybitCategory.LINEAR.url()).isEqualTo("wss://stream.bybit.com/v5/public/linear");
        assertThat(BybitCategory.SPOT.url()).isEqualTo("wss://stream.bybit.com/v5/public/spot");
        assertThat(options.toString()).contains("stream.bybit.com").contains("/v5/public/linear");
        assertThat(spot.defaultOptions().toString()).contains("/v5/public/spot");
        assertThat(linear.name()).isEqualTo("bybit");
        assertThat(spot.name()).isEqualTo("bybit-spot");
        assertThat(linear.silenceDetectionBoundMs()).isEqualTo(30_000L);
        final AppHeartbeat heartbeat = linear.connectionHandler().appHeartbeat();
        assertThat(heartbeat.intervalMs()).isEqualTo(20_000L);
        assertThat(heartbeat.deadlineMs()).isEqualTo(10_000L);
    }

    @Test
    void shouldKeepSpotWithinTenArgsPerRequest()
    {
        assertThat(BybitAdapter.builder().category(BybitCategory.SPOT).build().argsPerRequest()).isEqualTo(10);
        assertThat(BybitAdapter.builder().build().argsPerRequest()).isEqualTo(50);
        assertThat(BybitAdapter.builder().category(BybitCategory.SPOT).build().subscriptionHandler()
            .maxChannelsPerRequest()).isEqualTo(10);
        assertThatThrownBy(() -> BybitAdapter.builder().category(BybitCategory.SPOT).argsPerRequest(11).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 10");
        assertThatThrownBy(() -> BybitAdapter.builder().argsPerRequest(0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
