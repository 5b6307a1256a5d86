package io.wsnova.engine;


import io.wsnova.engine.config.NovaOptions;

import io.wsnova.engine.api.NovaException;
import io.wsnova.engine.api.WebSocketHandler;

import io.wsnova.engine.echo.EchoAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM started without the flags wsnova needs gets one {@link NovaException} naming the missing flag at connect,
 * from every connect entry point, instead of a raw {@code IllegalAccessError} out of Agrona. Each case starts a
 * real child JVM (this test's classpath, no flags) running {@link Probe}.
 */
@Timeout(120)
class JvmFlagsTest
{
    @Test
    void shouldNameTheAgronaFlagWhenTheJvmLacksIt() throws Exception
    {
        final Result result = runProbe(List.of());

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output)
            .contains("Nova.connectBlocking: NovaException: this JVM was started without " + JvmFlags.AGRONA_FLAG)
            .contains("Nova.connect: NovaException: this JVM was started without " + JvmFlags.AGRONA_FLAG)
            .contains("WebSocketClient.connectBlocking: NovaException: this JVM was started without")
            .contains("WebSocketClient.connect: NovaException: this JVM was started without")
            .doesNotContain("IllegalAccessError");
    }

    @Test
    void shouldNameTheUnsafeFlagWhenTheJvmDeniesUnsafe() throws Exception
    {
        final Result result = runProbe(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-D" + JvmFlags.UNSAFE_PROPERTY + "=deny"));

        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("Nova.connectBlocking: NovaException: this JVM was started with " +
            "--sun-misc-unsafe-memory-access=deny").contains(JvmFlags.UNSAFE_FLAG);
    }

    @Test
    void shouldPassWhenTheFlagsAreThere()
    {
        assertThat(JvmFlags.problem(true, null)).isNull();
        assertThat(JvmFlags.problem(true, "allow")).isNull();
        assertThat(JvmFlags.problem(true, "warn")).isNull();
        assertThat(JvmFlags.problem(false, "allow")).contains(JvmFlags.AGRONA_FLAG);
        JvmFlags.check();
    }

    private static Result runProbe(final List<String> jvmFlags) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Probe.class.getName());
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try
        {
            final byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM ends").isTrue();
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private record Result(int exitCode, String output)
    {
    }

    /**
     * Runs in the child JVM: tries every connect entry point and prints what each threw.
     */
    static final class Probe
    {
        private static final WebSocketHandler IGNORE = (webSocket, type, buffer, offset, length) ->
        {
        };

        private Probe()
        {
        }

        /**
         * Entry point of the child JVM.
         *
         * @param args unused.
         */
        public static void main(final String[] args)
        {
            final String url = "ws://127.0.0.1:9/";
            final NovaOptions options = NovaOptions.builder().url(url).build();
            attempt("Nova.connectBlocking", () -> Nova.connectBlocking(new EchoAdapter(), options));
            attempt("Nova.connect", () -> Nova.connect(new EchoAdapter(), options));
            attempt("WebSocketClient.connectBlocking", () -> WebSocketClient.connectBlocking(url,
                NovaOptions.empty(), IGNORE));
            attempt("WebSocketClient.connect", () -> WebSocketClient.connect(url, NovaOptions.empty(),
                IGNORE));
        }

        private static void attempt(final String entryPoint, final Attempt attempt)
        {
            try
            {
                attempt.run();
                System.out.println(entryPoint + ": no exception");
            }
            catch (final Throwable ex)
            {
                System.out.println(entryPoint + ": " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
        }

        private interface Attempt
        {
            void run() throws Exception;
        }
    }
}
