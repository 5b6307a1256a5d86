package io.wsnova.engine.transport;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.QueueFullPolicy;
import io.wsnova.engine.config.IdleStrategySpec;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WebSocketOptions#from} is the one conversion from options to the transport's view: every value comes from
 * the resolved options, the system defaults being {@link Option#defaultValue()} (the same through {@code Nova},
 * which converts its resolved options with it, and {@code WebSocketClient}).
 */
class WebSocketOptionsTest
{
    @Test
    void shouldTakeEveryUnsetValueFromTheOptionDefaultsIncludingKeepaliveOn()
    {
        final WebSocketOptions options = WebSocketOptions.from(NovaOptions.builder().host("127.0.0.1").build());

        assertThat(options.pingIntervalMs()).as("keepalive on by default").isEqualTo(15_000L)
            .isEqualTo(Option.PING_INTERVAL_MS.defaultValue());
        assertThat(options.pongTimeoutMs()).isEqualTo(Option.PONG_TIMEOUT_MS.defaultValue());
        assertThat(options.connectTimeoutMs()).isEqualTo(Option.CONNECT_TIMEOUT_MS.defaultValue());
        assertThat(options.tlsHandshakeTimeoutMs()).isEqualTo(Option.TLS_HANDSHAKE_TIMEOUT_MS.defaultValue());
        assertThat(options.upgradeTimeoutMs()).isEqualTo(Option.UPGRADE_TIMEOUT_MS.defaultValue());
        assertThat(options.totalConnectTimeoutMs()).isEqualTo(Option.TOTAL_CONNECT_TIMEOUT_MS.defaultValue());
        assertThat(options.sendTimeoutMs()).isEqualTo(Option.SEND_TIMEOUT_MS.defaultValue());
        assertThat(options.closeTimeoutMs()).isEqualTo(Option.CLOSE_TIMEOUT_MS.defaultValue());
        assertThat(options.idleTimeoutMs()).isEqualTo(Option.IDLE_TIMEOUT_MS.defaultValue());
        assertThat(options.maxFrameLength()).isEqualTo(Option.MAX_FRAME_LENGTH.defaultValue());
        assertThat(options.maxMessageLength()).isEqualTo(Option.MAX_MESSAGE_LENGTH.defaultValue());
        assertThat(options.receiveBufferLength()).isEqualTo(Option.RECEIVE_BUFFER_LENGTH.defaultValue());
        assertThat(options.socketReceiveBufferBytes()).isEqualTo(Option.SOCKET_RECEIVE_BUFFER_BYTES.defaultValue());
        assertThat(options.socketSendBufferBytes()).isEqualTo(Option.SOCKET_SEND_BUFFER_BYTES.defaultValue());
        assertThat(options.ioMode()).isEqualTo(IoMode.VIRTUAL);
        assertThat(options.pipelineMode()).isEqualTo(PipelineMode.INLINE);
        assertThat(options.queueFullPolicy()).isEqualTo(QueueFullPolicy.BLOCK);
        assertThat(options.queueCapacity()).isEqualTo(Option.QUEUE_CAPACITY.defaultValue());
        assertThat(options.readerIdleStrategy().get()).isInstanceOf(BackoffIdleStrategy.class);
        assertThat(options.handlerIdleStrategy().get()).isInstanceOf(BackoffIdleStrategy.class);
        assertThat(options.sslContext()).isNull();
        assertThat(options.hostnameVerification()).isTrue();
        assertThat(options.subprotocols()).isEmpty();
        assertThat(options.headers()).isEmpty();
    }

    @Test
    void shouldCarryEveryTransportOptionSet()
    {
        final NovaOptions set = NovaOptions.builder().host("127.0.0.1")
            .connectTimeoutMs(1).tlsHandshakeTimeoutMs(2).upgradeTimeoutMs(3).totalConnectTimeoutMs(4)
            .sendTimeoutMs(5).closeTimeoutMs(6).keepalive(7, 8).idleTimeoutMs(9)
            .maxFrameLength(10_000).maxMessageLength(20_000).receiveBufferLength(8_192).socketBuffers(11, 12)
            .ioMode(IoMode.SPIN).readerIdleStrategy(IdleStrategySpec.BUSY_SPIN)
            .pipelineMode(PipelineMode.QUEUED).queueFullPolicy(QueueFullPolicy.DROP_NEWEST).queueCapacity(13)
            .handlerIdleStrategy(IdleStrategySpec.YIELDING).hostnameVerification(false)
            .subprotocols(List.of("a", "b")).headers(Map.of("X-One", "1"))
            .build().validate();

        final WebSocketOptions options = WebSocketOptions.from(set);

        assertThat(List.of(options.connectTimeoutMs(), options.tlsHandshakeTimeoutMs(), options.upgradeTimeoutMs(),
            options.totalConnectTimeoutMs(), options.sendTimeoutMs(), options.closeTimeoutMs(),
            options.pingIntervalMs(), options.pongTimeoutMs(), options.idleTimeoutMs()))
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(List.of(options.maxFrameLength(), options.maxMessageLength(), options.receiveBufferLength(),
            options.socketReceiveBufferBytes(), options.socketSendBufferBytes(), options.queueCapacity()))
            .containsExactly(10_000, 20_000, 8_192, 11, 12, 13);
        assertThat(options.ioMode()).isEqualTo(IoMode.SPIN);
        assertThat(options.pipelineMode()).isEqualTo(PipelineMode.QUEUED);
        assertThat(options.queueFullPolicy()).isEqualTo(QueueFullPolicy.DROP_NEWEST);
        assertThat(options.readerIdleStrategy().get()).isInstanceOf(BusySpinIdleStrategy.class);
        assertThat(options.handlerIdleStrategy().get()).isInstanceOf(YieldingIdleStrategy.class);
        assertThat(options.hostnameVerification()).isFalse();
        assertThat(options.subprotocols()).containsExactly("a", "b");
        assertThat(options.headers()).containsExactly(Map.entry("X-One", "1"));
    }

    @Test
    void shouldMakeEachNamedIdleStrategyWithItsParametersAndANewInstancePerConnection()
    {
        assertThat(idle(IdleStrategySpec.NO_OP)).isInstanceOf(NoOpIdleStrategy.class);
        assertThat(idle(IdleStrategySpec.park(5_000))).isInstanceOf(SleepingIdleStrategy.class);
        final IdleStrategy backoff = idle(IdleStrategySpec.backoff(1, 2, 3, 4));
        assertThat(backoff).isInstanceOf(BackoffIdleStrategy.class);
        assertThat(backoff.toString()).contains("maxSpins=1", "maxYields=2", "minParkPeriodNs=3", "maxParkPeriodNs=4");

        final WebSocketOptions options = WebSocketOptions.from(NovaOptions.builder().host("h").build());
        assertThat(options.readerIdleStrategy().get()).as("one per connection: a backoff strategy has state")
            .isNotSameAs(options.readerIdleStrategy().get());
    }

    private static IdleStrategy idle(final IdleStrategySpec spec)
    {
        return WebSocketOptions.from(NovaOptions.builder().host("h").ioMode(IoMode.SPIN).readerIdleStrategy(spec)
            .build().validate()).readerIdleStrategy().get();
    }
}
