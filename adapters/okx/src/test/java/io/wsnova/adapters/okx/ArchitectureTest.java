package io.wsnova.adapters.okx;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.wsnova.testkit.PublicEngineApi;
import org.junit.jupiter.api.Test;

import static io.wsnova.testkit.PublicEngineApi.usesOnlyThePublicEngineApi;

/**
 * The OKX adapter (tests included) uses only the engine's public API, by the test kit's {@link PublicEngineApi}
 * rule (docs/ARCHITECTURE.md, "Modules").
 */
class ArchitectureTest
{
    @Test
    void shouldUseOnlyThePublicEngineApi()
    {
        final JavaClasses classes = new ClassFileImporter().importPackages("io.wsnova.adapters.okx");

        usesOnlyThePublicEngineApi(PublicEngineApi.ENGINE, "io.wsnova.adapters.okx..").check(classes);
    }
}
