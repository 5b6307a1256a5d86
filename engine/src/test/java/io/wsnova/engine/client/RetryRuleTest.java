package io.wsnova.engine.client;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.api.ReconnectJitter;
import io.wsnova.engine.behaviour.DefaultFailurePolicy;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one retry rule of the first connect and of reconnects, on its own: bounds, the rate-limit exemption of the
 * first set-up, the failure policy's veto, and the attempt counter's reset.
 */
class RetryRuleTest
{
    private static final CloseStatus EOF = new CloseStatus(DisconnectReason.EOF, 1006, "eof", null);
    private static final CloseStatus GONE = new CloseStatus(DisconnectReason.REMOTE_CLOSE, 1000, "bye", null);

    private final CountingFailurePolicy failurePolicy = new CountingFailurePolicy();

    private RetryRule rule(final int retryAttempts, final int connectRetryAttempts)
    {
        return new RetryRule(retryAttempts, connectRetryAttempts, TimeUnit.SECONDS.toNanos(30),
            new Backoff(100, 10_000, ReconnectJitter.NONE, new SplittableRandom(1)), failurePolicy);
    }

    @Test
    void shouldBoundTheFirstSetUpByConnectRetryAttemptsAndReconnectsByRetryAttempts()
    {
        final RetryRule first = rule(-1, 2);
        assertThat(first.next(EOF, true, false, false)).isEqualTo(100);
        assertThat(first.next(EOF, true, false, false)).isEqualTo(200);
        assertThat(first.next(EOF, true, false, false)).isEqualTo(RetryRule.GIVE_UP);
        assertThat(first.attempt()).isEqualTo(2);

        final RetryRule reconnect = rule(3, 2);
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            assertThat(reconnect.next(EOF, false, false, false)).isEqualTo(100L << (attempt - 1));
        }
        assertThat(reconnect.next(EOF, false, false, false)).isEqualTo(RetryRule.GIVE_UP);
    }

    @Test
    void shouldNotCountFirstSetUpRetriesAfterTheVenuesRateLimitErrorAgainstConnectRetryAttempts()
    {
        final RetryRule rule = rule(-1, 1);
        assertThat(rule.next(EOF, true, true, false)).isNotEqualTo(RetryRule.GIVE_UP);
        assertThat(rule.next(EOF, true, true, false)).isNotEqualTo(RetryRule.GIVE_UP);
        assertThat(rule.next(EOF, true, false, false)).isNotEqualTo(RetryRule.GIVE_UP);
        assertThat(rule.next(EOF, true, false, false)).isEqualTo(RetryRule.GIVE_UP);
    }

    @Test
    void shouldGiveUpWhenTheFailurePolicySaysSoOrTheUserClosedAndNotAskItPastABound()
    {
        final RetryRule rule = rule(1, 5);
        assertThat(rule.next(GONE, false, false, false)).isEqualTo(RetryRule.GIVE_UP);
        assertThat(rule.next(EOF, false, false, true)).isEqualTo(RetryRule.GIVE_UP);
        final int asked = failurePolicy.asked;
        assertThat(rule.next(EOF, false, false, false)).isEqualTo(100);
        assertThat(rule.next(EOF, false, false, false)).isEqualTo(RetryRule.GIVE_UP);
        assertThat(failurePolicy.asked).isEqualTo(asked + 1);
    }

    @Test
    void shouldStartOverOnlyAfterAConnectionStayedUpLongEnough()
    {
        final RetryRule rule = rule(-1, 5);
        rule.next(EOF, false, false, false);
        rule.next(EOF, false, false, false);
        rule.onDropped(true, TimeUnit.SECONDS.toNanos(30) - 1);
        assertThat(rule.next(EOF, false, false, false)).isEqualTo(400);
        rule.onDropped(false, TimeUnit.SECONDS.toNanos(60));
        assertThat(rule.attempt()).isEqualTo(3);
        rule.onDropped(true, TimeUnit.SECONDS.toNanos(30));
        assertThat(rule.next(EOF, false, false, false)).isEqualTo(100);
    }

    private static final class CountingFailurePolicy extends DefaultFailurePolicy
    {
        int asked;

        @Override
        public boolean shouldReconnect(final CloseStatus status, final int attempt)
        {
            asked++;
            return super.shouldReconnect(status, attempt);
        }
    }
}
