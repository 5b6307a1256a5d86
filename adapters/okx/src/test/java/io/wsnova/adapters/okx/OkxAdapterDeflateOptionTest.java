package io.wsnova.adapters.okx;

import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OkxAdapter.Builder#permessageDeflate(boolean)}: the offer is in the adapter's option layer when asked
 * and only then, and the user's own options still override that layer.
 */
class OkxAdapterDeflateOptionTest
{
    @Test
    void shouldPutTheOfferIntoDefaultOptionsWhenAsked()
    {
        final NovaOptions options = OkxAdapter.builder().permessageDeflate(true).build().defaultOptions();

        assertThat(options.isSet(Option.PERMESSAGE_DEFLATE)).isTrue();
        assertThat(options.get(Option.PERMESSAGE_DEFLATE)).isTrue();
    }

    @Test
    void shouldLeaveTheOfferOutByDefaultAndWhenTurnedOff()
    {
        assertThat(OkxAdapter.builder().build().defaultOptions().isSet(Option.PERMESSAGE_DEFLATE)).isFalse();
        assertThat(OkxAdapter.builder().permessageDeflate(true).permessageDeflate(false).build().defaultOptions()
            .isSet(Option.PERMESSAGE_DEFLATE)).isFalse();
        assertThat(NovaOptions.resolve(NovaOptions.empty(), OkxAdapter.builder().build().defaultOptions())
            .get(Option.PERMESSAGE_DEFLATE)).isFalse();
    }

    @Test
    void shouldLetTheUsersOptionsOverrideTheAdaptersLayer()
    {
        final NovaOptions adapterLayer = OkxAdapter.builder().permessageDeflate(true).build().defaultOptions();
        final NovaOptions user = NovaOptions.builder().perMessageDeflate(false).build();

        assertThat(NovaOptions.resolve(user, adapterLayer).get(Option.PERMESSAGE_DEFLATE)).isFalse();
        assertThat(NovaOptions.resolve(NovaOptions.empty(), adapterLayer).get(Option.PERMESSAGE_DEFLATE)).isTrue();
    }
}
