package io.wsnova.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import io.wsnova.engine.api.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./nova stream} and {@code ./nova demo} in a real JVM (the launcher's flags, this test's classpath) end
 * cleanly with exit 0 on SIGTERM, with complete output and no stack trace; a subscribe future that fails in any way
 * (the CancellationException that once killed the stream included) is one status line, not a crash.
 */
@Timeout(120)
class TermSignalTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldEndStreamCleanlyWithExitZeroOnSigterm() throws Exception
    {
        try (MockDeribitExchange exchange = new MockDeribitExchange(MockDeribitConfig.builder()
            .messagesPerSecond(500).build()))
        {
            exchange.start();
            final Cli cli = Cli.start("stream", "--adapter", "deribit", "--url", exchange.uri().toString(),
                "--channel", "ticker.BTC-PERPETUAL.100ms");
            cli.awaitLine(line -> line.contains("\"type\":\"ticker\""));

            final Cli.Ended ended = cli.terminate();

            assertThat(ended.exit).as(ended.err).isZero();
            assertThat(ended.err).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(ended.out).isNotEmpty();
            for (final String line : ended.out)
            {
                assertThat(JSON.readTree(line).get("type")).as("a complete JSON line: " + line).isNotNull();
            }
        }
    }

    @Test
    void shouldEndDemoCleanlyWithExitZeroAndASummaryOnSigterm() throws Exception
    {
        final Cli cli = Cli.start("demo", "--duration", "60", "--rate", "500");
        cli.awaitLine(line -> line.startsWith("[  1s]"));

        final Cli.Ended ended = cli.terminate();

        assertThat(ended.exit).as(ended.err).isZero();
        assertThat(ended.err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(String.join("\n", ended.out)).contains("stopped by a signal", "summary", "counters: ");
    }

    @Test
    void shouldReportEveryFailedSubscribeAsOneStatusLineAndCountTheOthers() throws Exception
    {
        final CompletableFuture<Subscription> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        final List<CharSequence> lines = new ArrayList<>();

        final int subscribed = StreamCommand.awaitSubscribes(List.of("cancelled.ch", "ok.ch", "refused.ch",
            "silent.ch"), List.of(cancelled, CompletableFuture.completedFuture(null),
            CompletableFuture.failedFuture(new IllegalStateException("refused by the venue")),
            new CompletableFuture<>()), 0, lines::add);

        assertThat(subscribed).isEqualTo(1);
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(0).toString()).toString())
            .isEqualTo("{\"type\":\"status\",\"state\":\"subscribe_failed\",\"channel\":\"cancelled.ch\"," +
                "\"error\":\"cancelled\"}");
        assertThat(lines.get(1).toString()).contains("refused.ch", "refused by the venue");
        assertThat(lines.get(2).toString()).contains("silent.ch", "no answer");
    }

    /**
     * The command line in its own JVM, started as the launcher starts it.
     */
    private static final class Cli
    {
        private final Process process;
        private final List<String> out = new CopyOnWriteArrayList<>();
        private final CompletableFuture<String> err;
        private final CompletableFuture<Void> outDone;
        private volatile CountDownLatch seen = new CountDownLatch(1);
        private volatile Predicate<String> wanted = line -> false;

        private Cli(final Process process)
        {
            this.process = process;
            // Own threads, not the common pool: it may have a single thread on a small machine, and both reads block.
            this.err = new CompletableFuture<>();
            this.outDone = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("cli-stderr").start(() ->
            {
                try
                {
                    err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                }
                catch (final IOException ex)
                {
                    err.complete(ex.toString());
                }
            });
            Thread.ofPlatform().daemon().name("cli-stdout").start(() ->
            {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)))
                {
                    String line;
                    while ((line = reader.readLine()) != null)
                    {
                        out.add(line);
                        if (wanted.test(line))
                        {
                            seen.countDown();
                        }
                    }
                }
                catch (final IOException ignore)
                {
                    // the process ended
                }
                outDone.complete(null);
            });
        }

        static Cli start(final String... args) throws IOException
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--add-exports");
            command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
            if (Runtime.version().feature() >= 23)
            {
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Main.class.getName());
            command.addAll(List.of(args));
            return new Cli(new ProcessBuilder(command).start());
        }

        void awaitLine(final Predicate<String> predicate) throws InterruptedException
        {
            wanted = predicate;
            if (out.stream().anyMatch(predicate))
            {
                return;
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!seen.await(100, TimeUnit.MILLISECONDS))
            {
                if (!process.isAlive() || System.nanoTime() - deadlineNs > 0)
                {
                    final boolean ended = !process.isAlive();
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError("no matching line; " + (ended ? "the JVM ended" : "timed out") +
                        ", stdout " + out + ", stderr " + err.getNow("(not read yet)"));
                }
            }
        }

        Ended terminate() throws Exception
        {
            try
            {
                // SIGTERM through the handle: Process.destroy() would also close our ends of the pipes.
                assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the JVM ends after SIGTERM").isTrue();
                outDone.get(10, TimeUnit.SECONDS);
                return new Ended(process.exitValue(), List.copyOf(out), err.get(10, TimeUnit.SECONDS));
            }
            finally
            {
                process.destroyForcibly();
            }
        }

        private record Ended(int exit, List<String> out, String err)
        {
        }
    }
}
