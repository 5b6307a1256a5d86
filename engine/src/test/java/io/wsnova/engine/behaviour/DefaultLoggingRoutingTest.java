package io.wsnova.engine.behaviour;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code -Dwsnova.log.file} (the build sets it for every test JVM), the default handler's lines meant for the
 * JVM's stderr land in that file, not on the console; a handler given any other stream still writes there.
 */
class DefaultLoggingRoutingTest
{
    @Test
    void shouldWriteStderrLinesToTheConfiguredFile() throws IOException
    {
        final String file = System.getProperty(DefaultLoggingHandler.LOG_FILE_PROPERTY);
        Assumptions.assumeTrue(file != null, "run by the build, which sets -D" +
            DefaultLoggingHandler.LOG_FILE_PROPERTY);
        final String marker = "routing-marker-" + System.nanoTime();

        new DefaultLoggingHandler(LoggingHandler.Level.INFO, LoggingHandler.Format.PLAIN, System.err)
            .log(LoggingHandler.Level.WARN, marker, Map.of("client_secret", "hidden"));

        final String written = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        assertThat(written).contains(marker + " client_secret=***").doesNotContain("hidden");
    }

    @Test
    void shouldKeepWritingToAnyOtherStream()
    {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final String marker = "captured-marker-" + System.nanoTime();

        new DefaultLoggingHandler(LoggingHandler.Level.INFO, LoggingHandler.Format.PLAIN,
            new PrintStream(captured, true, StandardCharsets.UTF_8)).log(LoggingHandler.Level.INFO, marker, null);

        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(marker);
    }
}
