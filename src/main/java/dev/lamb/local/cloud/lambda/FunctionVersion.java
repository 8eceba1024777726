package dev.lamb.local.cloud.lambda;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One version of a function's code and configuration: $LATEST (which updates replace) or a published,
 * immutable version "1".."n".
 */
record FunctionVersion(String version, String description, String runtime, String handler, String role,
        String codeSha256, String codeHex, long codeSize, int timeout, int memorySize, Map<String, String> environment,
        String tracingMode, List<String> architectures, int ephemeralStorage, String logFormat, String logGroup,
        String applicationLogLevel, String systemLogLevel, String lastModified, String revisionId, List<String> layers) {

    FunctionVersion {
        environment = Map.copyOf(environment == null ? Map.of() : environment);
        layers = List.copyOf(layers == null ? List.of() : layers);
        architectures = List.copyOf(architectures == null ? List.of("x86_64") : architectures);
    }

    FunctionVersion published(String number, String description, String lastModified, String revisionId) {
        return new FunctionVersion(number, description, runtime, handler, role, codeSha256, codeHex, codeSize, timeout,
                memorySize, environment, tracingMode, architectures, ephemeralStorage, logFormat, logGroup,
                applicationLogLevel, systemLogLevel, lastModified, revisionId, layers);
    }

    /** $LATEST with this configuration and that code, as last changed at lastModified to revisionId. */
    FunctionVersion withCode(FunctionStore.StoredCode code, String lastModified, String revisionId) {
        return new FunctionVersion("$LATEST", description, runtime, handler, role, code.sha256Base64(), code.hex(), code.size(),
                timeout, memorySize, environment, tracingMode, architectures, ephemeralStorage, logFormat, logGroup,
                applicationLogLevel, systemLogLevel, lastModified, revisionId, layers);
    }

    FunctionVersion withRevisionId(String revisionId) {
        return new FunctionVersion(version, description, runtime, handler, role, codeSha256, codeHex, codeSize, timeout,
                memorySize, environment, tracingMode, architectures, ephemeralStorage, logFormat, logGroup,
                applicationLogLevel, systemLogLevel, lastModified, revisionId, layers);
    }

    /** Whether publishing this would give nothing new over other: same code and same configuration. */
    boolean sameCodeAndConfig(FunctionVersion other) {
        return Objects.equals(runtime, other.runtime) && Objects.equals(handler, other.handler)
                && Objects.equals(role, other.role) && Objects.equals(codeSha256, other.codeSha256)
                && timeout == other.timeout && memorySize == other.memorySize
                && environment.equals(other.environment) && Objects.equals(tracingMode, other.tracingMode)
                && architectures.equals(other.architectures) && ephemeralStorage == other.ephemeralStorage
                && Objects.equals(logFormat, other.logFormat) && Objects.equals(logGroup, other.logGroup)
                && Objects.equals(applicationLogLevel, other.applicationLogLevel)
                && Objects.equals(systemLogLevel, other.systemLogLevel) && layers.equals(other.layers);
    }
}
