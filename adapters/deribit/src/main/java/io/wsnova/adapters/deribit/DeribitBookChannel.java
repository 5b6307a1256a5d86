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
 * the whole message has decoded. State changes (snapshot applied, gap, a notification that cannot be decoded or
 * applied) go to the connection's {@link DeribitBookLifecycle}, which reports them and runs the resync. A
 * notification that does not decode is dropped as malformed by the engine, but its book learns of it here: counted,
 * and for a book waiting for a snapshot, reported as an unapplicable snapshot. Message thread only;
 * allocation-free after warm-up (a new channel, a book deeper than ever before, and a book leaving its live state
 * allocate).
 */
final class DeribitBookChannel implements ChannelHandler
{
    private final DeribitMarketListener listener;
    private final DeribitBookLifecycle lifecycle;
    private final DeribitMarketBridge bridge;
    private final DeribitBookDecoder decoder = new DeribitBookDecoder();
    private final DeribitBookUpdate update = new DeribitBookUpdate();
    private DeribitOrderBook[] books = new DeribitOrderBook[4];
    private int bookCount;
    private DeribitOrderBook book;
    private boolean decoded;

    DeribitBookChannel(final DeribitMarketListener listener, final DeribitBookLifecycle lifecycle)
    {
        this(listener, lifecycle, null);
    }

    /**
     * A channel whose books carry the instrument ids of the normalized events.
     *
     * @param bridge the normalized events of the connection, which names each new book's instrument; null when
     *               the adapter has no market listener.
     */
    DeribitBookChannel(final DeribitMarketListener listener, final DeribitBookLifecycle lifecycle,
        final DeribitMarketBridge bridge)
    {
        this.listener = listener;
        this.lifecycle = lifecycle;
        this.bridge = bridge;
    }

    @Override
    public boolean decode(
        final JsonParser parser, final byte[] channel, final int channelOffset, final int channelLength)
    {
        final DeribitOrderBook book = bookOf(channel, channelOffset, channelLength);
        this.book = book;
        decoded = decoder.decode(parser, update);
        if (!decoded)
        {
            // The engine drops the message as malformed. A live book counts it: if it was a change of the stream,
            // the next change reveals the gap. A book waiting for a snapshot cannot tell whether this was the
            // snapshot: it reports and treats it as one that could not be applied, never waiting silently.
            if (book.undecodable() == DeribitOrderBook.INCONSISTENT)
            {
                lifecycle.onInconsistent(book, true);
            }
            return false;
        }
        return true;
    }

    @Override
    public void handle(final InboundMessage message, final MessageContext context)
    {
        if (!decoded)
        {
            // Handled without a decode of its own (the engine refuses such a notification): never apply the
            // previous update again, nor touch a book that was never decoded into.
            return;
        }
        decoded = false;
        final DeribitOrderBook book = this.book;
        final int outcome = book.apply(update, message.receivedNs());
        switch (outcome)
        {
            case DeribitOrderBook.APPLIED_SNAPSHOT ->
            {
                lifecycle.onSnapshotApplied(book);
                deliver(book, context);
            }
            case DeribitOrderBook.APPLIED_CHANGE -> deliver(book, context);
            case DeribitOrderBook.INCONSISTENT ->
            {
                if (book.lastResyncReason() == DeribitBookResync.CHANGE_ID_GAP)
                {
                    context.recordSequenceGap();
                }
                lifecycle.onInconsistent(book, update.isSnapshot());
            }
            default ->
            {
            }
        }
    }

    private void deliver(final DeribitOrderBook book, final MessageContext context)
    {
        if (!book.isStale())
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
        final String name = new String(channel, offset, length, StandardCharsets.UTF_8);
        final DeribitOrderBook created = bridge == null ? new DeribitOrderBook(name) :
            new DeribitOrderBook(name, bridge.venueId(), bridge.instrumentOfChannel(name));
        books[bookCount++] = created;
        lifecycle.add(created);
        return created;
    }
}
