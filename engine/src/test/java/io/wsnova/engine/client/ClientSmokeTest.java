package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionStatus;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.api.RequestException;
import io.wsnova.engine.api.Response;
import io.wsnova.engine.api.Subscription;
import io.wsnova.engine.echo.EchoAdapter;
import io.wsnova.testkit.JsonRpc;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class ClientSmokeTest
{
    @Test
    void shouldMatchResponsesSubscribeAndCloseThroughTheAdapterApi() throws Exception
    {
        try (TestServer server = TestServer.rpc(request -> request.method() == null ? null : switch (request.method())
        {
            case "public/get_time" -> JsonRpc.result(request.id(), "1550147385946");
            case "subscribe" -> JsonRpc.result(request.id(), "[\"ticker.BTC-PERPETUAL.100ms\"]");
            case "fail" -> JsonRpc.error(request.id(), 10028, "too_many_requests");
            default -> null;
        }))
        {
            final Connection connection = Nova.connectBlocking(new EchoAdapter(),
                NovaOptions.builder().url(server.url()).requestTimeoutMs(500).build());
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CONNECTED);

            final Response time = connection.request("public/get_time", Map.of()).get(5, TimeUnit.SECONDS);
            assertThat(time.resultJson()).isEqualTo("1550147385946");

            final Response error = connection.request("fail", null).get(5, TimeUnit.SECONDS);
            assertThat(error.isError()).isTrue();
            assertThat(error.errorCode()).isEqualTo(10028);

            assertThatThrownBy(() -> connection.request("silence", null).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RequestException.class)
                .extracting(e -> ((RequestException)e).kind()).isEqualTo(RequestException.Kind.TIMEOUT);

            final Subscription subscription = connection.subscribe("ticker.BTC-PERPETUAL.100ms", null)
                .get(5, TimeUnit.SECONDS);
            assertThat(subscription.state()).isEqualTo(Subscription.State.CONFIRMED);
            assertThat(connection.activeSubscriptions()).containsExactly(subscription);

            assertThat(connection.ping().get(5, TimeUnit.SECONDS)).isPositive();

            final long id = connection.id();
            connection.close();
            connection.closeFuture().get(5, TimeUnit.SECONDS);
            assertThat(connection.status()).isEqualTo(ConnectionStatus.CLOSED);
            assertThat(connection.id()).isEqualTo(id);
        }
    }
}
