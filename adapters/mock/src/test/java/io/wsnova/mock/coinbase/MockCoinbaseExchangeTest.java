package io.wsnova.mock.coinbase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Coinbase mock speaks the protocol: ack then snapshot with consecutive {@code sequence_num}, an error for an
 * unknown product, and a {@code sequence_num} gap when messages are dropped. Driven by the JDK's WebSocket client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MockCoinbaseExchangeTest
{
    @Test
    void shouldAckSnapshotRefuseAndGap() throws Exception
    {
        try (MockCoinbaseExchange exchange = MockCoinbaseExchange.builder().heartbeatIntervalMs(0).build().start())
        {
            final BlockingQueue<String> received = new LinkedBlockingQueue<>();
            final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(exchange.uri(), new WebSocket.Listener()
                {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data,
                        final boolean last)
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
                }).get(10, TimeUnit.SECONDS);

            socket.sendText("{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"level2\"}", true)
                .get(10, TimeUnit.SECONDS);
            final String ack = received.poll(10, TimeUnit.SECONDS);
            final String snapshot = received.poll(10, TimeUnit.SECONDS);
            assertThat(ack).contains("\"channel\":\"subscriptions\"", "\"sequence_num\":0", "\"level2\":[\"BTC-USD\"]");
            assertThat(snapshot).contains("\"channel\":\"l2_data\"", "\"sequence_num\":1", "\"type\":\"snapshot\"");
            assertThat(exchange.bookAt(1, 1)).isEqualTo(exchange.book("BTC-USD"));

            socket.sendText("{\"type\":\"subscribe\",\"product_ids\":[\"NOPE-USD\"],\"channel\":\"level2\"}", true)
                .get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS))
                .isEqualTo("{\"type\":\"error\",\"message\":\"Failure to subscribe: unknown product_id NOPE-USD\"}");

            exchange.dropNextMessages(2);
            exchange.step(3);
            final String update = received.poll(10, TimeUnit.SECONDS);
            assertThat(update).contains("\"type\":\"update\"", "\"sequence_num\":4");
            socket.abort();
        }
    }
}
