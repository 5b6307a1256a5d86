package io.wsnova.adapters.deribit;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.jsonrpc.ChannelHandler;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code book.*} notifications: finds the channel's {@link DeribitOrderBook} (created the first time the channel is
 * seen), decodes {@code data} into a staged {@link DeribitBookUpdate}, and applies it only in {@link #handle}, once
 * the whole message has decoded. A resync is reported to the listener and the channel subscribed afresh through
 * the connection. Message thread only; allocation-free after warm-up (a new channel, and a book deeper than ever
 * before, allocate).
 */
final class DeribitBookChannel implements ChannelHandler
{
    private final DeribitMarketListener listener;
    private final DeribitResubscriber resubscriber;
    private final DeribitBookDecoder decoder = new DeribitBookDecoder();
    private final DeribitBookUpdate update = new DeribitBookUpdate();
    private DeribitOrderBook[] books = new DeribitOrderBook[4];
    private int bookCount;
    private DeribitOrderBook book;

    DeribitBookChannel(final DeribitMarketListener listener, final DeribitResubscriber resubscriber)
    {
        this.listener = listener;
        this.resubscriber = resubscriber;
    }

    @Override
    public boolean decode(
        final JsonParser parser, final byte[] channel, final int channelOffset, final int channelLength)
    {
        book = bookOf(channel, channelOffset, channelLength);
        return decoder.decode(parser, update);
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        final DeribitOrderBook book = this.book;
        final DeribitBookResync resync = book.apply(update);
        if (resync != null)
        {
            if (resync == DeribitBookResync.CHANGE_ID_GAP)
            {
                context.recordSequenceGap();
            }
            listener.onResync(book, resync);
            resubscriber.resubscribe(context.connection(), book);
        }
        else if (!book.isStale())
        {
            context.recordVenueTimestampMs(book.timestampMs());
            listener.onBook(book);
        }
    }

    /**
     * The book of a channel, or null when no notification arrived on it yet.
     */
    DeribitOrderBook book(final String channel)
    {
        final byte[] bytes = channel.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bookCount; i++)
        {
            if (books[i].channelEquals(bytes, 0, bytes.length))
            {
                return books[i];
            }
        }
        return null;
    }

    private DeribitOrderBook bookOf(final byte[] channel, final int offset, final int length)
    {
        final DeribitOrderBook last = book;
        if (last != null && last.channelEquals(channel, offset, length))
        {
            return last;
        }
        for (int i = 0; i < bookCount; i++)
        {
            if (books[i].channelEquals(channel, offset, length))
            {
                return books[i];
            }
        }
        if (bookCount == books.length)
        {
            books = Arrays.copyOf(books, bookCount * 2);
        }
        final DeribitOrderBook created = new DeribitOrderBook(new String(channel, offset, length,
            StandardCharsets.UTF_8));
        books[bookCount++] = created;
        return created;
    }
}
