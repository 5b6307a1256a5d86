package io.wsnova.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldListSubcommandsOnHelp()
    {
        final int exitCode = run("--help");

        assertThat(exitCode).isEqualTo(Main.EXIT_OK);
        assertThat(out()).contains("demo", "test", "version");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldExitTwoWithUsageOnStderrWhenCommandUnknown()
    {
        final int exitCode = run("nonsense");

        assertThat(exitCode).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("unknown command 'nonsense'", "usage:");
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldExitTwoWhenNoCommandGiven()
    {
        assertThat(run()).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("usage:");
    }

    @Test
    void shouldPrintFilteredVersion()
    {
        assertThat(run("version")).isEqualTo(Main.EXIT_OK);
        assertThat(out()).startsWith("wsnova 0.").doesNotContain("${");
    }

    @Test
    void shouldRejectArgumentsToVersion()
    {
        assertThat(run("version", "--bogus")).isEqualTo(Main.EXIT_USAGE);
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
