package io.wsnova.cli;

import io.wsnova.engine.behaviour.DefaultLoggingHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova demo} end to end against the embedded mock exchange, and a grep of everything it prints (its own
 * output and the engine's log on stderr) for the client secret and tokens.
 */
@Timeout(60)
class DemoCommandTest
{
    @Test
    void shouldStreamReconnectRestoreSummariseAndNeverPrintASecret()
    {
        final String secret = "demo-secret-" + Long.toHexString(System.nanoTime());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Load the engine's logging class with the real stderr, so that its lines to the captured stderr below stay
        // in the capture (the build routes only the real stderr to target/wsnova-test.log).
        assertThat(DefaultLoggingHandler.redact("client_secret", secret)).isEqualTo("***");
        final PrintStream systemErr = System.err;
        final PrintStream systemOut = System.out;
        final int exit;
        try
        {
            final PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8);
            final PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
            System.setErr(capturedErr);
            System.setOut(capturedOut);
            exit = DemoCommand.run(new DemoArgs(4, 3_000, null, null, secret), capturedOut, capturedErr);
        }
        finally
        {
            System.setErr(systemErr);
            System.setOut(systemOut);
        }
        final String printed = out.toString(StandardCharsets.UTF_8);
        final String logged = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(logged + printed).isZero();
        assertThat(printed).as(printed).contains("mock Deribit exchange listening on ws://127.0.0.1:", "authenticated",
            "subscribed: 6 channels", "[  1s]", "BTC-PERPETUAL", "ETH-PERPETUAL", "fault injected",
            "reconnected (same connection id", "6 subscriptions restored", "summary", "reconnects    1",
            "subscriptions active 6", "p99.9", "counters: ", "./nova stat ", "(n=", "samples");
        assertThat(printed).doesNotContain("every message timed");
        assertThat(printed).containsPattern("heartbeats    [1-9]\\d* test_request sent by the exchange, [1-9]");
        for (final String text : new String[] {printed, logged})
        {
            assertThat(text).doesNotContain(secret).doesNotContain("access_token").doesNotContain("refresh_token")
                .doesNotContain("client_signature").doesNotContain("\"signature\"");
        }
    }

    @Test
    void shouldRejectBadUsageWithExitTwo()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        final PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(DemoCommand.run(new String[] {"demo", "--duration", "0"}, o, e)).isEqualTo(Main.EXIT_USAGE);
        assertThat(DemoCommand.run(new String[] {"demo", "--rate", "1000000"}, o, e)).isEqualTo(Main.EXIT_USAGE);
        assertThat(DemoCommand.run(new String[] {"demo", "--bogus", "1"}, o, e)).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ./nova demo", "unknown option --bogus",
            "--duration must be a whole number from 1 to 3600");
    }
}
