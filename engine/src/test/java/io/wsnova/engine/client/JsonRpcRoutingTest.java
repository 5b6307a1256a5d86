package io.wsnova.engine.client;

import io.wsnova.codec.json.Decimal;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Adapter;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.FaultCounters;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.jsonrpc.ChannelHandler;
import io.wsnova.engine.jsonrpc.JsonRpcMessageHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.JsonRpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON-RPC base message behaviour over a real connection: notifications routed by channel prefix (also when
 * {@code data} comes before {@code channel}), unknown channels delivered raw, heartbeats answered through the
 * message context, malformed messages counted without losing the valid ones around them.
 */
@Timeout(30)
class JsonRpcRoutingTest
{
    private static final long WAIT_MS = 5_000;
    private static final byte[] SEQ = "seq".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRICE = "price".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads seq and price from an object, a number as seq, or a string; records what it handled (allocates: a
     * test handler).
     */
    static final class Recording implements ChannelHandler
    {
        private final String name;
        private final BlockingQueue<String> delivered;
        private final Decimal price = new Decimal();
        private final StringBuilder text = new StringBuilder();
        private String channel;
        private long seq;

        Recording(final String name, final BlockingQueue<String> delivered)
        {
            this.name = name;
            this.delivered = delivered;
        }

        @Override
        public boolean decode(final JsonParser parser, final byte[] channel, final int offset, final int length)
        {
            this.channel = new String(channel, offset, length, StandardCharsets.UTF_8);
            seq = -1;
            price.setNull();
            text.setLength(0);
            final int token = parser.token();
            if (token == JsonParser.NUMBER)
            {
                seq = parser.readLong();
                return true;
            }
            if (token == JsonParser.STRING)
            {
                return parser.readString(text);
            }
            if (token != JsonParser.START_OBJECT)
            {
                return false;
            }
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(SEQ))
                {
                    parser.nextToken();
                    seq = parser.readLong();
                }
                else if (parser.nameEquals(PRICE))
                {
                    parser.nextToken();
                    parser.readDecimal(price);
                }
                else
                {
                    parser.skipValue();
                }
            }
            return !parser.hasError();
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            delivered.add(name + " " + channel + " seq=" + seq + (price.isNull() ? "" : " price=" + price) +
                (text.isEmpty() ? "" : " text=" + text));
        }
    }

    static final class VenueHandler extends JsonRpcMessageHandler
    {
        private final BlockingQueue<String> delivered;

        VenueHandler(final BlockingQueue<String> delivered)
        {
            this.delivered = delivered;
            route("ticker.", new Recording("ticker", delivered));
            route("book.", new Recording("book", delivered));
        }

        @Override
        protected void onHeartbeat(final InboundMessage message, final MessageContext context)
        {
            delivered.add("heartbeat on " + context.connection().id() + " sent " + context.request("public/test",
                null));
        }

        @Override
        protected void onUnknownChannel(final InboundMessage message, final MessageContext context)
        {
            delivered.add("unknown " + message.asString());
        }
    }

    private static Adapter venue(final BlockingQueue<String> delivered)
    {
        return new Adapter()
        {
            @Override
            public NovaOptions defaultOptions()
            {
                return NovaOptions.builder().secure(false).keepalive(0, 0).build();
            }

            @Override
            public MessageHandler messageHandler()
            {
                return new VenueHandler(delivered);
            }
        };
    }

    private static String notification(final String channel, final String data)
    {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"" + channel +
            "\",\"data\":" + data + "}}";
    }

    @Test
    void shouldRouteHandleAndCountEveryKindOfMessageInOrder() throws Exception
    {
        final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.rpc(request -> "fail".equals(request.method()) ?
            JsonRpc.error(request.id(), 10009, "not_enough_funds") : JsonRpc.standard(request));
            Connection connection = Nova.connectBlocking(venue(delivered),
                NovaOptions.builder().url(server.url()).build()))
        {
            final FaultCounters faults = connection.faultCounters();
            final String unknown = notification("trades.Z", "[{\"id\":1}]");
            final String announcement = "{\"jsonrpc\":\"2.0\",\"method\":\"announcement\",\"params\":{\"x\":1}}";
            final List<String> stream = List.of(
                notification("ticker.BTC", "{\"seq\":1,\"price\":36442.5,\"extra\":{\"a\":[1,2]}}"),
                "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"data\":{\"price\":0.25,\"seq\":2}," +
                    "\"channel\":\"ticker.ETH\"}}",
                notification("book.X.100ms", "{\"seq\":3}"),
                unknown,
                "not json",
                "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"channel\":\"ticker.BTC\",\"data\":" +
                    "{\"seq\":4,",
                "[1,2]",
                "{\"params\":{\"data\":42,\"channel\":\"ticker.NUM\"},\"method\":\"subscription\",\"jsonrpc\":\"2.0\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"data\":\"a\\\"b\",\"channel\":" +
                    "\"ticker.STR\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"subscription\",\"params\":{\"data\":{\"seq\":5},\"channel\":" +
                    "\"nobody.routes.this\"}}",
                notification("ticker.BTC", "{\"seq\":6,\"price\":36443}"),
                announcement);

            for (final String message : stream)
            {
                server.push(message);
            }

            final List<String> expected = List.of(
                "ticker ticker.BTC seq=1 price=36442.5",
                "ticker ticker.ETH seq=2 price=0.25",
                "book book.X.100ms seq=3",
                "unknown " + unknown,
                "heartbeat on " + connection.id() + " sent 1",
                "ticker ticker.NUM seq=42",
                "ticker ticker.STR seq=-1 text=a\"b",
                "unknown " + stream.get(10),
                "ticker ticker.BTC seq=6 price=36443",
                "unknown " + announcement);
            final List<String> got = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++)
            {
                final String next = delivered.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                assertThat(next).as("message %d of %s; so far %s", i, expected, got).isNotNull();
                got.add(next);
            }
            assertThat(got).containsExactlyElementsOf(expected);
            assertThat(faults.malformedMessages().get()).isEqualTo(3);

            final TestServer.Request answer = server.next("public/test", WAIT_MS);
            assertThat(answer.text()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/test\"," +
                "\"params\":{}}");
            final Response time = connection.request("public/get_time", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(time.id()).isEqualTo(2);
            final Response refused = connection.request("fail", null).get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(refused.isError()).isTrue();
            assertThat(refused.errorCode()).isEqualTo(10009);
            assertThat(refused.errorMessage()).isEqualTo("not_enough_funds");
            assertThat(faults.lateResponses().get()).as("the heartbeat answer's response is matched").isZero();
            assertThat(delivered).isEmpty();
        }
    }
}
