package io.wsnova.benchmarks.e2e;

import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Jetty 12's WebSocket client ({@code jetty-websocket-jetty-client}) with default settings; an auto-demanding
 * {@link Session.Listener} receiving whole text messages as {@code onWebSocketText(String)}.
 */
final class JettyPeer implements RigClient
{
    private WebSocketClient client;
    private Session session;

    @Override
    public void connect(final URI uri, final LatencyRecorder recorder, final boolean decode) throws Exception
    {
        client = new WebSocketClient();
        client.start();
        session = client.connect(new Endpoint(recorder, decode ? new JacksonTicker(recorder.trade()) : null), uri)
            .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception
    {
        if (session != null)
        {
            session.close();
        }
        if (client != null)
        {
            client.stop();
        }
    }

    @Override
    public String configuration()
    {
        return "org.eclipse.jetty.websocket.client.WebSocketClient defaults (its HttpClient, QueuedThreadPool); " +
            "Session.Listener.AutoDemanding.onWebSocketText(String); decode variant: Jackson " +
            "ObjectReader.readValue(String)";
    }

    /** The endpoint; Jetty calls it for each whole text message. */
    public static final class Endpoint implements Session.Listener.AutoDemanding
    {
        private final LatencyRecorder recorder;
        private final JacksonTicker jackson;

        Endpoint(final LatencyRecorder recorder, final JacksonTicker jackson)
        {
            this.recorder = recorder;
            this.jackson = jackson;
        }

        @Override
        public void onWebSocketText(final String message)
        {
            final long intendedNs = TickerMessage.nanos(message, recorder.intendedOffset());
            final long sentNs = TickerMessage.nanos(message, recorder.sentOffset());
            if (jackson != null && !jackson.decode(message))
            {
                recorder.onDecodeFailure();
            }
            recorder.record(intendedNs, sentNs, System.nanoTime());
        }
    }
}
