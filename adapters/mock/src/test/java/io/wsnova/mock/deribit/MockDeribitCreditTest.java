package io.wsnova.mock.deribit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.wsnova.mock.deribit.MockTestSupport.assertError;
import static io.wsnova.mock.deribit.MockTestSupport.result;
import static org.assertj.core.api.Assertions.assertThat;

class MockDeribitCreditTest
{
    private MockDeribitExchange exchange;
    private MockClient client;

    private void givenExchange(final MockDeribitConfig config) throws InterruptedException
    {
        exchange = MockTestSupport.started(config);
        client = MockClient.open(exchange);
    }

    @AfterEach
    void tearDown()
    {
        client.closeQuietly();
        exchange.close();
    }

    @Test
    void shouldAnswerTooManyRequestsAndCloseWhenTheBucketIsEmpty() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).credits(500, 2_000, 0).build());
        for (int i = 0; i < 4; i++)
        {
            result(client.call("public/get_time", "{}"));
        }

        assertError(client.call("public/get_time", "{}"), 10028, "too_many_requests");

        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        assertThat(client.closeCode).isEqualTo(1008);
        assertThat(client.closeReason).isEqualTo("too_many_requests");
        assertThat(exchange.stats().tooManyRequests()).isEqualTo(1);
        assertThat(exchange.stats().closedForTooManyRequests()).isEqualTo(1);
    }

    @Test
    void shouldAllowTheDefaultBurstOfAHundredRequests() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).credits(500, 50_000, 0).build());
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < 101; i++)
        {
            ids.add(client.send("public/test", "{}"));
        }

        for (int i = 0; i < 100; i++)
        {
            result(client.awaitResponse(ids.get(i)));
        }
        assertError(client.awaitResponse(ids.get(100)), 10028, "too_many_requests");
    }

    @Test
    void shouldCloseOnlyAfterTheConfiguredNumberOfViolations() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).credits(500, 500, 0)
            .violationsBeforeClose(3).build());
        result(client.call("public/test", "{}"));

        assertError(client.call("public/test", "{}"), 10028, "too_many_requests");
        assertError(client.call("public/test", "{}"), 10028, "too_many_requests");
        assertThat(client.isOpen()).isTrue();
        assertError(client.call("public/test", "{}"), 10028, "too_many_requests");

        assertThat(client.awaitClosed(MockClient.TIMEOUT_MS)).isTrue();
        assertThat(exchange.stats().tooManyRequests()).isEqualTo(3);
    }

    @Test
    void shouldRefillCreditsOverTime() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).credits(500, 500, 10_000)
            .violationsBeforeClose(1_000).build());
        result(client.call("public/test", "{}"));
        final Map<?, ?> tooSoon = client.call("public/test", "{}");

        Thread.sleep(80);

        assertError(tooSoon, 10028, "too_many_requests");
        result(client.call("public/test", "{}"));
        assertThat(exchange.connections().get(0).tooManyRequests()).isEqualTo(1);
    }

    @Test
    void shouldChargeThePerMethodCost() throws InterruptedException
    {
        givenExchange(MockTestSupport.config().messagesPerSecond(0).credits(500, 1_000, 0)
            .methodCost("public/subscribe", 1_000).methodCost("public/test", 0).build());

        result(client.call("public/subscribe", "{\"channels\":[\"quote.BTC-PERPETUAL\"]}"));
        for (int i = 0; i < 10; i++)
        {
            result(client.call("public/test", "{}"));
        }

        assertError(client.call("public/get_time", "{}"), 10028, "too_many_requests");
    }
}
