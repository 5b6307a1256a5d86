package io.wsnova.adapters.deribit;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.AuthHandler;
import io.wsnova.engine.behaviour.MessageHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Valid JSON with escaped strings (RFC 8259 section 7, what the mock's STRING_ESCAPES hostile mode sends): every
 * character of every key and string value written as a backslash-u escape changes nothing the adapter does.
 */
class DeribitEscapedStringsTest
{
    private static final String TEST_REQUEST =
        "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}";

    /** Writes every character inside every string (keys included) of a JSON text without escapes as an escape. */
    static String escapeAll(final String json)
    {
        final StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (c == '"')
            {
                inString = !inString;
                out.append(c);
            }
            else if (inString)
            {
                out.append(c == '/' ? "\\/" : String.format(i % 2 == 0 ? "\\u%04x" : "\\u%04X", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<String> run(final boolean escaped)
    {
        final DeribitHandlerHarness harness = new DeribitHandlerHarness();
        final List<String> kinds = new ArrayList<>();
        final String[] messages = {
            DeribitHandlerHarness.REFERENCE_SNAPSHOT, DeribitHandlerHarness.REFERENCE_CHANGE,
            DeribitHandlerHarness.REFERENCE_TRADES, DeribitHandlerHarness.QUOTE, DeribitClientTest.TICKER_NOTIFICATION,
            TEST_REQUEST};
        for (final String message : messages)
        {
            kinds.add(String.valueOf(harness.receive(escaped ? escapeAll(message) : message)));
        }
        final DeribitHandlerHarness.Recorder listener = harness.listener;
        kinds.add("books=" + listener.books + " checksum=" + listener.checksum + " trades=" + listener.trades +
            " quotes=" + listener.quotes + " raw=" + listener.raw.size() + " resyncs=" + listener.resyncs +
            " statuses=" + listener.statuses + " requests=" + harness.context.requests +
            " testRequests=" + harness.handler.testRequestsAnswered() +
            " book=" + DeribitHandlerHarness.levels(harness.book().bids(), 5) +
            DeribitHandlerHarness.levels(harness.book().asks(), 5));
        return kinds;
    }

    @Test
    void shouldRouteDecodeAndAnswerHeartbeatsWhenEveryStringIsEscaped()
    {
        final List<String> plain = run(false);
        assertThat(plain.get(plain.size() - 1)).contains("tradeSeq=30289442").contains("raw=0")
            .contains("requests=[public/test]");
        assertThat(run(true)).isEqualTo(plain);
    }

    @Test
    void shouldReadAuthResultWhenKeysAndTokensAreEscaped()
    {
        final String json = "{\"jsonrpc\":\"2.0\",\"id\":9929,\"result\":{\"access_token\":\"acc/ess\"," +
            "\"expires_in\":31536000,\"refresh_token\":\"refresh\",\"token_type\":\"bearer\"}}";
        final DeribitAuthHandler handler = new DeribitAuthHandler(DeribitAuthHandler.Grant.CLIENT_CREDENTIALS);

        final AuthHandler.AuthResult result = handler.onAuthResponse(response(escapeAll(json)));

        assertThat(result.success()).isTrue();
        assertThat(handler.accessToken()).isEqualTo("acc/ess");
        assertThat(result.refreshToken()).isEqualTo("refresh");
        assertThat(result.expiresInMs()).isEqualTo(31_536_000_000L);
    }

    @Test
    void shouldConfirmSubscribeWhenResultChannelsAreEscaped()
    {
        final String json = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":[\"book.BTC-PERPETUAL.100ms\"," +
            "\"ticker.BTC-PERPETUAL.100ms\"]}";

        assertThat(DeribitSubscriptionHandler.INSTANCE.isConfirmed("ticker.BTC-PERPETUAL.100ms",
            response(escapeAll(json)))).isTrue();
        assertThat(DeribitSubscriptionHandler.INSTANCE.isConfirmed("trades.BTC-PERPETUAL.100ms",
            response(escapeAll(json)))).isFalse();
    }

    @Test
    void shouldClassifyEscapedHeartbeatAsHeartbeat()
    {
        final DeribitHandlerHarness harness = new DeribitHandlerHarness();
        assertThat(harness.receive(escapeAll(TEST_REQUEST))).isEqualTo(MessageHandler.KIND_HEARTBEAT);
        assertThat(harness.context.requests).containsExactly("public/test");
    }

    private static Response response(final String json)
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Response.fromJson(1, new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
