package io.wsnova.engine.transport;

import io.wsnova.engine.api.WebSocketHandler;
import org.agrona.DirectBuffer;

/**
 * The {@code INLINE} pipeline: the handler runs on the reader thread, straight from the receive buffer.
 */
final class InlineSink implements MessageSink
{
    private final WebSocketSession session;
    private final WebSocketHandler handler;

    InlineSink(final WebSocketSession session)
    {
        this.session = session;
        this.handler = session.handler;
    }

    @Override
    public void onMessage(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        handler.onMessage(session, type, buffer, offset, length);
    }

    @Override
    public void start()
    {
    }

    @Override
    public void close()
    {
    }
}
