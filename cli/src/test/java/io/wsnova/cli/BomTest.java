package io.wsnova.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BOM ({@code bom/pom.xml}, which has no parent on purpose) stays in step with the build: the same version as
 * the root pom, and an entry for every module; docs/EMBEDDING.md names the same version and every artifact.
 */
class BomTest
{
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(wsnova-[^<]+)</artifactId>");

    @Test
    void shouldListEveryModuleAtTheBuildsVersion() throws IOException
    {
        final Path root = CommandTablesTest.projectRoot();
        final String rootPom = Files.readString(root.resolve("pom.xml"));
        final String bom = Files.readString(root.resolve("bom/pom.xml"));
        final String embedding = Files.readString(root.resolve("docs/EMBEDDING.md"));
        final String version = first(Pattern.compile("<artifactId>wsnova-parent</artifactId>\\s*<version>([^<]+)<"),
            rootPom);

        assertThat(first(Pattern.compile("<artifactId>wsnova-bom</artifactId>\\s*<version>([^<]+)<"), bom))
            .isEqualTo(version);
        assertThat(embedding).contains("<version>" + version + "</version>", "io.wsnova:wsnova-bom");
        final List<String> artifacts = new ArrayList<>();
        collectModules(root, rootPom, artifacts);
        assertThat(artifacts).hasSizeGreaterThanOrEqualTo(5);
        for (final String artifact : artifacts)
        {
            assertThat(bom).contains("<artifactId>" + artifact + "</artifactId>");
            assertThat(embedding).contains("io.wsnova:" + artifact);
        }
    }

    /**
     * The artifacts of every module under an aggregator, descending into aggregators (packaging pom) such as
     * adapters/, which ship nothing themselves.
     */
    private static void collectModules(final Path dir, final String pom, final List<String> artifacts)
        throws IOException
    {
        final Matcher modules = MODULE.matcher(pom);
        while (modules.find())
        {
            if (!"bom".equals(modules.group(1)))
            {
                final Path moduleDir = dir.resolve(modules.group(1));
                final String modulePom = Files.readString(moduleDir.resolve("pom.xml"));
                if (modulePom.contains("<packaging>pom</packaging>"))
                {
                    collectModules(moduleDir, modulePom, artifacts);
                    continue;
                }
                final Matcher own = ARTIFACT.matcher(modulePom);
                assertThat(own.find() && own.find()).as("parent and own artifactId in " + moduleDir).isTrue();
                artifacts.add(own.group(1));
            }
        }
    }

    private static String first(final Pattern pattern, final String text)
    {
        final Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern.pattern()).isTrue();
        return matcher.group(1);
    }
}
