package io.wsnova.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./nova} launcher's own commands ({@code test}, {@code bench}), run as a real process: their help and
 * usage errors need no build, so this runs in a second.
 */
@Timeout(120)
class LauncherTest
{
    @Test
    void shouldPrintTheTestUsageOnHelpWithExitZero() throws Exception
    {
        final Result result = nova("test", "--help");

        assertThat(result.exit).as(result.err).isZero();
        assertThat(result.out).startsWith("usage: ./nova test").contains("--fast", "-Dtest=PATTERN");
    }

    @Test
    void shouldRejectAnUnknownTestOptionWithExitTwo() throws Exception
    {
        final Result result = nova("test", "--bogus");

        assertThat(result.exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(result.err).contains("nova: test: unknown option --bogus", "usage: ./nova test");
        assertThat(result.out).isEmpty();
    }

    @Test
    void shouldSayWhichTestOptionLacksItsValue() throws Exception
    {
        final Result result = nova("test", "-pl");

        assertThat(result.exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(result.err).contains("-pl needs a value");
    }

    @Test
    void shouldPrintTheBenchUsageWhenBenchIsAlone() throws Exception
    {
        final Result alone = nova("bench");
        assertThat(alone.exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(alone.err).contains("usage: ./nova bench jmh|report|e2e");

        final Result help = nova("bench", "--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).startsWith("usage: ./nova bench").contains("jmh", "report", "e2e");

        final Result unknown = nova("bench", "bogus");
        assertThat(unknown.exit).isEqualTo(Main.EXIT_USAGE);
        assertThat(unknown.err).contains("unknown bench suite 'bogus'");
    }

    private static Result nova(final String... args) throws IOException, InterruptedException
    {
        final Path root = CommandTablesTest.projectRoot();
        final List<String> command = new ArrayList<>(List.of("bash", root.resolve("nova").toString()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process process = builder.start();
        try
        {
            final CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process, true));
            final byte[] out = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./nova " + String.join(" ", args) + " ends")
                .isTrue();
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static byte[] readAll(final Process process, final boolean err)
    {
        try
        {
            return (err ? process.getErrorStream() : process.getInputStream()).readAllBytes();
        }
        catch (final IOException ex)
        {
            return ex.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private record Result(int exit, String out, String err)
    {
    }
}
