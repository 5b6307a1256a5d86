package io.wsnova.benchmarks.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code java.net.http} WebSocket: {@code HttpClient.newHttpClient()} (default executor), a
 * {@link WebSocket.Listener} that requests one message at a time as the API intends, and joins partial text into
 * one {@code String} when the library delivers a message in parts.
 */
final class JdkPeer implements RigClient
{
    private HttpClient httpClient;
    private WebSocket webSocket;

    @Override
    public void connect(final URI uri, final LatencyRecorder recorder, final boolean decode) throws Exception
    {
        httpClient = HttpClient.newHttpClient();
        webSocket = httpClient.newWebSocketBuilder()
            .buildAsync(uri, new Listener(recorder, decode ? new JacksonTicker(recorder.trade()) : null))
            .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception
    {
        if (webSocket != null && !webSocket.isOutputClosed())
        {
            try
            {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            }
            catch (final ExecutionException ex)
            {
                // the server's close raced ours and the JDK already answered it: closed either way
            }
        }
        if (httpClient != null)
        {
            httpClient.shutdownNow();
        }
    }

    @Override
    public String configuration()
    {
        return "java.net.http.HttpClient.newHttpClient() defaults; WebSocket.Listener.onText(CharSequence, last), " +
            "request(1) per message, parts joined in a StringBuilder; decode variant: Jackson " +
            "ObjectReader.readValue(text.toString())";
    }

    private static final class Listener implements WebSocket.Listener
    {
        private final LatencyRecorder recorder;
        private final JacksonTicker jackson;
        private final StringBuilder parts = new StringBuilder(1024);

        Listener(final LatencyRecorder recorder, final JacksonTicker jackson)
        {
            this.recorder = recorder;
            this.jackson = jackson;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            if (!last)
            {
                parts.append(data);
            }
            else if (parts.isEmpty())
            {
                onMessage(data);
            }
            else
            {
                parts.append(data);
                onMessage(parts);
                parts.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void onMessage(final CharSequence text)
        {
            final long intendedNs = TickerMessage.nanos(text, recorder.intendedOffset());
            final long sentNs = TickerMessage.nanos(text, recorder.sentOffset());
            if (jackson != null && !jackson.decode(text.toString()))
            {
                recorder.onDecodeFailure();
            }
            recorder.record(intendedNs, sentNs, System.nanoTime());
        }
    }
}
