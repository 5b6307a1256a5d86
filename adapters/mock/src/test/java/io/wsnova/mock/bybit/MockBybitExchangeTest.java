package io.wsnova.mock.bybit;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock speaks Bybit's protocol to a client that is not wsnova (the JDK's WebSocket): the category's pong,
 * subscribe acks with the request's {@code req_id} followed by the snapshot, spot's 10-args refusal, an unknown
 * depth refused in the venue's words, and a 1008 close past the message limit.
 */
class MockBybitExchangeTest
{
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Integer> closes = new LinkedBlockingQueue<>();

    @Test
    void shouldAnswerPingsAndSubscribesInTheVenuesShapes() throws Exception
    {
        try (MockBybitExchange exchange = MockBybitExchange.builder().spot(true).build().start())
        {
            final WebSocket socket = connect(exchange);
            socket.sendText("{\"req_id\":\"100001\",\"op\":\"ping\"}", true).join();
            assertThat(next()).startsWith("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"").endsWith(
                "\"op\":\"ping\"}");

            socket.sendText("{\"req_id\":\"7\",\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}", true)
                .join();
            assertThat(next()).contains("\"success\":true", "\"req_id\":\"7\"", "\"op\":\"subscribe\"");
            assertThat(next()).startsWith("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\"");
            exchange.step(1);
            assertThat(next()).contains("\"type\":\"delta\"", "\"u\":2");

            socket.sendText("{\"req_id\":\"8\",\"op\":\"subscribe\",\"args\":[\"orderbook.40.ETHUSDT\"]}", true)
                .join();
            assertThat(next()).contains("\"success\":false", "error:handler not found,topic:orderbook.40.ETHUSDT",
                "\"req_id\":\"8\"");
            final String eleven = String.join(",", List.of("\"a1\"", "\"a2\"", "\"a3\"", "\"a4\"", "\"a5\"", "\"a6\"",
                "\"a7\"", "\"a8\"", "\"a9\"", "\"a10\"", "\"a11\""));
            socket.sendText("{\"req_id\":\"9\",\"op\":\"subscribe\",\"args\":[" + eleven + "]}", true).join();
            assertThat(next()).contains("\"success\":false", "args size >10");
            assertThat(exchange.subscriptions()).containsExactly(java.util.Set.of("orderbook.50.BTCUSDT"));
            socket.abort();
        }
    }

    @Test
    void shouldCloseWith1008PastTheMessageLimit() throws Exception
    {
        try (MockBybitExchange exchange = MockBybitExchange.builder().maxIncomingPerSecond(3).build().start())
        {
            final WebSocket socket = connect(exchange);
            for (int i = 0; i < 4; i++)
            {
                socket.sendText("{\"op\":\"ping\"}", true).join();
            }
            assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo(1008);
            assertThat(exchange.rateLimitCloses()).isEqualTo(1);
        }
    }

    private WebSocket connect(final MockBybitExchange exchange)
    {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(exchange.uri(), new WebSocket.Listener()
        {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
            {
                text.append(data);
                if (last)
                {
                    received.add(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
            {
                closes.add(statusCode);
                return null;
            }
        }).join();
    }

    private String next() throws InterruptedException
    {
        final String message = received.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("a message within 10 s").isNotNull();
        return message;
    }
}
