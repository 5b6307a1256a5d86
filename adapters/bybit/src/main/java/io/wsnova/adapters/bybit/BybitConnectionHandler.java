package io.wsnova.adapters.bybit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.behaviour.AppHeartbeat;
import io.wsnova.engine.behaviour.ConnectionHandler;
import io.wsnova.engine.behaviour.InboundMessage;
import io.wsnova.market.FeedReason;
import io.wsnova.market.FeedState;
import io.wsnova.market.FeedStatus;
import io.wsnova.market.MarketEvent;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Declares Bybit's liveness ({@code {"op":"ping"}} every {@link BybitAdapter#heartbeatIntervalMs()}, a pong within
 * {@link BybitAdapter#heartbeatDeadlineMs()}: {@code "ret_msg":"pong"} on spot and linear, {@code "op":"pong"} on the
 * other categories) and reports every disconnect as a connection-wide {@link FeedState#DISCONNECTED} status (reason:
 * the user's close, a close for a policy violation taken as the rate limit, a missed pong, or a lost connection);
 * bumps the session's epoch so that the message handler marks every book as waiting for its new snapshot. Event
 * thread; allocates (cold path).
 */
final class BybitConnectionHandler implements ConnectionHandler
{
    /** The close code for a policy violation (too many messages). */
    static final int POLICY_VIOLATION = 1008;
    static final String PING = "{\"op\":\"ping\"}";
    /**
     * The longest message checked for a pong: Bybit's pongs are about 150 bytes, but a pong with unknown fields must
     * still meet the deadline (the engine's default of 512 bytes would cut a healthy connection every interval).
     */
    static final int PONG_MAX_LENGTH = 16 * 1024;
    private static final byte[] TOPIC_FIRST = "{\"topic\"".getBytes(StandardCharsets.US_ASCII);

    private final BybitAdapter adapter;
    private final BybitSession session;

    BybitConnectionHandler(final BybitAdapter adapter, final BybitSession session)
    {
        this.adapter = adapter;
        this.session = session;
    }

    @Override
    public AppHeartbeat appHeartbeat()
    {
        return AppHeartbeat.builder()
            .intervalMs(adapter.heartbeatIntervalMs())
            .deadlineMs(adapter.heartbeatDeadlineMs())
            .text(PING)
            .answer(pongMatcher())
            .answerMaxLength(PONG_MAX_LENGTH)
            .build();
    }

    /**
     * A pong matcher of its own (the JSON matchers own a parser: one per connection): a data message as Bybit writes
     * it (the topic first) is rejected without parsing, so the longer bound costs the data path 8 byte compares;
     * anything else is parsed up to {@link #PONG_MAX_LENGTH}, so a pong whose unknown members come before
     * {@code ret_msg} or {@code op} is still an answer.
     */
    static AppHeartbeat.AnswerMatcher pongMatcher()
    {
        final AppHeartbeat.AnswerMatcher fields = AppHeartbeat.jsonString("ret_msg", "pong", PONG_MAX_LENGTH)
            .or(AppHeartbeat.jsonString("op", "pong", PONG_MAX_LENGTH));
        return message -> !isTopicFirst(message) && fields.isAnswer(message);
    }

    private static boolean isTopicFirst(final InboundMessage message)
    {
        final DirectBuffer buffer = message.buffer();
        final int offset = message.offset();
        if (message.length() >= TOPIC_FIRST.length)
        {
            int i = 0;
            while (i < TOPIC_FIRST.length && buffer.getByte(offset + i) == TOPIC_FIRST[i])
            {
                i++;
            }
            return i == TOPIC_FIRST.length;
        }
        return false;
    }

    @Override
    public void onDisconnect(final Connection connection, final CloseStatus closeStatus)
    {
        final FeedReason reason;
        if (closeStatus.reason() == DisconnectReason.LOCAL_CLOSE)
        {
            reason = FeedReason.USER_REQUEST;
        }
        else if (closeStatus.closeCode() == POLICY_VIOLATION)
        {
            reason = FeedReason.RATE_LIMITED;
        }
        else if (closeStatus.reason() == DisconnectReason.HEARTBEAT_TIMEOUT ||
            closeStatus.reason() == DisconnectReason.IDLE_TIMEOUT ||
            closeStatus.reason() == DisconnectReason.PONG_TIMEOUT)
        {
            reason = FeedReason.NO_DATA_TIMEOUT;
        }
        else
        {
            reason = FeedReason.CONNECTION_LOST;
        }
        session.lastDisconnectReason = reason;
        session.epoch.incrementAndGet();
        adapter.counters().disconnects.incrementAndGet();
        final FeedStatus status = new FeedStatus();
        status.header(adapter.venueId(), MarketEvent.NO_INSTRUMENT, MarketEvent.NO_TIMESTAMP, System.nanoTime());
        status.set(FeedState.DISCONNECTED, reason).counters(adapter.counters().disconnects.get(), 0);
        adapter.listener().onStatus(status);
    }
}
