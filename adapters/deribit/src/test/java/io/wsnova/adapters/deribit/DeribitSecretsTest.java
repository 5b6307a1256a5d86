package io.wsnova.adapters.deribit;

import io.wsnova.engine.Nova;
import io.wsnova.engine.api.Connection;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.api.Credentials;
import io.wsnova.engine.behaviour.LoggingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class DeribitSecretsTest
{
    @Test
    void shouldNeverPrintTheSecretOrTheTokensWhateverHappens() throws Exception
    {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final List<String> signatures = new ArrayList<>();
        final DeribitAuthHandler signatureHandler = new DeribitAuthHandler(DeribitAuthHandler.Grant.CLIENT_SIGNATURE);
        final DeribitAuthHandler credentialsHandler =
            new DeribitAuthHandler(DeribitAuthHandler.Grant.CLIENT_CREDENTIALS);
        System.setOut(capture);
        System.setErr(capture);
        try (DeribitTestServer server = DeribitTestServer.launch())
        {
            final Credentials credentials = new Credentials(DeribitTestServer.CLIENT_ID,
                DeribitTestServer.CLIENT_SECRET);
            final DeribitClient client = DeribitClient.testnet(new DeribitMarketListener()
            {
            });
            for (final DeribitAuthHandler handler : new DeribitAuthHandler[] {signatureHandler, credentialsHandler})
            {
                final NovaOptions options = NovaOptions.builder().url(server.url()).credentials(credentials)
                    .logLevel(LoggingHandler.Level.DEBUG).authHandler(handler).build();
                final Connection connection = client.connectBlocking(options);
                server.closeAll(1012, "restart");
                recordSignature(signatures, server.nextRequest("public/auth"));
                recordSignature(signatures, server.nextRequest("public/auth"));
                printEverything(connection, options, client, handler, credentials);
                printOrderEntry(server, connection);
                connection.close();
                connection.closeFuture().get(5, TimeUnit.SECONDS);
                printEverything(connection, options, client, handler, credentials);
            }
            final NovaOptions wrong = NovaOptions.builder().url(server.url())
                .credentials(new Credentials(DeribitTestServer.CLIENT_ID, DeribitTestServer.CLIENT_SECRET + "x"))
                .logLevel(LoggingHandler.Level.DEBUG).build();
            try
            {
                client.connect(wrong).get(5, TimeUnit.SECONDS);
            }
            catch (final ExecutionException failure)
            {
                failure.printStackTrace();
                System.out.println(failure.getCause());
                System.out.println(DeribitError.of(failure));
            }
            final DeribitFailurePolicy failurePolicy = new DeribitFailurePolicy(1, 1);
            final DeribitAdapter refusedLater = DeribitAdapter.builder().rateLimitBackoffMs(1)
                .rateLimiter(DeribitRateLimiter.standard()).build();
            final Connection refused = DeribitClient.of(refusedLater).connectBlocking(NovaOptions.builder()
                .url(server.url()).credentials(credentials).logLevel(LoggingHandler.Level.DEBUG)
                .failurePolicy(failurePolicy).build());
            recordSignature(signatures, server.nextRequest("public/auth"));
            server.refuseAuth();
            server.closeAll(1012, "restart");
            System.out.println(refused.closeFuture().get(10, TimeUnit.SECONDS));
            printEverything(refused, Nova.options(refused), refusedLater, failurePolicy, failurePolicy.terminalError());
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }

        final String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(signatures).hasSize(3);
        for (final String signature : signatures)
        {
            assertThat(printed).doesNotContain(signature);
        }
        assertThat(printed).contains("DeribitOrder{", "private/buy failed: 10009", "INVALID_CREDENTIALS",
            "DeribitRateLimiter{", "DeribitFailurePolicy{");
        assertThat(signatureHandler.accessToken()).isEqualTo(DeribitTestServer.ACCESS_TOKEN);
        assertThat(credentialsHandler.accessToken()).isEqualTo(DeribitTestServer.ACCESS_TOKEN);
        assertThat(printed).contains("authenticated", "auth_failed", "reconnected", "13004");
        assertThat(printed)
            .doesNotContain(DeribitTestServer.CLIENT_SECRET)
            .doesNotContain(DeribitTestServer.ACCESS_TOKEN)
            .doesNotContain(DeribitTestServer.REFRESH_TOKEN);
    }

    private static void recordSignature(final List<String> signatures, final String authRequest)
    {
        final String signature = DeribitTestServer.stringField("signature", authRequest);
        if (signature != null)
        {
            signatures.add(signature);
        }
    }

    private static void printOrderEntry(final DeribitTestServer server, final Connection connection) throws Exception
    {
        final DeribitOrderEntry orders = new DeribitOrderEntry(connection);
        final DeribitOrderRequest request = DeribitOrderRequest.market("ETH-PERPETUAL", 40).label("secret-less");
        System.out.println(orders);
        System.out.println(request);
        System.out.println(orders.buy(request).get(5, TimeUnit.SECONDS));
        server.failNext("private/buy", 10009, "not_enough_funds", false);
        try
        {
            orders.buy(request).get(5, TimeUnit.SECONDS);
        }
        catch (final ExecutionException failure)
        {
            failure.printStackTrace();
            System.out.println(failure.getCause());
        }
        printEverything(Nova.options(connection).get(Option.RATE_LIMIT_HANDLER));
    }

    private static void printEverything(final Object... objects)
    {
        for (final Object object : objects)
        {
            System.out.println(object);
            if (object instanceof Connection connection)
            {
                System.out.println(Nova.options(connection));
                System.out.println(Nova.options(connection).get(Option.CREDENTIALS));
                System.out.println(connection.activeSubscriptions());
            }
        }
    }
}
