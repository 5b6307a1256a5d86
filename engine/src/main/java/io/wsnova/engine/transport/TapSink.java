package io.wsnova.engine.transport;

import io.wsnova.engine.api.InboundTap;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * A {@link MessageSink} that shows every message to an {@link InboundTap} after handing it on. Installed by the
 * {@link Connector} only when a tap is set, so an untapped connection runs the plain sink. Allocates nothing per
 * message: two clock reads and one call.
 */
final class TapSink implements MessageSink
{
    private final MessageSink delegate;
    private final InboundTap tap;
    private final NanoClock clock;
    private final EpochNanoClock epochClock = new SystemEpochNanoClock();
    private final WebSocketSession session;

    TapSink(final MessageSink delegate, final InboundTap tap, final WebSocketSession session)
    {
        this.delegate = delegate;
        this.tap = tap;
        this.clock = session.clock;
        this.session = session;
    }

    @Override
    public void onMessage(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        final long monotonicNs = clock.nanoTime();
        final long epochNs = epochClock.nanoTime();
        final long framesSent = session.counters.messagesSent();
        try
        {
            delegate.onMessage(type, buffer, offset, length);
        }
        finally
        {
            tap.onMessage(type, buffer, offset, length, epochNs, monotonicNs, framesSent);
        }
    }

    @Override
    public int onReaderSpin(final long spunNs)
    {
        return delegate.onReaderSpin(spunNs);
    }

    @Override
    public void awaitHandler()
    {
        delegate.awaitHandler();
    }

    @Override
    public void start()
    {
        tap.onOpen(epochClock.nanoTime(), clock.nanoTime());
        delegate.start();
    }

    @Override
    public void close()
    {
        try
        {
            delegate.close();
        }
        finally
        {
            tap.onClose(epochClock.nanoTime(), clock.nanoTime());
        }
    }
}
