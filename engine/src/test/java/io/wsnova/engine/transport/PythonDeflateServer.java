package io.wsnova.engine.transport;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * python's {@code websockets} (engine/src/test/python/deflate_echo_server.py) as a child process: an independent
 * echo server with permessage-deflate on 127.0.0.1. When no python3 with {@code websockets} is found (tried:
 * {@code python3}, then {@code /usr/bin/python3}, where Debian's {@code python3-websockets} installs) the calling
 * test is SKIPPED with a loud message, never passed without running.
 */
final class PythonDeflateServer implements AutoCloseable
{
    private static final long START_TIMEOUT_MS = 15_000;
    private static final Pattern PORT_LINE = Pattern.compile("\\{\\s*\"port\"\\s*:\\s*(\\d+)\\s*}");
    private static final String[] INTERPRETERS = {"python3", "/usr/bin/python3"};

    private final Process process;
    private final int port;

    private PythonDeflateServer(final Process process, final int port)
    {
        this.process = process;
        this.port = port;
    }

    static PythonDeflateServer start(final boolean noContextTakeover) throws Exception
    {
        final String interpreter = Probe.INTERPRETER;
        if (interpreter == null)
        {
            System.err.println("SKIPPED (python interop): no python3 with the 'websockets' package: run " +
                ".ci/install-test-deps (apt python3-websockets)");
            Assumptions.abort("python websockets unavailable");
        }
        final List<String> command = new ArrayList<>(List.of(interpreter, "deflate_echo_server.py"));
        if (noContextTakeover)
        {
            command.add("--no-context");
        }
        final Process process = new ProcessBuilder(command).directory(scriptDirectory().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final CompletableFuture<String> firstLine = new CompletableFuture<>();
        final Thread lineReader = new Thread(() ->
        {
            try
            {
                firstLine.complete(new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine());
            }
            catch (final Throwable ex)
            {
                firstLine.completeExceptionally(ex);
            }
        }, "python-server-stdout");
        lineReader.setDaemon(true);
        lineReader.start();
        try
        {
            final String line = firstLine.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            final Matcher matcher = line == null ? null : PORT_LINE.matcher(line);
            if (matcher == null || !matcher.find())
            {
                throw new IllegalStateException("deflate_echo_server.py printed no port line, got: " + line);
            }
            return new PythonDeflateServer(process, Integer.parseInt(matcher.group(1)));
        }
        catch (final Exception ex)
        {
            stop(process);
            throw ex;
        }
    }

    String url(final String path)
    {
        return "ws://127.0.0.1:" + port + path;
    }

    @Override
    public void close()
    {
        stop(process);
    }

    private static void stop(final Process process)
    {
        try
        {
            process.getOutputStream().close();
        }
        catch (final IOException ignore)
        {
            // already gone
        }
        try
        {
            if (!process.waitFor(3, TimeUnit.SECONDS))
            {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path scriptDirectory()
    {
        final Path moduleRelative = Path.of("src", "test", "python").toAbsolutePath();
        return Files.isDirectory(moduleRelative) ? moduleRelative :
            Path.of("engine", "src", "test", "python").toAbsolutePath();
    }

    /**
     * Finds, once per JVM, an interpreter that can import websockets.
     */
    private static final class Probe
    {
        static final String INTERPRETER = probe();

        private static String probe()
        {
            for (final String interpreter : INTERPRETERS)
            {
                try
                {
                    final Process check = new ProcessBuilder(interpreter, "-c", "import websockets")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (check.waitFor(20, TimeUnit.SECONDS) && check.exitValue() == 0)
                    {
                        return interpreter;
                    }
                    check.destroyForcibly();
                }
                catch (final IOException ex)
                {
                    // not installed under this name
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return null;
        }
    }
}
