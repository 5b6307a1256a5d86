package io.wsnova.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay server answers each request the replaying client sends by the client's own request id, matched on the
 * request's content: two requests sent from two threads at once may get their ids in another order than live.
 */
class ReplayServerTest
{
    @Test
    void shouldAnswerEachRequestByTheReplayClientsIdWhenTheIdsWereAssignedInAnotherOrder() throws Exception
    {
        thenAnswers(
            List.of("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":30}}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"public/subscribe\",\"params\":{\"channels\":[\"a\"]}}"),
            List.of("{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":\"ok\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":[\"a\"]}"),
            List.of("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"public/subscribe\",\"params\":{\"channels\":[\"a\"]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":30}}"),
            List.of("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"ok\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":[\"a\"]}"));
    }

    @Test
    void shouldAnswerBybitRequestsByTheirReqIdAndSameContentRequestsInOrder() throws Exception
    {
        thenAnswers(
            List.of("{\"req_id\":\"5\",\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}",
                "{\"req_id\":\"6\",\"op\":\"subscribe\",\"args\":[\"publicTrade.BTCUSDT\"]}",
                "{\"req_id\":\"7\",\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}"),
            List.of("{\"success\":true,\"conn_id\":\"c\",\"req_id\":\"5\",\"op\":\"subscribe\"}",
                "{\"success\":true,\"conn_id\":\"c\",\"req_id\":\"6\",\"op\":\"subscribe\"}",
                "{\"success\":true,\"conn_id\":\"c\",\"req_id\":\"7\",\"op\":\"subscribe\"}"),
            List.of("{\"req_id\":\"5\",\"op\":\"subscribe\",\"args\":[\"publicTrade.BTCUSDT\"]}",
                "{\"req_id\":\"6\",\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}",
                "{\"req_id\":\"7\",\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}"),
            List.of("{\"success\":true,\"conn_id\":\"c\",\"req_id\":\"6\",\"op\":\"subscribe\"}",
                "{\"success\":true,\"conn_id\":\"c\",\"req_id\":\"5\",\"op\":\"subscribe\"}",
                "{\"success\":true,\"conn_id\":\"c\",\"req_id\":\"7\",\"op\":\"subscribe\"}"));
    }

    private static void thenAnswers(final List<String> liveRequests, final List<String> recordedAnswers,
        final List<String> replayRequests, final List<String> expectedAnswers) throws Exception
    {
        final List<ReplayServer.Message> messages = recordedAnswers.stream()
            .map(a -> new ReplayServer.Message(false, a.getBytes(StandardCharsets.UTF_8), 1, liveRequests.size()))
            .toList();
        final ReplayServer server = new ReplayServer(
            List.of(new ReplayServer.Segment(0, messages, null, 0, 0, liveRequests, 0)), false, () -> 0L);
        final int port = server.startAndAwait();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), new WebSocket.Listener()
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
        try
        {
            for (final String request : replayRequests)
            {
                ws.sendText(request, true).get(10, TimeUnit.SECONDS);
            }
            for (final String expected : expectedAnswers)
            {
                assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(expected);
            }
            assertThat(server.unmatchedAnswers()).isZero();
        }
        finally
        {
            ws.abort();
            server.stop(1000);
        }
    }
}
