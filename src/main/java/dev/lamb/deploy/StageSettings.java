package dev.lamb.deploy;

import java.util.List;

import dev.lamb.aws.AwsClients;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * A stage's function settings from lamb.toml as a version of it holds them: the rule `lamb promote` publishes a
 * version with TO's settings by ({@link FunctionSettings}, sent as deploy sends them), for `lamb tune --stage` to
 * measure the stage with its own settings (its secrets' NAME_SECRET_ARN variables included). Memory and description are
 * left out: tune sets them per size.
 */
public final class StageSettings {
    private final FunctionSettings wanted;

    private StageSettings(FunctionSettings wanted) {
        this.wanted = wanted;
    }

    /** {@code function}: the settings of {@code stage}, whose [function.secrets] are resolved at {@code aws} as deploy does. */
    public static StageSettings of(AwsClients aws, String region, String stage, ProjectConfig.Function function) {
        SecretResolver secrets = new SecretResolver(aws, region, stage, line -> { });
        return new StageSettings(FunctionSettings.of(function).withSecrets(secrets.resolve(function.secrets()).values()));
    }

    public int memory() {
        return wanted.memory();
    }

    /** How {@code latest}'s configuration differs from the stage's, memory and description aside, as "field deployed -> wanted". */
    public List<String> differences(FunctionConfiguration latest) {
        return wanted.configDifferences(latest, null).stream()
                .filter(d -> !d.startsWith("memory ") && !d.startsWith("description ")).toList();
    }

    /** The stage's settings on an update of $LATEST's configuration; the caller sets its memory and description after. */
    public UpdateFunctionConfigurationRequest.Builder applyTo(UpdateFunctionConfigurationRequest.Builder update) {
        return wanted.applyTo(update, wanted.logGroup());
    }
}
