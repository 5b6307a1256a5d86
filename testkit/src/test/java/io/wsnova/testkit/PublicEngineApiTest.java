package io.wsnova.testkit;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared public-API rule can fail: on a fixture engine ({@code io.wsnova.archfixture}) it reports an internal
 * client type and a non-query telemetry type, and lets a public telemetry query type pass.
 */
class PublicEngineApiTest
{
    @Test
    void shouldFailOnCodeThatReachesIntoEngineInternals()
    {
        final String report = PublicEngineApi.usesOnlyThePublicEngineApi("io.wsnova.archfixture.engine",
            "io.wsnova.archfixture.consumer")
            .evaluate(new ClassFileImporter().importPackages("io.wsnova.archfixture")).getFailureReport().toString();

        assertThat(report).contains("UsesEngineInternals.client").contains("UsesEngineInternals.stages")
            .doesNotContain("UsesEngineInternals.telemetry");
    }
}
