package io.wsnova.engine.behaviour;

import io.wsnova.codec.json.JsonParser;
import io.wsnova.engine.api.Operation;
import io.wsnova.engine.api.WebSocket;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An application-level heartbeat the engine runs for an adapter, declared by
 * {@link ConnectionHandler#appHeartbeat()}: every {@link #intervalMs()} the engine sends {@link #payload()} as a
 * text message, and when no inbound message that {@link #answer()} recognises arrives within {@link #deadlineMs()}
 * of that send, the connection is dead: it fails with
 * {@link io.wsnova.engine.api.DisconnectReason#HEARTBEAT_TIMEOUT} and the failure policy decides the reconnect,
 * exactly as for an unanswered WebSocket ping. The engine starts the heartbeat on every connect and reconnect and
 * stops it when the socket drops; answers are consumed (never reach the message handler) and counted.
 * <p>
 * Examples (one spec per connection: {@link ConnectionHandler#appHeartbeat()} is called once per connection, and a
 * matcher from {@link #jsonString} owns a parser):
 * <pre>{@code
 * // Bybit: {"op":"ping"} every 20 s; the answer is {"op":"pong",...} (private) or {"ret_msg":"pong",...} (public)
 * AppHeartbeat.builder().intervalMs(20_000).deadlineMs(10_000).text("{\"op\":\"ping\"}")
 *     .answer(AppHeartbeat.jsonString("op", "pong").or(AppHeartbeat.jsonString("ret_msg", "pong"))).build();
 * // OKX: the text "ping" when quiet, answered by the text "pong" within 30 s
 * AppHeartbeat.builder().intervalMs(20_000).deadlineMs(10_000).text("ping")
 *     .answer(AppHeartbeat.textEquals("pong")).build();
 * // Coinbase: nothing to send; a "heartbeats" channel message must arrive at least every 5 s
 * AppHeartbeat.builder().deadlineMs(5_000).answer(AppHeartbeat.jsonString("channel", "heartbeats"))
 *     .deliverAnswers(true).build();
 * }</pre>
 * The heartbeat is never refused by the rate limiter: a venue closes a connection whose heartbeat stops. It is
 * charged to the limiter only when {@link Builder#chargedAs(Operation)} says so (a venue that counts it).
 */
public final class AppHeartbeat
{
    /**
     * Default {@link #answerMaxLength()}: 16 KiB. The venues' documented answers are short (OKX {@code pong}: 4 B;
     * Bybit's four pong shapes: under 130 B; a Coinbase {@code heartbeats} message: about 250 B) but none of them
     * bounds its length, and a venue that adds fields must not have its answers ignored and its connection cut
     * as dead every interval (Bybit's pong grew past the former 512 B default). Longer messages are never checked.
     * The cost of a large default on market data stays bounded because the built-in matchers look at no more
     * than a short prefix: {@link #textEquals} compares the length first, {@link #jsonString} parses at most the
     * first {@link #ANSWER_PREFIX_LENGTH} bytes. Per inbound message that is one length compare plus, for a JSON
     * matcher, a copy and a top-level walk of at most 256 B (a few hundred ns at most, however long the message).
     */
    public static final int DEFAULT_ANSWER_MAX_LENGTH = 16 * 1024;

    /**
     * How many leading bytes of a message {@link #jsonString} examines: its member must start within them (every
     * venue's pong names itself in its first members: Bybit's {@code op}/{@code ret_msg} within the first 40 B,
     * Coinbase's {@code channel} first), which bounds the matcher's cost on long market-data messages.
     */
    public static final int ANSWER_PREFIX_LENGTH = 256;

    /**
     * Recognises the answer to a heartbeat among inbound messages. Runs on the message path (reader or handler
     * thread) for every message no longer than {@link #answerMaxLength()}: allocation-free, never blocks, and its
     * cost should not grow with the message (look at a short prefix, as the built-in matchers do).
     */
    @FunctionalInterface
    public interface AnswerMatcher
    {
        /**
         * Whether the message answers the heartbeat.
         *
         * @param message the message, valid during the call.
         * @return true when it is the answer.
         */
        boolean isAnswer(InboundMessage message);

        /**
         * A matcher that accepts what this one or {@code other} accepts.
         *
         * @param other the other matcher.
         * @return the combined matcher.
         */
        default AnswerMatcher or(final AnswerMatcher other)
        {
            Objects.requireNonNull(other, "other");
            return message -> isAnswer(message) || other.isAnswer(message);
        }
    }

    private final long intervalMs;
    private final long deadlineMs;
    private final WebSocket.PayloadWriter payload;
    private final AnswerMatcher answer;
    private final Operation chargedAs;
    private final boolean deliverAnswers;
    private final int answerMaxLength;

    private AppHeartbeat(final Builder builder)
    {
        this.intervalMs = builder.intervalMs;
        this.deadlineMs = builder.deadlineMs;
        this.payload = builder.payload;
        this.answer = builder.answer;
        this.chargedAs = builder.chargedAs;
        this.deliverAnswers = builder.deliverAnswers;
        this.answerMaxLength = builder.answerMaxLength;
    }

    /**
     * A builder.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * How often the heartbeat is sent, from each connect on (the first one an interval after the connect).
     *
     * @return milliseconds; 0 when nothing is sent (the venue sends its heartbeats on its own).
     */
    public long intervalMs()
    {
        return intervalMs;
    }

    /**
     * How long an answer may take: after each send; with nothing to send, the longest silence allowed between
     * two recognised messages (counted from the connect for the first).
     *
     * @return milliseconds, positive.
     */
    public long deadlineMs()
    {
        return deadlineMs;
    }

    /**
     * Writes the heartbeat's text into the send buffer (stored once, reused for every send).
     *
     * @return the writer, or null when nothing is sent.
     */
    public WebSocket.PayloadWriter payload()
    {
        return payload;
    }

    /**
     * Recognises answers.
     *
     * @return the matcher.
     */
    public AnswerMatcher answer()
    {
        return answer;
    }

    /**
     * What the heartbeat is charged to the rate limiter as (charged, never refused).
     *
     * @return the operation, or null when the limiter never sees it (the default).
     */
    public Operation chargedAs()
    {
        return chargedAs;
    }

    /**
     * Whether answers also go on to the message handler (a venue heartbeat that carries data, such as Coinbase's
     * counter) instead of being consumed.
     *
     * @return false by default: answers are consumed.
     */
    public boolean deliverAnswers()
    {
        return deliverAnswers;
    }

    /**
     * Inbound messages longer than this are never offered to the matcher.
     *
     * @return bytes.
     */
    public int answerMaxLength()
    {
        return answerMaxLength;
    }

    /**
     * A matcher for a text message whose bytes are exactly {@code text} (OKX's {@code pong}). Allocation-free and
     * stateless: may be shared.
     *
     * @param text the answer's exact text.
     * @return the matcher.
     */
    public static AnswerMatcher textEquals(final String text)
    {
        final byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        return message ->
        {
            if (message.type() != InboundMessage.TEXT || message.length() != expected.length)
            {
                return false;
            }
            final DirectBuffer buffer = message.buffer();
            final int offset = message.offset();
            for (int i = 0; i < expected.length; i++)
            {
                if (buffer.getByte(offset + i) != expected[i])
                {
                    return false;
                }
            }
            return true;
        };
    }

    /**
     * A matcher for a JSON object with a top-level string member {@code name} equal to {@code value}, in any key
     * order and with any other members ({@code {"success":true,"ret_msg":"pong","op":"ping"}} for
     * {@code ("ret_msg", "pong")}), the member starting within the first {@link #ANSWER_PREFIX_LENGTH} bytes (only
     * those are copied and parsed, so a long market-data message costs no more than a short one).
     * Allocation-free; it owns a parser, so use each instance on one connection only (build it in
     * {@link ConnectionHandler#appHeartbeat()}).
     *
     * @param name  the member name.
     * @param value the string value.
     * @return the matcher.
     */
    public static AnswerMatcher jsonString(final String name, final String value)
    {
        return jsonString(name, value, ANSWER_PREFIX_LENGTH);
    }

    /**
     * {@link #jsonString(String, String)} that looks at the first {@code prefixLength} bytes instead of
     * {@link #ANSWER_PREFIX_LENGTH}: for a venue whose answer may carry long members before the one that names it,
     * behind a cheaper filter that keeps market data away from the parse (its cost grows with the prefix).
     *
     * @param name         the member name.
     * @param value        the string value.
     * @param prefixLength how many leading bytes are copied and parsed, at least 2.
     * @return the matcher.
     */
    public static AnswerMatcher jsonString(final String name, final String value, final int prefixLength)
    {
        if (prefixLength < 2)
        {
            throw new IllegalArgumentException("prefixLength must be at least 2, was " + prefixLength);
        }
        final byte[] expectedName = name.getBytes(StandardCharsets.UTF_8);
        final byte[] expectedValue = value.getBytes(StandardCharsets.UTF_8);
        final JsonParser parser = new JsonParser();
        return message ->
        {
            final int length = Math.min(message.length(), prefixLength);
            if (message.type() != InboundMessage.TEXT ||
                parser.wrap(message.buffer(), message.offset(), length) != JsonParser.ERROR_NONE ||
                parser.nextToken() != JsonParser.START_OBJECT)
            {
                return false;
            }
            while (parser.nextToken() == JsonParser.FIELD_NAME)
            {
                if (parser.nameEquals(expectedName))
                {
                    // The closing quote must be the message's own, not the sentinel after a cut prefix.
                    return parser.nextToken() == JsonParser.STRING && parser.stringEquals(expectedValue) &&
                        parser.tokenOffset() + parser.tokenLength() < length;
                }
                parser.skipValue();
            }
            return false;
        };
    }

    /**
     * Builds an {@link AppHeartbeat}.
     */
    public static final class Builder
    {
        private long intervalMs;
        private long deadlineMs;
        private WebSocket.PayloadWriter payload;
        private AnswerMatcher answer;
        private Operation chargedAs;
        private boolean deliverAnswers;
        private int answerMaxLength = DEFAULT_ANSWER_MAX_LENGTH;

        private Builder()
        {
        }

        /**
         * How often to send.
         *
         * @param intervalMs milliseconds, positive, or 0 to send nothing.
         * @return this.
         */
        public Builder intervalMs(final long intervalMs)
        {
            this.intervalMs = intervalMs;
            return this;
        }

        /**
         * How long an answer may take.
         *
         * @param deadlineMs milliseconds, positive.
         * @return this.
         */
        public Builder deadlineMs(final long deadlineMs)
        {
            this.deadlineMs = deadlineMs;
            return this;
        }

        /**
         * The heartbeat as fixed text, encoded once.
         *
         * @param text e.g. {@code {"op":"ping"}} or {@code ping}.
         * @return this.
         */
        public Builder text(final String text)
        {
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return payload((buffer, offset) ->
            {
                buffer.putBytes(offset, bytes);
                return bytes.length;
            });
        }

        /**
         * The heartbeat written by the adapter straight into the send buffer (a counter, a timestamp).
         *
         * @param payload writes the text; runs on the thread that sends the heartbeat, one send at a time.
         * @return this.
         */
        public Builder payload(final WebSocket.PayloadWriter payload)
        {
            this.payload = payload;
            return this;
        }

        /**
         * Recognises the answer.
         *
         * @param answer the matcher.
         * @return this.
         */
        public Builder answer(final AnswerMatcher answer)
        {
            this.answer = answer;
            return this;
        }

        /**
         * Charges each heartbeat to the rate limiter as {@code operation} (charged, never refused).
         *
         * @param operation the operation, or null not to involve the limiter (the default).
         * @return this.
         */
        public Builder chargedAs(final Operation operation)
        {
            this.chargedAs = operation;
            return this;
        }

        /**
         * Passes answers on to the message handler instead of consuming them.
         *
         * @param deliverAnswers true to deliver.
         * @return this.
         */
        public Builder deliverAnswers(final boolean deliverAnswers)
        {
            this.deliverAnswers = deliverAnswers;
            return this;
        }

        /**
         * Messages longer than this are never checked against the matcher.
         *
         * @param answerMaxLength bytes, positive; {@link #DEFAULT_ANSWER_MAX_LENGTH} unless set.
         * @return this.
         */
        public Builder answerMaxLength(final int answerMaxLength)
        {
            this.answerMaxLength = answerMaxLength;
            return this;
        }

        /**
         * Checks and builds.
         *
         * @return the spec.
         * @throws IllegalArgumentException naming the first invalid setting.
         */
        public AppHeartbeat build()
        {
            if (intervalMs < 0)
            {
                throw new IllegalArgumentException("appHeartbeat.intervalMs: must be >= 0, was " + intervalMs);
            }
            if (deadlineMs <= 0)
            {
                throw new IllegalArgumentException("appHeartbeat.deadlineMs: must be > 0, was " + deadlineMs);
            }
            if (intervalMs > 0 && payload == null)
            {
                throw new IllegalArgumentException("appHeartbeat.payload: required when intervalMs > 0");
            }
            if (answer == null)
            {
                throw new IllegalArgumentException("appHeartbeat.answer: required");
            }
            if (answerMaxLength <= 0)
            {
                throw new IllegalArgumentException("appHeartbeat.answerMaxLength: must be > 0, was " +
                    answerMaxLength);
            }
            return new AppHeartbeat(this);
        }
    }

    @Override
    public String toString()
    {
        return "AppHeartbeat{intervalMs=" + intervalMs + ", deadlineMs=" + deadlineMs + ", chargedAs=" + chargedAs +
            ", deliverAnswers=" + deliverAnswers + "}";
    }
}
