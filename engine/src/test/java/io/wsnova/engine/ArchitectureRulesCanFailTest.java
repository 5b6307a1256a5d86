package io.wsnova.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule of {@link ArchitectureTest} fails on a copy of the engine's package shape that breaks it on purpose (the
 * fixtures under {@code io.wsnova.archfixture.engine}, test sources only): a rule that cannot fail proves nothing.
 */
class ArchitectureRulesCanFailTest
{
    private static final String FIXTURE = "io.wsnova.archfixture.engine";

    private static JavaClasses fixtures;

    @BeforeAll
    static void importFixtures()
    {
        fixtures = new ClassFileImporter().importPackages(FIXTURE);
    }

    @Test
    void shouldFindThePackageCycleBetweenTheRootAndAnInternalPackage()
    {
        final EvaluationResult result = ArchitectureRules.noPackageCycles("io.wsnova.archfixture").evaluate(fixtures);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("engine.client").contains("FixtureSetup");
    }

    @Test
    void shouldFindEveryLayerThatDependsOnALayerItMustNot()
    {
        final String report = ArchitectureRules.layering(FIXTURE).evaluate(fixtures).getFailureReport().toString();

        assertThat(report)
            .as("api -> behaviour").contains("BadApiType.behaviour")
            .as("behaviour -> config").contains("BadBehaviour.defaults")
            .as("config -> transport").contains("BadOptions.transport")
            .as("client -> root").contains("FixtureClient.setup")
            .as("runtime -> api").contains("BadRuntime.api")
            .as("jsonrpc -> transport").contains("BadJsonRpc.transport");
    }

    @Test
    void shouldFindARuntimeTypeThatDependsOnMoreThanTheJdkAndAgrona()
    {
        final EvaluationResult result = ArchitectureRules.runtimeOnJdkAndAgronaOnly(FIXTURE).evaluate(fixtures);

        assertThat(result.getFailureReport().toString()).contains("BadRuntime.api");
    }

    @Test
    void shouldPassTheEnginesOwnLayeringWhereNothingIsFrozen()
    {
        final JavaClasses lowest = new ClassFileImporter().importPackages(
            "io.wsnova.engine.runtime", "io.wsnova.engine.api", "io.wsnova.engine.behaviour");

        assertThat(ArchitectureRules.layering("io.wsnova.engine").evaluate(lowest).hasViolation()).isFalse();
        assertThat(ArchitectureRules.runtimeOnJdkAndAgronaOnly("io.wsnova.engine").evaluate(lowest).hasViolation())
            .isFalse();
    }
}
