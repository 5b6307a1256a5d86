package io.wsnova.engine.testing;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.WebSocket;
import io.wsnova.engine.api.WebSocketHandler;
import org.agrona.DirectBuffer;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records every message (copied) and the close status; for tests only (it allocates per message).
 */
public class RecordingHandler implements WebSocketHandler
{
    /**
     * A received message.
     *
     * @param type    TEXT or BINARY.
     * @param payload a copy of the payload.
     */
    public record Message(int type, byte[] payload)
    {
        public String text()
        {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final BlockingQueue<Long> pongs = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(
        final WebSocket webSocket, final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        messages.add(new Message(type, copy));
    }

    @Override
    public void onPong(final WebSocket webSocket, final long roundTripNs)
    {
        pongs.add(roundTripNs);
    }

    @Override
    public void onClose(final WebSocket webSocket, final CloseStatus status)
    {
        closed.complete(status);
    }

    public Message next(final long timeoutMs) throws InterruptedException
    {
        final Message message = messages.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (message == null)
        {
            throw new AssertionError("no message within " + timeoutMs + " ms");
        }
        return message;
    }

    public Message poll()
    {
        return messages.poll();
    }

    public int pending()
    {
        return messages.size();
    }

    public long nextPong(final long timeoutMs) throws InterruptedException
    {
        final Long rtt = pongs.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (rtt == null)
        {
            throw new AssertionError("no pong within " + timeoutMs + " ms");
        }
        return rtt;
    }

    public CloseStatus awaitClose(final long timeoutMs) throws Exception
    {
        return closed.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    public boolean isClosed()
    {
        return closed.isDone();
    }
}
