package io.wsnova.adapters.okx;

import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.engine.api.JsonPayload;

import java.util.List;

/**
 * The {@code args} of an OKX subscribe or unsubscribe request, {@code [{"channel":"books","instId":"BTC-USDT"},...]},
 * built from channels written {@code channel:instId} ({@link OkxAdapter#channel(String, String)}); a channel
 * without {@code :} is sent as {@code {"channel":NAME}} (channels that take no instrument). The message handler
 * reads {@link #channels()} back when it encodes the request, to match the venue's per-channel answers.
 */
final class OkxArgs implements JsonPayload
{
    private final List<String> channels;
    private final boolean internal;

    OkxArgs(final List<String> channels)
    {
        this(channels, false);
    }

    OkxArgs(final List<String> channels, final boolean internal)
    {
        this.channels = List.copyOf(channels);
        this.internal = internal;
    }

    /**
     * Whether the adapter itself sent the request (a book's resync), not the engine's subscription registry.
     *
     * @return true for a resync.
     */
    boolean internal()
    {
        return internal;
    }

    List<String> channels()
    {
        return channels;
    }

    @Override
    public void writeTo(final JsonEncoder encoder)
    {
        encoder.startArray();
        for (int i = 0; i < channels.size(); i++)
        {
            final String channel = channels.get(i);
            final int colon = channel.indexOf(':');
            encoder.startObject().name("channel").string(colon < 0 ? channel : channel.substring(0, colon));
            if (colon >= 0)
            {
                encoder.name("instId").string(channel.substring(colon + 1));
            }
            encoder.endObject();
        }
        encoder.endArray();
    }

    @Override
    public String toString()
    {
        return "OkxArgs" + channels;
    }
}
