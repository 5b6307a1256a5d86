package io.wsnova.engine.client;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.echo.EchoAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import io.wsnova.testkit.TestServer;
import io.wsnova.testkit.Frame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 5.5.3: a pong echoes the application data of the ping it answers, and unsolicited pongs are allowed.
 * {@link Connection#ping()} futures complete only with the pong that echoes their own ping, whatever the order;
 * unsolicited pongs and repeats complete nothing.
 */
@Timeout(30)
class PingPongMatchingTest
{
    private static final int PING = 0x9;
    private static final int PONG_FRAME = 0x8A;
    private static final long WAIT_MS = 5_000;

    @Test
    void shouldCompleteOnlyThePingThatAPongAnswers() throws Exception
    {
        final CompletableFuture<List<byte[]>> pingsAtServer = new CompletableFuture<>();
        final CompletableFuture<Boolean> answerFirst = new CompletableFuture<>();
        try (TestServer server = new TestServer(connection ->
        {
            connection.acceptUpgrade();
            final List<byte[]> payloads = new ArrayList<>();
            while (payloads.size() < 2)
            {
                final Frame frame = connection.readFrame();
                if (frame.opcode() == PING)
                {
                    payloads.add(frame.payload());
                }
            }
            pingsAtServer.complete(payloads);
            connection.writeFrame(PONG_FRAME, "unsolicited".getBytes(StandardCharsets.UTF_8));
            connection.writeFrame(PONG_FRAME, ByteBuffer.allocate(16).putLong(Long.MAX_VALUE / 3).putLong(1).array());
            connection.writeFrame(PONG_FRAME, payloads.get(1));
            connection.writeFrame(PONG_FRAME, payloads.get(1));
            answerFirst.get(WAIT_MS, TimeUnit.MILLISECONDS);
            connection.writeFrame(PONG_FRAME, payloads.get(0));
            connection.silence(WAIT_MS);
        });
            Connection connection = Nova.connectBlocking(new EchoAdapter(), NovaOptions.builder()
                .url(server.url("/")).set(Option.PING_INTERVAL_MS, 0L).requestTimeoutMs(WAIT_MS).build()))
        {
            final CompletableFuture<Long> first = connection.ping();
            final CompletableFuture<Long> second = connection.ping();
            assertThat(pingsAtServer.get(WAIT_MS, TimeUnit.MILLISECONDS)).hasSize(2);

            assertThat(second.get(WAIT_MS, TimeUnit.MILLISECONDS)).as("round trip of the answered ping").isPositive();
            TimeUnit.MILLISECONDS.sleep(100); // the unsolicited and repeated pongs were read before the answer
            assertThat(first).as("the first ping's pong has not come").isNotDone();

            answerFirst.complete(true);
            assertThat(first.get(WAIT_MS, TimeUnit.MILLISECONDS)).isPositive();
        }
    }
}
