package dev.lamb.local.cloud.ssm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.lambda.KmsKeys;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.LocalAccount;

/**
 * The IAM actions each Parameter Store operation asks for ({@code ssm:} and the operation's name) and the resources they
 * are on, as the Service Authorization Reference lists them for Systems Manager: the parameter's ARN for the operations on
 * parameters (each one of GetParameters and DeleteParameters), the path's for GetParametersByPath ({@code parameter/a/b}),
 * and {@code *} for DescribeParameters, which lists. A SecureString under a customer managed key also needs the caller's
 * {@code kms:Decrypt} on that key to be read WithDecryption (each key once, by path), and {@code kms:Encrypt} to be put (the User Guide's
 * "Restricting access to Parameter Store parameters using IAM policies"); the AWS managed key alias/aws/ssm needs neither,
 * its key policy allows every principal of the account through Systems Manager.
 */
final class SsmIamActions {
    private SsmIamActions() {}

    /** @param store the parameters as they are now: the keys of those a request reads decide its kms actions */
    static List<IamAction> of(String operation, JsonNode body, String region, ParameterStore store) {
        Function<String, Optional<StoredParameter>> stored = store::get;
        String action = "ssm:" + operation;
        boolean decrypt = body.path("WithDecryption").asBoolean(false);
        List<IamAction> actions = new ArrayList<>();
        switch (operation) {
            case "DescribeParameters" -> actions.add(IamAction.onAny(action));
            case "GetParameters", "DeleteParameters" -> {
                body.path("Names").forEach(n -> actions.add(new IamAction(action, arn(region, n.asText()))));
                if (actions.isEmpty()) {
                    actions.add(IamAction.onAny(action));
                }
                if (decrypt) {
                    body.path("Names").forEach(n -> decryptKey(name(n.asText()), stored, region).ifPresent(actions::add));
                }
            }
            case "GetParametersByPath" -> {
                String path = body.path("Path").asText("/");
                actions.add(new IamAction(action, ParameterNames.arn(region, path)));
                if (decrypt) {
                    boolean recursive = body.path("Recursive").asBoolean(false);
                    store.all().stream().filter(p -> ParameterFilters.underPath(p.name(), path, recursive))
                            .map(p -> decryptKey(p.name(), stored, region)).flatMap(Optional::stream).distinct().forEach(actions::add);
                }
            }
            case "AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource" ->
                    actions.add(new IamAction(action, arn(region, body.path("ResourceId").asText())));
            case "PutParameter" -> {
                actions.add(new IamAction(action, arn(region, body.path("Name").asText())));
                String keyId = body.path("KeyId").asText("");
                if (ParameterVersion.SECURE_STRING.equals(body.path("Type").asText()) && customerManaged(keyId)) {
                    actions.add(new IamAction("kms:Encrypt", keyArn(keyId, region)));
                }
            }
            default -> {
                actions.add(new IamAction(action, arn(region, body.path("Name").asText())));
                if (decrypt) {
                    decryptKey(name(body.path("Name").asText()), stored, region).ifPresent(actions::add);
                }
            }
        }
        return actions;
    }

    /** kms:Decrypt on the key of the SecureString a name holds, when that key is a customer managed one. */
    private static Optional<IamAction> decryptKey(String name, Function<String, Optional<StoredParameter>> stored, String region) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return stored.apply(name).map(StoredParameter::latest).filter(ParameterVersion::secure).map(ParameterVersion::keyId)
                .filter(SsmIamActions::customerManaged).map(key -> new IamAction("kms:Decrypt", keyArn(key, region)));
    }

    private static boolean customerManaged(String keyId) {
        return !keyId.isEmpty() && !KmsKeys.isAwsManaged(keyId);
    }

    /** The ARN IAM judges a key by, in the local account. */
    private static String keyArn(String keyId, String region) {
        return KmsKeys.keyArn("aws", region, LocalAccount.ID, keyId);
    }

    private static String name(String given) {
        return given.isEmpty() ? "" : ParameterNames.reference(given).name();
    }

    /** The ARN of the parameter a name, an ARN or either with a selector names; {@code *} for none. */
    private static String arn(String region, String given) {
        return given.isEmpty() ? "*" : ParameterNames.arn(region, ParameterNames.reference(given).name());
    }
}
