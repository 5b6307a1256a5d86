package io.wsnova.adapters.bybit;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BybitAdapter.Builder#permessageDeflate(boolean)}: the offer is in the adapter's option layer when asked
 * and only then, and the user's own options still override that layer.
 */
class BybitAdapterDeflateOptionTest
{
    @Test
    void shouldPutTheOfferIntoDefaultOptionsWhenAsked()
    {
        final NovaOptions options = BybitAdapter.builder().permessageDeflate(true).build().defaultOptions();

        assertThat(options.isSet(Option.PERMESSAGE_DEFLATE)).isTrue();
        assertThat(options.get(Option.PERMESSAGE_DEFLATE)).isTrue();
    }

    @Test
    void shouldLeaveTheOfferOutByDefaultAndWhenTurnedOff()
    {
        assertThat(BybitAdapter.builder().build().defaultOptions().isSet(Option.PERMESSAGE_DEFLATE)).isFalse();
        assertThat(BybitAdapter.builder().permessageDeflate(true).permessageDeflate(false).build().defaultOptions()
            .isSet(Option.PERMESSAGE_DEFLATE)).isFalse();
        assertThat(NovaOptions.resolve(NovaOptions.empty(), BybitAdapter.builder().build().defaultOptions())
            .get(Option.PERMESSAGE_DEFLATE)).isFalse();
    }

    @Test
    void shouldLetTheUsersOptionsOverrideTheAdaptersLayer()
    {
        final NovaOptions adapterLayer = BybitAdapter.builder().permessageDeflate(true).build().defaultOptions();
        final NovaOptions user = NovaOptions.builder().perMessageDeflate(false).build();

        assertThat(NovaOptions.resolve(user, adapterLayer).get(Option.PERMESSAGE_DEFLATE)).isFalse();
        assertThat(NovaOptions.resolve(NovaOptions.empty(), adapterLayer).get(Option.PERMESSAGE_DEFLATE)).isTrue();
    }
}
