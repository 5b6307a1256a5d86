package io.wsnova.testkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The ArchUnit rule that code outside the engine (venue adapters, the mock exchange, cli, benchmarks) uses only
 * the engine's public API (docs/ARCHITECTURE.md, "Modules"), tests included: the packages {@code io.wsnova.engine},
 * {@code api}, {@code behaviour}, {@code config}, {@code runtime}, the adapter bases {@code jsonrpc} and
 * {@code echo}, and of {@code telemetry} only its query types ({@code Telemetry}, {@code LatencyStats},
 * {@code Stage}, {@code Window}, {@code Counter}, {@code CountersFileReader}). Never {@code engine.client},
 * {@code engine.transport} or another telemetry type.
 * <p>
 * One rule for every module's ArchitectureTest. Its text is the key of frozen violations
 * ({@code archunit_store/stored.rules}): change it only together with the stores.
 */
public final class PublicEngineApi
{
    /** The engine's root package. */
    public static final String ENGINE = "io.wsnova.engine";

    /** The telemetry types that are public API: the query side of counters and latency, and the file reader. */
    private static final Set<String> PUBLIC_TELEMETRY =
        Set.of("Telemetry", "LatencyStats", "Stage", "Window", "Counter", "CountersFileReader");

    private PublicEngineApi()
    {
    }

    /**
     * No class in {@code consumers} depends on an engine internal.
     *
     * @param engine    the engine's root package ({@link #ENGINE}, or a fixture's).
     * @param consumers ArchUnit package identifiers of the code that must use only the public API.
     * @return the rule.
     */
    public static ArchRule usesOnlyThePublicEngineApi(final String engine, final String... consumers)
    {
        return noClasses().that().resideInAnyPackage(consumers).should().dependOnClassesThat(engineInternals(engine))
            .because("a class is public only if a user or an adapter needs it; the rest may change at any time");
    }

    /**
     * The engine's internal types: {@code client}, {@code transport} and their subpackages, and the telemetry types
     * that are not query types.
     *
     * @param engine the engine's root package.
     * @return the predicate.
     */
    public static DescribedPredicate<JavaClass> engineInternals(final String engine)
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
}
