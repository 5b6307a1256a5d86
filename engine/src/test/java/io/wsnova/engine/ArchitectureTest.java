package io.wsnova.engine;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

/**
 * Keeps the engine's package graph true (docs/ARCHITECTURE.md, "Engine packages"): no package cycles under
 * {@code io.wsnova}, the layering of the engine's packages, and a runtime package on the JDK and Agrona only.
 * <p>
 * Two rules are frozen ({@link FreezingArchRule}): the violations they had when they were written are in
 * {@code src/test/resources/archunit_store} and pass, any new one fails, and a violation that goes away is removed
 * from the store on the next run (commit the shrunk store). The frozen ones, each removed by a branch of issue 13:
 * {@code client -> io.wsnova.engine.Adapter} and the cycle {@code engine <-> engine.client} that it makes (the
 * client split: the connection gets its resolved behaviours, not the adapter), and
 * {@code config -> transport.WebSocketOptions} (the single option system: {@code WebSocketOptions} becomes an
 * internal value the transport resolves from {@code NovaOptions}).
 */
@AnalyzeClasses(packages = "io.wsnova", importOptions = ImportOption.DoNotIncludeTests.class)
final class ArchitectureTest
{
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = FreezingArchRule.freeze(ArchitectureRules.noPackageCycles("io.wsnova"));

    @ArchTest
    static final ArchRule ENGINE_LAYERING = FreezingArchRule.freeze(ArchitectureRules.layering("io.wsnova.engine"));

    @ArchTest
    static final ArchRule RUNTIME_ON_JDK_AND_AGRONA_ONLY =
        ArchitectureRules.runtimeOnJdkAndAgronaOnly("io.wsnova.engine");

    private ArchitectureTest()
    {
    }
}
