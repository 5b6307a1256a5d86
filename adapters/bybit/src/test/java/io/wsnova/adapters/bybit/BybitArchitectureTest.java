package io.wsnova.adapters.bybit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.wsnova.testkit.PublicEngineApi;
import org.junit.jupiter.api.Test;

import static io.wsnova.testkit.PublicEngineApi.usesOnlyThePublicEngineApi;

/**
 * The venue adapters (the module {@code wsnova-bybit}) use only the engine's public API (docs/ARCHITECTURE.md,
 * "Modules"), tests included: the packages {@code io.wsnova.engine}, {@code api}, {@code behaviour}, {@code
 * config}, {@code runtime}, the adapter bases {@code jsonrpc} and {@code echo}, and of {@code telemetry} only its
 * query types ({@code Telemetry}, {@code LatencyStats}, {@code Stage}, {@code Window}, {@code Counter}, {@code
 * CountersFileReader}). Never {@code engine.client}, {@code engine.transport} or another telemetry type. The rule
 * is the test kit's {@link PublicEngineApi} (shared by every module; its can-fail check is PublicEngineApiTest).
 */
class BybitArchitectureTest
{
    @Test
    void shouldUseOnlyThePublicEngineApi()
    {
        final JavaClasses classes = new ClassFileImporter().importPackages("io.wsnova.adapters.bybit");

        final ArchRule rule = usesOnlyThePublicEngineApi(PublicEngineApi.ENGINE,
            "io.wsnova.adapters.bybit..");
        rule.check(classes);
    }
}
