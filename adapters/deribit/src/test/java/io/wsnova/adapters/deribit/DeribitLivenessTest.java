package io.wsnova.adapters.deribit;

import io.wsnova.engine.api.CloseStatus;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.api.ConnectionListener;
import io.wsnova.engine.api.DisconnectReason;
import io.wsnova.engine.config.NovaOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deribit's liveness bound (docs/RELIABILITY.md): with the adapter's defaults, a silent connection (the server
 * upgrades, then reads and never writes: no pong, no heartbeat, no answer) is detected within 10 s of the upgrade
 * (computed bound: ping interval 4 s + pong timeout 4 s + two 10 ms watchdog ticks = 8.02 s).
 */
@Timeout(60)
class DeribitLivenessTest
{
    private static final long DERIBIT_BOUND_MS = 10_000;
    private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key:\\s*(\\S+)", Pattern.CASE_INSENSITIVE);

    @Test
    void shouldDetectASilentConnectionWithinTenSeconds() throws Exception
    {
        final CompletableFuture<CloseStatus> dropped = new CompletableFuture<>();
        try (ServerSocket listener = new ServerSocket())
        {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final CompletableFuture<Long> upgradedNs = new CompletableFuture<>();
            final Thread server = Thread.ofVirtual().start(() -> serveSilently(listener, upgradedNs));
            final DeribitAdapter adapter = DeribitAdapter.builder().listener(new DeribitMarketListener()
            {
            }).build();
            final Connection connection = DeribitClient.of(adapter).connectBlocking(NovaOptions.builder()
                .url("ws://127.0.0.1:" + listener.getLocalPort() + "/ws/api/v2").retryAttempts(0)
                .listeners(List.of(new ConnectionListener()
                {
                    @Override
                    public void onDisconnected(final Connection connection, final CloseStatus status)
                    {
                        dropped.complete(status);
                    }
                })).build());

            final CloseStatus status = dropped.get(30, TimeUnit.SECONDS);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upgradedNs.join());
            System.out.println("DeribitLivenessTest: silent connection detected after " + detectedMs + " ms (" +
                status + "), bound " + DERIBIT_BOUND_MS + " ms");
            assertThat(status.reason()).isEqualTo(DisconnectReason.PONG_TIMEOUT);
            assertThat(detectedMs).isLessThanOrEqualTo(DERIBIT_BOUND_MS);
            connection.close();
            server.interrupt();
        }
    }

    private static void serveSilently(final ServerSocket listener, final CompletableFuture<Long> upgradedNs)
    {
        try (Socket socket = listener.accept())
        {
            final InputStream in = socket.getInputStream();
            final StringBuilder request = new StringBuilder();
            while (request.indexOf("\r\n\r\n") < 0)
            {
                final int b = in.read();
                if (b < 0)
                {
                    return;
                }
                request.append((char)b);
            }
            final Matcher key = KEY.matcher(request);
            if (!key.find())
            {
                return;
            }
            final String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
                "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            upgradedNs.complete(System.nanoTime());
            final byte[] sink = new byte[4096];
            while (in.read(sink) >= 0)
            {
                // silent: read and discard everything, answer nothing
            }
        }
        catch (final Exception ignore)
        {
            // the test ended
        }
    }
}
