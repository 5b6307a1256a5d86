package io.wsnova.engine.config;

import io.wsnova.engine.api.IoMode;
import io.wsnova.engine.api.PipelineMode;
import io.wsnova.engine.api.QueueFullPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each rule between options, as {@link NovaOptions#validate()} (their one place) enforces it: rejected past the
 * boundary with a message that names every option the rule involves, accepted at it, and judged on the resolved
 * layers (a value from one layer, the other from another).
 */
class NovaOptionsRulesTest
{
    private static NovaOptions.Builder valid()
    {
        return NovaOptions.builder().host("127.0.0.1");
    }

    private static String rejection(final NovaOptions options)
    {
        final IllegalArgumentException failure =
            catchThrowableOfType(IllegalArgumentException.class, options::validate);
        assertThat(failure).as("rejected: " + options).isNotNull();
        return failure.getMessage();
    }

    @Test
    void shouldAcceptTheSystemDefaultsWithAHost()
    {
        assertThat(valid().build().validate()).isNotNull();
    }

    @Test
    void shouldRequireAHost()
    {
        assertThat(rejection(NovaOptions.builder().port(80).build())).startsWith("host: ").contains("url");
    }

    @Test
    void shouldRequireAPongTimeoutWhenKeepaliveIsOn()
    {
        assertThat(rejection(valid().keepalive(1_000, 0).build()))
            .startsWith("pongTimeoutMs: ").contains("pingIntervalMs");
        assertThat(rejection(valid().set(Option.PONG_TIMEOUT_MS, 0L).build()))
            .as("the default ping interval is on").startsWith("pongTimeoutMs: ").contains("pingIntervalMs");
        assertThat(valid().keepalive(0, 0).build().validate()).as("keepalive off").isNotNull();
        assertThat(valid().keepalive(1_000, 1).build().validate()).isNotNull();
    }

    @Test
    void shouldKeepTheReconnectBaseDelayAtMostTheMaxDelay()
    {
        assertThat(rejection(valid().set(Option.RECONNECT_BASE_DELAY_MS, 2_001L)
            .set(Option.RECONNECT_MAX_DELAY_MS, 2_000L).build()))
            .startsWith("reconnectBaseDelayMs: ").contains("reconnectMaxDelayMs");
        assertThat(rejection(valid().set(Option.RECONNECT_BASE_DELAY_MS, 10_001L).build()))
            .as("against the default max").startsWith("reconnectBaseDelayMs: ").contains("reconnectMaxDelayMs");
        assertThat(valid().set(Option.RECONNECT_BASE_DELAY_MS, 2_000L).set(Option.RECONNECT_MAX_DELAY_MS, 2_000L)
            .build().validate()).isNotNull();
    }

    @Test
    void shouldKeepTheFrameLimitAtMostTheMessageLimit()
    {
        assertThat(rejection(valid().maxFrameLength(1_025).maxMessageLength(1_024).build()))
            .startsWith("maxFrameLength: ").contains("maxMessageLength");
        assertThat(rejection(valid().maxMessageLength(1_024).build()))
            .as("against the default frame limit").startsWith("maxFrameLength: ").contains("maxMessageLength");
        assertThat(valid().maxFrameLength(1_024).maxMessageLength(1_024).build().validate()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(value = QueueFullPolicy.class, names = {"DROP_NEWEST", "DISCONNECT"})
    void shouldRequireAQueuedPipelineForAQueueFullPolicyOtherThanBlock(final QueueFullPolicy policy)
    {
        assertThat(rejection(valid().queueFullPolicy(policy).build()))
            .startsWith("queueFullPolicy: ").contains("pipelineMode");
        assertThat(valid().queueFullPolicy(policy).pipelineMode(PipelineMode.QUEUED).build().validate()).isNotNull();
        assertThat(valid().queueFullPolicy(QueueFullPolicy.BLOCK).build().validate()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(value = IoMode.class, names = {"VIRTUAL", "POLL"})
    void shouldRequireASpinReaderForAReaderIdleStrategyOtherThanTheDefault(final IoMode ioMode)
    {
        assertThat(rejection(valid().ioMode(ioMode).readerIdleStrategy(IdleStrategySpec.BUSY_SPIN).build()))
            .startsWith("readerIdleStrategy: ").contains("ioMode", ioMode.name(), "BUSY_SPIN");
        assertThat(valid().ioMode(ioMode).readerIdleStrategy(IdleStrategySpec.BACKOFF).build().validate())
            .as("the default, set explicitly").isNotNull();
        assertThat(valid().ioMode(IoMode.SPIN).readerIdleStrategy(IdleStrategySpec.BUSY_SPIN).build().validate())
            .isNotNull();
    }

    @Test
    void shouldRequireAQueuedPipelineForAHandlerIdleStrategyOtherThanTheDefault()
    {
        assertThat(rejection(valid().handlerIdleStrategy(IdleStrategySpec.YIELDING).build()))
            .startsWith("handlerIdleStrategy: ").contains("pipelineMode", "INLINE", "YIELDING");
        assertThat(valid().pipelineMode(PipelineMode.QUEUED).handlerIdleStrategy(IdleStrategySpec.YIELDING).build()
            .validate()).isNotNull();
    }

    @Test
    void shouldJudgeARuleOnTheResolvedLayers()
    {
        final NovaOptions adapter = NovaOptions.builder().host("127.0.0.1").ioMode(IoMode.SPIN)
            .readerIdleStrategy(IdleStrategySpec.BUSY_SPIN).build();
        final NovaOptions template = NovaOptions.builder().pipelineMode(PipelineMode.QUEUED)
            .queueFullPolicy(QueueFullPolicy.DROP_NEWEST).build();

        assertThat(NovaOptions.resolve(NovaOptions.empty(), template, adapter).validate()).isNotNull();
        assertThat(rejection(NovaOptions.resolve(NovaOptions.builder().ioMode(IoMode.VIRTUAL).build(), template,
            adapter))).startsWith("readerIdleStrategy: ").contains("ioMode");
        assertThat(rejection(NovaOptions.resolve(NovaOptions.builder().pipelineMode(PipelineMode.INLINE).build(),
            template, adapter))).startsWith("queueFullPolicy: ").contains("pipelineMode");
    }

    @Test
    void shouldCheckIdleStrategyParametersNamingTheOption()
    {
        assertThat(rejection(valid().ioMode(IoMode.SPIN).readerIdleStrategy(IdleStrategySpec.backoff(-1, 0, 1, 1))
            .build())).startsWith("readerIdleStrategy: ");
        assertThat(rejection(valid().ioMode(IoMode.SPIN).readerIdleStrategy(IdleStrategySpec.backoff(1, 1, 0, 1))
            .build())).startsWith("readerIdleStrategy: ");
        assertThat(rejection(valid().pipelineMode(PipelineMode.QUEUED).handlerIdleStrategy(IdleStrategySpec.park(0))
            .build())).startsWith("handlerIdleStrategy: ");
        assertThat(valid().ioMode(IoMode.SPIN).readerIdleStrategy(IdleStrategySpec.backoff(0, 0, 1, 1)).build()
            .validate()).isNotNull();
    }
}
