package io.wsnova.cli;

import io.wsnova.engine.api.Connection;
import io.wsnova.engine.Nova;
import io.wsnova.engine.config.NovaOptions;
import io.wsnova.engine.config.Option;
import io.wsnova.engine.echo.EchoAdapter;
import io.wsnova.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stat} against a connection of this process that publishes its counters to a file: every counter
 * printed with its label and a rate, a clear error and exit 1 when there is nothing to read.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatCommandTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintEveryCounterWithItsLabelValueAndRateForTheRequestedCount(@TempDir final Path directory)
        throws Exception
    {
        try (TestServer server = TestServer.builder().start();
            ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor())
        {
            pusher.scheduleAtFixedRate(() -> server.push("{\"tick\":1}"), 2, 2, TimeUnit.MILLISECONDS);
            final Connection connection = Nova.connectBlocking(new EchoAdapter(), NovaOptions.builder()
                .url(server.url()).set(Option.COUNTERS_FILE, true)
                .set(Option.COUNTERS_DIR, directory.toString()).build());
            try
            {
                final int exitCode = run("stat", directory.toString(), "--count", "2", "--interval", "300");

                assertThat(exitCode).as("stderr: %s", err()).isEqualTo(Main.EXIT_OK);
                final String printed = out();
                assertThat(printed).contains("pid " + ProcessHandle.current().pid())
                    .contains("total: messages received", "conn " + connection.id() + ": messages received",
                        "conn " + connection.id() + ": frames received", "rate-limit rejected", "/s");
                assertThat(printed.split("\n--- ", -1)).as("two prints").hasSize(3);
                final Matcher rate = Pattern.compile(" ([0-9.,]+)/s  conn " + connection.id() +
                    ": messages received").matcher(printed.substring(printed.lastIndexOf("--- ")));
                assertThat(rate.find()).as(printed).isTrue();
                assertThat(Double.parseDouble(rate.group(1).replace(",", ""))).as("messages per second")
                    .isPositive();
            }
            finally
            {
                connection.close();
            }
        }
    }

    @Test
    void shouldExitOneWithAClearErrorWhenThereIsNoCountersFile(@TempDir final Path directory)
    {
        assertThat(run("stat", directory.toString())).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("nova stat:", directory.toString(), "no counters file");
    }

    @Test
    void shouldExitOneWhenTheProcessPublishesNoCounters()
    {
        assertThat(run("stat", "999999999")).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err()).contains("process 999999999 publishes no counters");
    }

    @Test
    void shouldRejectABadCountAsAUsageError()
    {
        assertThat(run("stat", "--count", "none")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--count", StatCommand.USAGE);
    }

    private int run(final String... args)
    {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }
}
