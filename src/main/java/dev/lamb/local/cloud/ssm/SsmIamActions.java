package dev.lamb.local.cloud.ssm;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.IamAction;

/**
 * The IAM action each Parameter Store operation asks for ({@code ssm:} and the operation's name) and the resource it is
 * on, as the Service Authorization Reference lists them for Systems Manager: the parameter's ARN for the operations on
 * parameters (each one of GetParameters and DeleteParameters), the path's for GetParametersByPath ({@code parameter/a/b}),
 * and {@code *} for DescribeParameters, which lists.
 */
final class SsmIamActions {
    private SsmIamActions() {}

    static List<IamAction> of(String operation, JsonNode body, String region) {
        String action = "ssm:" + operation;
        return switch (operation) {
            case "DescribeParameters" -> List.of(IamAction.onAny(action));
            case "GetParameters", "DeleteParameters" -> each(action, body.path("Names"), region);
            case "GetParametersByPath" -> List.of(new IamAction(action, ParameterNames.arn(region, body.path("Path").asText("/"))));
            case "AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource" -> List.of(new IamAction(action, arn(region,
                    body.path("ResourceId").asText())));
            default -> List.of(new IamAction(action, arn(region, body.path("Name").asText())));
        };
    }

    private static List<IamAction> each(String action, JsonNode names, String region) {
        List<IamAction> actions = new ArrayList<>();
        names.forEach(n -> actions.add(new IamAction(action, arn(region, n.asText()))));
        return actions.isEmpty() ? List.of(IamAction.onAny(action)) : actions;
    }

    /** The ARN of the parameter a name, an ARN or either with a selector names; {@code *} for none. */
    private static String arn(String region, String given) {
        return given.isEmpty() ? "*" : ParameterNames.arn(region, ParameterNames.reference(given).name());
    }
}
