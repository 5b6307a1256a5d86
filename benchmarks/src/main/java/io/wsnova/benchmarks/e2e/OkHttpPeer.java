package io.wsnova.benchmarks.e2e;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * OkHttp's WebSocket: a default {@code OkHttpPeer}, {@code newWebSocket} with a {@link WebSocketListener}
 * receiving {@code onMessage(WebSocket, String)} on OkHttp's reader thread.
 */
final class OkHttpPeer implements RigClient
{
    private OkHttpClient client;
    private WebSocket webSocket;

    @Override
    public void connect(final URI uri, final LatencyRecorder recorder, final boolean decode) throws Exception
    {
        client = new OkHttpClient.Builder().build();
        final Listener listener = new Listener(recorder, decode ? new JacksonTicker(recorder.trade()) : null);
        webSocket = client.newWebSocket(new Request.Builder().url(uri.toString()).build(), listener);
        if (!listener.opened.await(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("OkHttp did not connect");
        }
    }

    @Override
    public void close()
    {
        if (webSocket != null)
        {
            webSocket.close(1000, null);
        }
        if (client != null)
        {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Override
    public String configuration()
    {
        return "okhttp3.OkHttpClient.Builder().build() defaults; WebSocketListener.onMessage(WebSocket, String); " +
            "decode variant: Jackson ObjectReader.readValue(String)";
    }

    private static final class Listener extends WebSocketListener
    {
        private final LatencyRecorder recorder;
        private final JacksonTicker jackson;
        private final CountDownLatch opened = new CountDownLatch(1);

        Listener(final LatencyRecorder recorder, final JacksonTicker jackson)
        {
            this.recorder = recorder;
            this.jackson = jackson;
        }

        @Override
        public void onOpen(final WebSocket webSocket, final Response response)
        {
            opened.countDown();
        }

        @Override
        public void onMessage(final WebSocket webSocket, final String text)
        {
            final long intendedNs = TickerMessage.nanos(text, recorder.intendedOffset());
            final long sentNs = TickerMessage.nanos(text, recorder.sentOffset());
            if (jackson != null && !jackson.decode(text))
            {
                recorder.onDecodeFailure();
            }
            recorder.record(intendedNs, sentNs, System.nanoTime());
        }
    }
}
