package dev.lamb.secrets;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.config.SecretReference;
import dev.lamb.config.StageName;

/**
 * The secret a `lamb secrets` NAME stands for. In a project whose stage references NAME in lamb.toml, that reference's
 * secret. Otherwise the secret named NAME, or STAGE/NAME with --stage; in a project, {@code table} is where its reference
 * belongs ([function.secrets], or [stage.STAGE.secrets] with --stage), which `lamb secrets set` tells the user to add.
 * {@code referencedAs}: the names lamb.toml reaches this secret by; {@code function}: the project's function, or "" outside
 * a project.
 */
public record SecretTarget(String name, SecretReference reference, Optional<ProjectConfig> project, Optional<String> table,
        String function, List<String> referencedAs) {
    private static final String NAME_RULE = "1 to 512 letters, digits and /_+=.@- (Secrets Manager's names)";

    /** NAME in {@code project} (empty outside one), at {@code stage} (null without --stage). */
    public static SecretTarget of(Optional<ProjectConfig> project, String name, String stage) {
        if (project.isEmpty()) {
            if (stage != null && !StageName.isValid(stage)) {
                throw LambException.usage("--stage " + stage + " is not a stage name: " + StageName.RULE);
            }
            return new SecretTarget(name, byName(name, stage), project, Optional.empty(), "", List.of());
        }
        ProjectConfig config = stage == null ? project.get() : project.get().forStage(stage);
        Map<String, SecretReference> references = config.function().secrets();
        String function = config.function().name();
        SecretReference given = references.get(name);
        if (given != null) {
            return new SecretTarget(name, given, Optional.of(config), Optional.empty(), function, referencesTo(references, given));
        }
        SecretReference made = byName(name, stage);
        return new SecretTarget(name, made, Optional.of(config),
                Optional.of(stage == null ? "function.secrets" : "stage." + stage + ".secrets"), function, referencesTo(references, made));
    }

    /** The reference lamb writes for a secret it names: NAME, or STAGE/NAME. */
    private static SecretReference byName(String name, String stage) {
        String id = stage == null ? name : stage + "/" + name;
        return SecretReference.parse(SecretReference.Store.SECRETS_MANAGER.prefix() + ":" + id)
                .filter(r -> r.jsonKey().isEmpty() && !r.isArn())
                .orElseThrow(() -> LambException.usage("'" + id + "' is not a secret name: " + NAME_RULE));
    }

    private static List<String> referencesTo(Map<String, SecretReference> references, SecretReference secret) {
        return references.entrySet().stream()
                .filter(e -> e.getValue().store() == secret.store() && e.getValue().id().equals(secret.id()))
                .map(Map.Entry::getKey).toList();
    }

    /** The secret's id for the AWS calls: its name or ARN. */
    public String id() {
        return reference.id();
    }

    /** True when lamb.toml names this secret as a Parameter Store parameter, which these commands do not write. */
    public boolean inParameterStore() {
        return reference.store() == SecretReference.Store.SSM;
    }
}
