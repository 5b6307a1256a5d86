package io.wsnova.adapters.deribit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The venue adapters (the module {@code wsnova-deribit}) use only the engine's public API (docs/ARCHITECTURE.md,
 * "Modules"), tests included: the packages {@code io.wsnova.engine}, {@code api}, {@code behaviour}, {@code
 * config}, {@code runtime}, the adapter bases {@code jsonrpc} and {@code echo}, and of {@code telemetry} only its
 * query types ({@code Telemetry}, {@code LatencyStats}, {@code Stage}, {@code Window}, {@code Counter}, {@code
 * CountersFileReader}). Never {@code engine.client}, {@code engine.transport} or another telemetry type.
 */
class ArchitectureTest
{
    /** The telemetry types that are public API: the query side of counters and latency, and the file reader. */
    private static final Set<String> PUBLIC_TELEMETRY =
        Set.of("Telemetry", "LatencyStats", "Stage", "Window", "Counter", "CountersFileReader");

    static ArchRule usesOnlyThePublicEngineApi(final String engine, final String... consumers)
    {
        return noClasses().that().resideInAnyPackage(consumers).should().dependOnClassesThat(engineInternals(engine))
            .because("a class is public only if a user or an adapter needs it; the rest may change at any time");
    }

    static DescribedPredicate<JavaClass> engineInternals(final String engine)
    {
        return DescribedPredicate.describe("are engine internals (client, transport, telemetry but its query types)",
            type ->
            {
                final JavaClass element = type.getBaseComponentType();
                final String packageName = element.getPackageName();
                if (!element.getName().startsWith(packageName + "."))
                {
                    return false; // a primitive type
                }
                final String topLevel = element.getName().substring(packageName.length() + 1).split("\\$")[0];
                return isIn(packageName, engine + ".client") || isIn(packageName, engine + ".transport") ||
                    (packageName.equals(engine + ".telemetry") && !PUBLIC_TELEMETRY.contains(topLevel));
            });
    }

    private static boolean isIn(final String packageName, final String parent)
    {
        return packageName.equals(parent) || packageName.startsWith(parent + ".");
    }

    @Test
    void shouldUseOnlyThePublicEngineApi()
    {
        final JavaClasses classes = new ClassFileImporter().importPackages("io.wsnova.adapters");

        final ArchRule rule = usesOnlyThePublicEngineApi("io.wsnova.engine",
            "io.wsnova.adapters..");
        rule.check(classes);
    }

    @Test
    void shouldFailOnCodeThatReachesIntoEngineInternals()
    {
        final String report = usesOnlyThePublicEngineApi("io.wsnova.archfixture.engine",
            "io.wsnova.archfixture.consumer")
            .evaluate(new ClassFileImporter().importPackages("io.wsnova.archfixture")).getFailureReport().toString();

        assertThat(report).contains("UsesEngineInternals.client").contains("UsesEngineInternals.stages")
            .doesNotContain("UsesEngineInternals.telemetry");
    }
}
