package io.wsnova.engine;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's package rules, built over a root package so that {@link ArchitectureTest} checks them on the engine
 * and {@link ArchitectureRulesCanFailTest} on a deliberately broken copy of its shape (test fixtures under
 * {@code io.wsnova.archfixture}). docs/ARCHITECTURE.md draws the graph these rules keep true.
 */
final class ArchitectureRules
{
    private ArchitectureRules()
    {
    }

    /**
     * No cycle between packages: every package under {@code base} is its own slice.
     *
     * @param base the base package, e.g. {@code io.wsnova}.
     * @return the rule.
     */
    static ArchRule noPackageCycles(final String base)
    {
        return slices().matching(base + ".(**)").namingSlices("$1").should().beFreeOfCycles()
            .because("a package cycle makes the layers impossible to read or test apart");
    }

    /**
     * The engine's layering: runtime and api lowest; behaviour on api; config on api and behaviour; the internal
     * packages (transport, telemetry, client) on those, the runtime and each other, never on the root (setup)
     * package; the adapter bases (jsonrpc, echo) on public packages only; the root package on everything.
     *
     * @param engine the engine's root package, e.g. {@code io.wsnova.engine}.
     * @return the rule.
     */
    static Architectures.LayeredArchitecture layering(final String engine)
    {
        return Architectures.layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("runtime").definedBy(engine + ".runtime..")
            .layer("api").definedBy(engine + ".api..")
            .layer("behaviour").definedBy(engine + ".behaviour..")
            .layer("config").definedBy(engine + ".config..")
            .layer("transport").definedBy(engine + ".transport..")
            .layer("telemetry").definedBy(engine + ".telemetry..")
            .layer("client").definedBy(engine + ".client..")
            .layer("jsonrpc").definedBy(engine + ".jsonrpc..")
            .layer("echo").definedBy(engine + ".echo..")
            .layer("root").definedBy(engine)
            .whereLayer("runtime").mayNotAccessAnyLayer()
            .whereLayer("api").mayNotAccessAnyLayer()
            .whereLayer("behaviour").mayOnlyAccessLayers("api")
            .whereLayer("config").mayOnlyAccessLayers("api", "behaviour")
            .whereLayer("transport").mayOnlyAccessLayers("runtime", "api", "behaviour", "config", "telemetry",
                "client")
            .whereLayer("telemetry").mayOnlyAccessLayers("runtime", "api", "behaviour", "config", "transport",
                "client")
            .whereLayer("client").mayOnlyAccessLayers("runtime", "api", "behaviour", "config", "transport",
                "telemetry")
            .whereLayer("jsonrpc").mayOnlyAccessLayers("api", "behaviour")
            .whereLayer("echo").mayOnlyAccessLayers("root", "runtime", "api", "behaviour", "config", "jsonrpc");
    }

    /**
     * The runtime package (the clock and the timer every part is handed) depends on the JDK and Agrona only.
     *
     * @param engine the engine's root package.
     * @return the rule.
     */
    static ArchRule runtimeOnJdkAndAgronaOnly(final String engine)
    {
        return classes().that().resideInAPackage(engine + ".runtime..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.agrona..", engine + ".runtime..")
            .because("the runtime is the lowest layer: every part depends on it, it on nothing of wsnova");
    }
}
