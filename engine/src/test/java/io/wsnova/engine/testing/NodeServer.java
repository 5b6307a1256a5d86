package io.wsnova.engine.testing;

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
 * node's {@code ws} library (engine/src/test/node/server.js) as a child process: an independent, non-Java
 * WebSocket server on 127.0.0.1. When node or {@code node_modules/ws} is missing the calling test is SKIPPED
 * with a loud message (a JUnit assumption plus a line on stderr), never passed without running.
 * <p>
 * The process exits when its stdin closes; {@link #close()} closes stdin, then destroys it if it lingers.
 */
public final class NodeServer implements AutoCloseable
{
    private static final long START_TIMEOUT_MS = 15_000;
    private static final Pattern PORT_LINE = Pattern.compile("\\{\\s*\"port\"\\s*:\\s*(\\d+)\\s*}");

    private final Process process;
    private final int port;
    private final boolean secure;

    private NodeServer(final Process process, final int port, final boolean secure)
    {
        this.process = process;
        this.port = port;
        this.secure = secure;
    }

    /**
     * Starts a plain (ws://) server, or skips the calling test loudly when node or ws is missing.
     */
    public static NodeServer startPlain() throws IOException, InterruptedException
    {
        return start(List.of());
    }

    /**
     * Starts a TLS (wss://) server with the given PEM certificate and key.
     */
    public static NodeServer startTls(final Path certPem, final Path keyPem) throws IOException, InterruptedException
    {
        return start(List.of("--tls", certPem.toString(), keyPem.toString()));
    }

    /**
     * Starts a plain (ws://) server with extra arguments of server.js (e.g. {@code --deflate}).
     */
    public static NodeServer startPlainWith(final String... args) throws IOException, InterruptedException
    {
        return start(List.of(args));
    }

    /**
     * Skips the calling test loudly when node or the ws module is not installed.
     */
    public static void assumeAvailable()
    {
        final String reason = unavailableReason();
        if (reason != null)
        {
            System.err.println("SKIPPED (node interop): " + reason);
            Assumptions.abort("node interop server unavailable: " + reason);
        }
    }

    private static NodeServer start(final List<String> extraArgs) throws IOException, InterruptedException
    {
        assumeAvailable();
        final List<String> command = new ArrayList<>();
        command.add("node");
        command.add("server.js");
        command.addAll(extraArgs);
        final Process process = new ProcessBuilder(command)
            .directory(scriptDirectory().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        final CompletableFuture<String> firstLine = new CompletableFuture<>();
        final Thread lineReader = new Thread(() ->
        {
            try
            {
                final BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                firstLine.complete(reader.readLine());
            }
            catch (final Throwable ex)
            {
                firstLine.completeExceptionally(ex);
            }
        }, "node-server-stdout");
        lineReader.setDaemon(true);
        lineReader.start();
        try
        {
            final String line = firstLine.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            final Matcher matcher = line == null ? null : PORT_LINE.matcher(line);
            if (matcher == null || !matcher.find())
            {
                throw new IllegalStateException("node server.js printed no port line, got: " + line);
            }
            return new NodeServer(process, Integer.parseInt(matcher.group(1)), extraArgs.contains("--tls"));
        }
        catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex)
        {
            stop(process);
            throw new IllegalStateException("node server.js did not report its port within " + START_TIMEOUT_MS +
                " ms", ex);
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            stop(process);
            throw ex;
        }
    }

    private static String unavailableReason()
    {
        return Probe.REASON;
    }

    /**
     * Probes once per JVM, on first use (holder idiom).
     */
    private static final class Probe
    {
        static final String REASON = probe();
    }

    private static String probe()
    {
        final Path dir = scriptDirectory();
        if (!Files.isRegularFile(dir.resolve("server.js")))
        {
            return "engine/src/test/node/server.js not found (working directory " +
                Path.of("").toAbsolutePath() + ")";
        }
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("ws")))
        {
            return "node module 'ws' is not installed in " + dir + ": run .ci/install-test-deps";
        }
        try
        {
            final Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!version.waitFor(10, TimeUnit.SECONDS))
            {
                version.destroyForcibly();
                return "'node --version' did not finish within 10 s";
            }
            if (version.exitValue() != 0)
            {
                return "'node --version' exited with " + version.exitValue();
            }
            return null;
        }
        catch (final IOException ex)
        {
            return "the 'node' executable is not on the PATH (" + ex.getMessage() + "): run .ci/install-test-deps";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted while probing node";
        }
    }

    private static Path scriptDirectory()
    {
        final Path moduleRelative = Path.of("src", "test", "node").toAbsolutePath();
        if (Files.isDirectory(moduleRelative))
        {
            return moduleRelative;
        }
        return Path.of("engine", "src", "test", "node").toAbsolutePath();
    }

    public int port()
    {
        return port;
    }

    /**
     * A URL on 127.0.0.1.
     */
    public String url(final String path)
    {
        return url("127.0.0.1", path);
    }

    /**
     * A URL naming the server with {@code host} (e.g. "localhost" to exercise a DNS-name certificate check).
     */
    public String url(final String host, final String path)
    {
        return (secure ? "wss" : "ws") + "://" + host + ":" + port + path;
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
            if (!process.waitFor(2, TimeUnit.SECONDS))
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
}
