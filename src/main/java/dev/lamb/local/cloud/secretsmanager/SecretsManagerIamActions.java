package dev.lamb.local.cloud.secretsmanager;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.lambda.KmsKeys;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.JsonBodies;
import dev.lamb.local.cloud.LocalAccount;

/**
 * The IAM action each Secrets Manager operation asks for ({@code secretsmanager:} and its name) and the resource it is on,
 * as the Service Authorization Reference names them: the secret's ARN (the SecretId as given when no secret has it; for
 * CreateSecret the ARN the new secret will have, its suffix {@code ??????}), {@code *} for ListSecrets. CreateSecret with
 * tags asks for TagResource too, and GetSecretValue of a secret a customer managed key encrypts for kms:Decrypt on that
 * key (their references' "Required permissions").
 */
final class SecretsManagerIamActions {
    private SecretsManagerIamActions() {}

    static List<IamAction> of(String operation, JsonNode body, String region, Function<String, Optional<Secret>> find) {
        String action = "secretsmanager:" + operation;
        if (operation.equals("ListSecrets")) {
            return List.of(IamAction.onAny(action));
        }
        if (operation.equals("CreateSecret")) {
            String arn = SecretArns.prefix(region) + Optional.ofNullable(JsonBodies.text(body, "Name")).orElse("") + "-??????";
            return body.path("Tags").isEmpty() ? List.of(new IamAction(action, arn))
                    : List.of(new IamAction(action, arn), new IamAction("secretsmanager:TagResource", arn));
        }
        String id = Optional.ofNullable(JsonBodies.text(body, "SecretId")).orElse("");
        Optional<Secret> secret = find.apply(id);
        IamAction onSecret = new IamAction(action, secret.map(Secret::arn).orElse(id.isEmpty() ? "*" : id));
        Optional<String> key = secret.map(Secret::kmsKeyId).filter(k -> operation.equals("GetSecretValue"));
        return key.isEmpty() ? List.of(onSecret)
                : List.of(onSecret, new IamAction("kms:Decrypt", KmsKeys.keyArn("aws", region, LocalAccount.ID, key.get())));
    }
}
