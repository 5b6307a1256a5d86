package io.wsnova.benchmarks.e2e;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Java-WebSocket ({@code org.java-websocket}): its {@link WebSocketClient} with default settings, messages
 * received as {@code onMessage(String)} on its read thread.
 */
final class JavaWebSocketPeer implements RigClient
{
    private Client client;

    @Override
    public void connect(final URI uri, final LatencyRecorder recorder, final boolean decode) throws Exception
    {
        client = new Client(uri, recorder, decode ? new JacksonTicker(recorder.trade()) : null);
        if (!client.connectBlocking(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("Java-WebSocket did not connect");
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        if (client != null)
        {
            client.closeBlocking();
        }
    }

    @Override
    public String configuration()
    {
        return "org.java_websocket.client.WebSocketClient, defaults (blocking socket, read thread + write " +
            "thread); onMessage(String); decode variant: Jackson ObjectReader.readValue(String)";
    }

    private static final class Client extends WebSocketClient
    {
        private final LatencyRecorder recorder;
        private final JacksonTicker jackson;

        Client(final URI uri, final LatencyRecorder recorder, final JacksonTicker jackson)
        {
            super(uri);
            this.recorder = recorder;
            this.jackson = jackson;
        }

        @Override
        public void onOpen(final ServerHandshake handshake)
        {
        }

        @Override
        public void onMessage(final String message)
        {
            final long intendedNs = TickerMessage.nanos(message, recorder.intendedOffset());
            final long sentNs = TickerMessage.nanos(message, recorder.sentOffset());
            if (jackson != null && !jackson.decode(message))
            {
                recorder.onDecodeFailure();
            }
            recorder.record(intendedNs, sentNs, System.nanoTime());
        }

        @Override
        public void onClose(final int code, final String reason, final boolean remote)
        {
        }

        @Override
        public void onError(final Exception ex)
        {
        }
    }
}
