package io.wsnova.mock.deribit;

/**
 * One connection's subscription to one channel. A book subscription starts with {@link #snapshotPending} set:
 * its first notification is a snapshot, the generator clears the flag when it sends one.
 */
final class MockSubscription
{
    final MockSession session;
    final MockChannel channel;
    volatile boolean snapshotPending;

    MockSubscription(final MockSession session, final MockChannel channel)
    {
        this.session = session;
        this.channel = channel;
        this.snapshotPending = channel.kind == MockChannel.BOOK;
    }
}
