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
import java.util.concurrent.atomic.AtomicLong;

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

    /**
     * The RecordReplayTest flake: live, the confirmation of a subscribe was printed (by the client's event thread)
     * before the book message whose gap made the client resubscribe; on a loaded machine the replaying client's
     * event thread handled the confirmation only after the resubscribe had overtaken it, so the replay printed one
     * "subscribed" line fewer. A message recorded after a status line is now sent only once the replay printed it.
     */
    @Test
    void shouldHoldAMessageUntilTheReplayPrintedTheStatusLinesPrintedBeforeItLive() throws Exception
    {
        final AtomicLong printed = new AtomicLong();
        final List<ReplayServer.Message> messages = List.of(
            new ReplayServer.Message(false, "{\"answer\":1}".getBytes(StandardCharsets.UTF_8), 1, 0, 0),
            new ReplayServer.Message(false, "{\"gap\":2}".getBytes(StandardCharsets.UTF_8), 2, 0, 2));
        final ReplayServer server = new ReplayServer(
            List.of(new ReplayServer.Segment(0, messages, null, 0, 0, List.of(), 0)), false, printed::get);
        final int port = server.startAndAwait();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final WebSocket ws = connect(port, received);
        try
        {
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"answer\":1}");
            printed.set(1);
            assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("sent before the replay printed 2 lines")
                .isNull();
            printed.set(2);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"gap\":2}");
            assertThat(server.lineGateTimeouts()).isZero();
        }
        finally
        {
            ws.abort();
            server.stop(1000);
        }
    }

    private static void thenAnswers(final List<String> liveRequests, final List<String> recordedAnswers,
        final List<String> replayRequests, final List<String> expectedAnswers) throws Exception
    {
        final List<ReplayServer.Message> messages = recordedAnswers.stream()
            .map(a -> new ReplayServer.Message(false, a.getBytes(StandardCharsets.UTF_8), 1, liveRequests.size(),
                0))
            .toList();
        final ReplayServer server = new ReplayServer(
            List.of(new ReplayServer.Segment(0, messages, null, 0, 0, liveRequests, 0)), false, () -> 0L);
        final int port = server.startAndAwait();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final WebSocket ws = connect(port, received);
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

    /** A JDK WebSocket client that queues each whole text message it receives. */
    static WebSocket connect(final int port, final BlockingQueue<String> received) throws Exception
    {
        return HttpClient.newHttpClient().newWebSocketBuilder()
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
    }
}
