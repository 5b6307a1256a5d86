package io.wsnova.engine.behaviour;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default {@link LoggingHandler}: one line per event to a stream (stderr by default), plain or JSON, at or
 * above a level. Fields whose name contains "secret", "token", "signature" or "password" print as {@code ***}.
 * <p>
 * When the system property {@value #LOG_FILE_PROPERTY} names a file, a handler created for the JVM's standard error
 * appends its lines to that file instead (all such handlers share one stream; the file is created with its parent
 * folders). The build sets it for tests so that the engine's log lines of tests that fail connections on purpose go
 * to {@code <module>/target/wsnova-test.log} instead of the console. A handler given any other stream (a test's
 * capture included) writes there as before.
 */
public final class DefaultLoggingHandler implements LoggingHandler
{
    /** System property naming a file that receives the lines meant for the JVM's standard error. */
    public static final String LOG_FILE_PROPERTY = "wsnova.log.file";

    /** The standard error stream the JVM had when this class was loaded. */
    private static final PrintStream STANDARD_ERR = System.err;
    private static final ReentrantLock FILE_LOCK = new ReentrantLock();
    private static PrintStream fileStream;

    private final Level level;
    private final Format format;
    private final PrintStream out;

    /**
     * Creates a handler.
     *
     * @param level  the lowest level printed.
     * @param format plain or JSON lines.
     * @param out    where lines go.
     */
    public DefaultLoggingHandler(final Level level, final Format format, final PrintStream out)
    {
        this.level = level;
        this.format = format;
        this.out = route(out);
    }

    /**
     * The stream lines really go to: the {@value #LOG_FILE_PROPERTY} file for the JVM's standard error when the
     * property is set (and the file can be opened), else the given stream.
     */
    private static PrintStream route(final PrintStream out)
    {
        final String file = System.getProperty(LOG_FILE_PROPERTY);
        if (file == null || file.isBlank() || out != STANDARD_ERR || out != System.err)
        {
            return out;
        }
        final ReentrantLock lock = FILE_LOCK;
        lock.lock();
        try
        {
            if (fileStream == null)
            {
                final Path path = Path.of(file).toAbsolutePath();
                Files.createDirectories(path.getParent());
                fileStream = new PrintStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
            }
            return fileStream;
        }
        catch (final IOException | RuntimeException ex)
        {
            out.println("wsnova: cannot open the log file " + file + " (" + ex + "); logging to stderr");
            return out;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * INFO and above, plain, to stderr.
     *
     * @return a handler.
     */
    public static DefaultLoggingHandler standard()
    {
        return new DefaultLoggingHandler(Level.INFO, Format.PLAIN, System.err);
    }

    @Override
    public Level level()
    {
        return level;
    }

    @Override
    public void log(final Level eventLevel, final String event, final Map<String, ?> fields)
    {
        if (eventLevel.compareTo(level) < 0)
        {
            return;
        }
        out.println(format(eventLevel, event, fields));
    }

    /**
     * Formats one event line (redacted).
     *
     * @param eventLevel the level.
     * @param event      the event name.
     * @param fields     the fields.
     * @return the line.
     */
    public String format(final Level eventLevel, final String event, final Map<String, ?> fields)
    {
        final StringBuilder line = new StringBuilder(128);
        final String time = Instant.now().toString();
        if (format == Format.JSON)
        {
            line.append("{\"time\":\"").append(time).append("\",\"level\":\"").append(eventLevel)
                .append("\",\"event\":");
            appendJsonString(line, event);
            if (fields != null)
            {
                for (final Map.Entry<String, ?> field : fields.entrySet())
                {
                    line.append(',');
                    appendJsonString(line, field.getKey());
                    line.append(':');
                    appendJsonString(line, redact(field.getKey(), field.getValue()));
                }
            }
            line.append('}');
        }
        else
        {
            line.append(time).append(' ').append(eventLevel).append(' ').append(event);
            if (fields != null)
            {
                for (final Map.Entry<String, ?> field : fields.entrySet())
                {
                    line.append(' ').append(field.getKey()).append('=')
                        .append(redact(field.getKey(), field.getValue()));
                }
            }
        }
        return line.toString();
    }

    /**
     * The printable value of a field, redacted when its name marks it as secret.
     *
     * @param name  the field name.
     * @param value the value.
     * @return the printable value.
     */
    public static String redact(final String name, final Object value)
    {
        final String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("secret") || lower.contains("token") || lower.contains("signature") ||
            lower.contains("password"))
        {
            return "***";
        }
        return String.valueOf(value);
    }

    private static void appendJsonString(final StringBuilder line, final String value)
    {
        line.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                line.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                line.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                line.append(c);
            }
        }
        line.append('"');
    }
}
