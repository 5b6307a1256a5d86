package io.wsnova.cli;

import io.wsnova.mock.deribit.MockDeribitConfig;
import io.wsnova.mock.deribit.MockDeribitExchange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/EMBEDDING.md, followed as a newcomer would: its minimal {@code pom.xml} and {@code main} are copied into a
 * temporary folder, built offline ({@code mvnw -o package}) against the wsnova artifacts installed in the local
 * Maven repository, and run against the embedded mock exchange, once with the documented JVM flags (at least
 * five tickers, exit 0) and once without them (one {@code NovaException} naming the missing flag, no
 * {@code IllegalAccessError}).
 * <p>
 * {@code ./nova test} installs each module before the next one's tests run, so the artifacts are fresh there. The
 * local repository is Maven's default unless {@code -Dwsnova.embedding.repo=DIR} names another (with
 * {@code -Dwsnova.embedding.repoTail=DIR} as a read-only fallback for third-party artifacts).
 */
@Tag("slow")
@Timeout(600)
class EmbeddingTest
{
    private static final Pattern FILE_BLOCK =
        Pattern.compile("<!-- embedding-test: ([^ ]+) -->\\s*```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path project;

    @Test
    void shouldBuildAndRunTheDocumentedMinimalProjectAgainstTheInstalledArtifacts() throws Exception
    {
        final Path root = CommandTablesTest.projectRoot();
        final Map<String, String> files = filesOf(Files.readString(root.resolve("docs/EMBEDDING.md")));
        assertThat(files).containsOnlyKeys("pom.xml", "src/main/java/example/TickerPrinter.java");
        final Path repo = localRepository();
        Assumptions.assumeTrue(Files.isDirectory(repo.resolve("io/wsnova/wsnova-bom")) &&
            Files.isDirectory(repo.resolve("io/wsnova/wsnova-deribit")),
            "wsnova is not installed in " + repo + ": run ./mvnw install -DskipTests first (./nova test does)");
        for (final Map.Entry<String, String> file : files.entrySet())
        {
            final Path path = project.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }

        final List<String> build = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-o", "-B", "-q",
            "--no-transfer-progress", "-f", project.resolve("pom.xml").toString(), "package"));
        if (System.getProperty("wsnova.embedding.repo") != null)
        {
            build.add("-Dmaven.repo.local=" + repo);
        }
        if (System.getProperty("wsnova.embedding.repoTail") != null)
        {
            build.add("-Dmaven.repo.local.tail=" + System.getProperty("wsnova.embedding.repoTail"));
        }
        final Result built = run(build, 400);
        assertThat(built.exit).as("mvnw -o package of the documented project:\n" + built.output).isZero();
        final Path jar = project.resolve("target/ticker-printer.jar");
        assertThat(jar).exists();

        try (MockDeribitExchange exchange = new MockDeribitExchange(MockDeribitConfig.builder()
            .messagesPerSecond(200).build()))
        {
            exchange.start();
            final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            final List<String> withFlags = new ArrayList<>(List.of(java, "--add-exports",
                "java.base/jdk.internal.misc=ALL-UNNAMED"));
            if (Runtime.version().feature() >= 23)
            {
                withFlags.add("--sun-misc-unsafe-memory-access=allow");
            }
            withFlags.addAll(List.of("-jar", jar.toString(), exchange.uri().toString()));
            final Result ran = run(withFlags, 60);
            assertThat(ran.exit).as(ran.output).isZero();
            assertThat(ran.output.lines().filter(line -> line.startsWith("BTC-PERPETUAL bid ")).count())
                .as(ran.output).isGreaterThanOrEqualTo(5);

            final Result noFlags = run(List.of(java, "-jar", jar.toString(), exchange.uri().toString()), 60);
            assertThat(noFlags.exit).as(noFlags.output).isNotZero();
            assertThat(noFlags.output).contains("NovaException: this JVM was started without --add-exports " +
                "java.base/jdk.internal.misc=ALL-UNNAMED").doesNotContain("IllegalAccessError");
        }
    }

    private static Map<String, String> filesOf(final String markdown)
    {
        final Map<String, String> files = new java.util.TreeMap<>();
        final Matcher matcher = FILE_BLOCK.matcher(markdown);
        while (matcher.find())
        {
            files.put(matcher.group(1), matcher.group(2));
        }
        return files;
    }

    private static Path localRepository()
    {
        final String configured = System.getProperty("wsnova.embedding.repo");
        return configured != null ? Path.of(configured) :
            Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private Result run(final List<String> command, final long timeoutS) throws IOException, InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
            .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process process = builder.start();
        try
        {
            final CompletableFuture<String> output = CompletableFuture.supplyAsync(() ->
            {
                try
                {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
                catch (final IOException ex)
                {
                    return ex.toString();
                }
            });
            assertThat(process.waitFor(timeoutS, TimeUnit.SECONDS)).as(String.join(" ", command) + " ends within " +
                timeoutS + " s").isTrue();
            return new Result(process.exitValue(), output.join());
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private record Result(int exit, String output)
    {
    }
}
