package io.wsnova.engine.client;

import io.wsnova.codec.json.JsonEncoder;
import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.JsonPayload;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.behaviour.DefaultMessageHandler;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.engine.behaviour.MessageContext;
import io.wsnova.engine.behaviour.MessageHandler;
import io.wsnova.engine.behaviour.RequestIds;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.jsonrpc.JsonRpcMessageHandler;
import io.wsnova.engine.jsonrpc.TopicMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Await;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Request correlation with the venue's id type: string ids (Bybit's {@code req_id}) are matched when their text is
 * a pending request's id, and a response with any other id (non-numeric, a numeric string in another form, an id
 * never issued) is counted as unmatched and dropped, never as malformed; a late string-id response is counted late.
 */
@Timeout(60)
class StringRequestIdTest
{
    private static final long WAIT_MS = 10_000;
    private static final Pattern REQ_ID = Pattern.compile("\"req_id\"\\s*:\\s*\"([^\"]*)\"");

    /**
     * A Bybit-style handler: requests {@code {"req_id":"7","op":"subscribe","args":...}}, responses
     * {@code {"success":true,"ret_msg":"","req_id":"7","op":"subscribe"}} in any key order.
     */
    static final class BybitStyleHandler implements MessageHandler
    {
        private static final byte[] REQ_ID_NAME = "req_id".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] OP = "op".getBytes(StandardCharsets.US_ASCII);
        private final JsonParser parser = new JsonParser();
        private final StringBuilder idText = new StringBuilder(RequestIds.MAX_DIGITS);
        private long id;
        private boolean response;
        long data;

        @Override
        public boolean decode(final InboundMessage message)
        {
            id = NO_ID;
            response = false;
            boolean hasOp = false;
            if (parser.wrap(message.buffer(), message.offset(), message.length()) != JsonParser.ERROR_NONE ||
                parser.nextToken() != JsonParser.START_OBJECT)
            {
                return false;
            }
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(REQ_ID_NAME) && parser.nextToken() == JsonParser.STRING)
                {
                    response = true;
                    id = RequestIds.parse(parser.buffer(), parser.tokenOffset(), parser.stringLength());
                }
                else
                {
                    hasOp |= parser.nameEquals(OP);
                    parser.skipValue();
                }
            }
            response &= hasOp;
            return !parser.hasError();
        }

        @Override
        public int classify(final InboundMessage message)
        {
            return response ? KIND_RESPONSE : KIND_DATA;
        }

        @Override
        public long responseId(final InboundMessage message)
        {
            return id;
        }

        @Override
        public void handle(final InboundMessage message, final MessageContext context)
        {
            data++;
        }

        @Override
        public void encodeRequest(
            final long id, final String method, final JsonPayload params, final JsonEncoder encoder)
        {
            idText.setLength(0);
            encoder.startObject().name("req_id").string(idText.append(id)).name("op").string(method)
                .name("args").startArray().endArray().endObject();
        }
    }

    private static Connection connect(final TestServer server, final MessageHandler handler, final long timeoutMs)
    {
        return Nova.connectBlocking(Tagged.defaultsAdapter(), NovaOptions.builder().url(server.url())
            .requestTimeoutMs(timeoutMs).messageHandler(handler).build());
    }

    private static String reqId(final TestServer.Request request)
    {
        final Matcher matcher = REQ_ID.matcher(request.text());
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String bybitAnswer(final String reqId)
    {
        return "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"c1\",\"req_id\":\"" + reqId +
            "\",\"op\":\"subscribe\"}";
    }

    /**
     * The same venue through the engine's plain-JSON decoder: only the request shape is the adapter's.
     */
    static final class BybitTopicHandler extends TopicMessageHandler
    {
        private final StringBuilder idText = new StringBuilder(RequestIds.MAX_DIGITS);

        BybitTopicHandler()
        {
            super("topic", "data", "req_id");
        }

        @Override
        public void encodeRequest(
            final long id, final String method, final JsonPayload params, final JsonEncoder encoder)
        {
            idText.setLength(0);
            encoder.startObject().name("req_id").string(idText.append(id)).name("op").string(method)
                .name("args").startArray().endArray().endObject();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"handwritten", "TopicMessageHandler"})
    void shouldMatchBybitStyleStringIdsAndIgnoreForeignOnesWithoutCallingThemMalformed(final String decoder)
        throws Exception
    {
        final BybitStyleHandler handwritten = new BybitStyleHandler();
        final BybitTopicHandler topic = new BybitTopicHandler();
        final MessageHandler handler = "handwritten".equals(decoder) ? handwritten : topic;
        try (TestServer server = TestServer.rpc(request -> null);
            Connection connection = connect(server, handler, WAIT_MS))
        {
            final ClientConnection client = (ClientConnection)connection;
            final CompletableFuture<Response> first = connection.request("subscribe", null, Operation.SUBSCRIBE);
            final TestServer.Request sent = server.next(WAIT_MS);
            final String id = reqId(sent);
            assertThat(id).as("the engine's id as the venue's string").matches("[1-9][0-9]*");
            // Foreign ids first: a user's own req_id, Bybit's empty one, numeric strings in another form.
            for (final String foreign : new String[]{"my-own-id", "", "0" + id, "+" + id, " " + id, id + ".0",
                "99999999999999999999"})
            {
                sent.reply(bybitAnswer(foreign));
            }
            sent.reply(bybitAnswer(id));
            final Response response = first.get(WAIT_MS, TimeUnit.MILLISECONDS);
            assertThat(response.json()).contains("\"req_id\":\"" + id + "\"");
            assertThat(client.lateResponses()).as("unmatched, counted").isEqualTo(7);
            assertThat(client.malformedMessages()).as("never malformed").isZero();
            assertThat(handwritten.data + topic.unknownTopicMessages()).as("never delivered as data").isZero();
            assertThat(connection.status()).isEqualTo(io.wsnova.engine.api.ConnectionStatus.CONNECTED);
        }
    }

    @Test
    void shouldCountALateStringIdResponseAsLateAndNeverCompleteAnotherRequest() throws Exception
    {
        final BybitStyleHandler handler = new BybitStyleHandler();
        try (TestServer server = TestServer.rpc(request -> null);
            Connection connection = connect(server, handler, 200))
        {
            final ClientConnection client = (ClientConnection)connection;
            final CompletableFuture<Response> timedOut = connection.request("subscribe", null, Operation.SUBSCRIBE);
            final TestServer.Request first = server.next(WAIT_MS);
            final Throwable thrown = catchThrowable(() -> timedOut.get(WAIT_MS, TimeUnit.MILLISECONDS));
            assertThat(thrown).isInstanceOf(ExecutionException.class);
            assertThat(((RequestException)thrown.getCause()).kind()).isEqualTo(RequestException.Kind.TIMEOUT);

            final CompletableFuture<Response> second = connection.request("subscribe", null, Operation.SUBSCRIBE);
            final TestServer.Request secondSent = server.next(WAIT_MS);
            first.reply(bybitAnswer(reqId(first)));
            Await.until(() -> client.lateResponses() == 1, WAIT_MS, "the late answer counted");
            assertThat(second).as("the late answer completes nothing else").isNotDone();
            secondSent.reply(bybitAnswer(reqId(secondSent)));
            assertThat(second.get(WAIT_MS, TimeUnit.MILLISECONDS).json()).contains(reqId(secondSent));
            assertThat(client.malformedMessages()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "jsonrpc"})
    void shouldMatchAStringIdInTheEnginesDefaultDecoders(final String decoder) throws Exception
    {
        final Supplier<MessageHandler> handler = "default".equals(decoder) ? DefaultMessageHandler::new :
            JsonRpcMessageHandler::new;
        try (TestServer server = TestServer.rpc(request -> null);
            Connection connection = connect(server, handler.get(), WAIT_MS))
        {
            final ClientConnection client = (ClientConnection)connection;
            final CompletableFuture<Response> future = connection.request("public/get_time", null,
                Operation.QUERY);
            final TestServer.Request sent = server.next(WAIT_MS);
            sent.reply("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"result\":1}");
            sent.reply("{\"jsonrpc\":\"2.0\",\"id\":\"0" + sent.id() + "\",\"result\":2}");
            sent.reply("{\"result\":3,\"jsonrpc\":\"2.0\",\"id\":\"" + sent.id() + "\"}");
            assertThat(future.get(WAIT_MS, TimeUnit.MILLISECONDS).resultJson()).isEqualTo("3");
            assertThat(client.lateResponses()).isEqualTo(2);
            assertThat(client.malformedMessages()).isZero();
        }
    }

    @Test
    void shouldParseOnlyTheCanonicalDecimalTextOfAPositiveLong()
    {
        final String[] rejected = {"", "0", "00", "01", "-1", "+1", " 1", "1 ", "1.0", "1e3", "abc", "١",
            "9223372036854775808", "99999999999999999999", "12345678901234567890"};
        for (final String text : rejected)
        {
            assertThat(parseBoth(text)).as("'" + text + "'").isEqualTo(MessageHandler.NO_ID);
        }
        assertThat(parseBoth("1")).isEqualTo(1L);
        assertThat(parseBoth("9223372036854775807")).isEqualTo(Long.MAX_VALUE);

        final long seed = Long.getLong("wsnova.seed", System.nanoTime());
        System.out.println("StringRequestIdTest seed " + seed + " (-Dwsnova.seed=" + seed + " replays)");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++)
        {
            final long id = random.nextLong(1, Long.MAX_VALUE);
            assertThat(parseBoth(Long.toString(id))).as("seed " + seed).isEqualTo(id);
            assertThat(parseBoth("0" + id)).as("seed " + seed).isEqualTo(MessageHandler.NO_ID);
        }
    }

    @Test
    void shouldCountAnIdNeverIssuedAsUnknownAndATimedOutOneAsLateOnly() throws Exception
    {
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try
        {
            final Requests requests = new Requests(Runnable::run, timer);
            final long id = requests.nextId();
            final CompletableFuture<Response> future = new CompletableFuture<>();
            requests.register(id, "m", Operation.QUERY, future, 50, () -> { });
            assertThat(requests.match(MessageHandler.NO_ID)).isNull();
            assertThat(requests.match(id + 1)).isNull();
            assertThat(requests.unknownResponses()).isEqualTo(2);
            Await.until(future::isDone, WAIT_MS, "timed out");
            assertThat(requests.match(id)).isNull();
            assertThat(requests.lateResponses().get()).isEqualTo(3);
            assertThat(requests.unknownResponses()).as("a timed-out id is late, not unknown").isEqualTo(2);
            assertThat(requests.inFlight()).isZero();
        }
        finally
        {
            timer.shutdownNow();
        }
    }

    private static long parseBoth(final String text)
    {
        final byte[] bytes = ("xx" + text).getBytes(StandardCharsets.UTF_8);
        final long fromBytes = RequestIds.parse(bytes, 2, bytes.length - 2);
        final long fromBuffer = RequestIds.parse(new UnsafeBuffer(bytes), 2, bytes.length - 2);
        assertThat(fromBuffer).isEqualTo(fromBytes);
        return fromBytes;
    }
}
