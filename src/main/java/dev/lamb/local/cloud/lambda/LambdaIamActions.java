package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.IamAction;

/**
 * The IAM action each Lambda operation asks for and the resource it is on, as the Service Authorization Reference
 * ("Actions defined by AWS Lambda") and Lambda's guide ("Fine-tuning the Resources and Conditions sections of
 * policies") give them: the operation's name with the {@code lambda:} prefix (Invoke is {@code lambda:InvokeFunction}),
 * on the function's ARN, qualified when the request names a version or alias; the listings and account settings on
 * {@code *}; tags on the ARN the request names; and iam:PassRole on the execution role a function is given. The function
 * or ARN is the one the operation's path template names ({@code {FunctionName}}, {@code {Resource}}), as the service routed it.
 */
final class LambdaIamActions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaIamActions() {}

    /**
     * The actions of a served operation, its path's parameters as routed. One served here without a rule for its resource
     * is refused for a role session rather than let through unchecked (IamActionsTest keeps every served one covered).
     */
    static List<IamAction> of(String operation, Map<String, String> params, CloudRequest request) {
        String action = "lambda:" + (operation.equals("Invoke") ? "InvokeFunction" : operation);
        JsonNode body = operation.equals("CreateFunction") || operation.equals("UpdateFunctionConfiguration") ? body(request) : null;
        String resource = switch (operation) {
            case "ListFunctions", "GetAccountSettings" -> "*";
            case "CreateFunction" -> body.path("FunctionName").isTextual() ? function(body.path("FunctionName").asText(), request) : "*";
            case "ListTags", "TagResource", "UntagResource" -> params.get("Resource");
            default -> {
                if (params.get("FunctionName") == null) {
                    throw new AwsServiceException(403, "AccessDeniedException", "lamb's local cloud does not know which resource " + action
                            + " is on, so it lets no role session call " + operation);
                }
                yield function(params.get("FunctionName"), request);
            }
        };
        List<IamAction> actions = new ArrayList<>(List.of(new IamAction(action, resource)));
        // Giving a function its execution role is passing the role (Lambda's guide, "Lambda execution role").
        if (body != null && body.path("Role").isTextual()) {
            actions.add(new IamAction("iam:PassRole", body.path("Role").asText()));
        }
        return actions;
    }

    /**
     * Invoking a function URL: lambda:InvokeFunctionUrl and lambda:InvokeFunction on the function, or the alias, it
     * serves, as URLs made since October 2025 ask for both ("Control access to Lambda function URLs").
     */
    static List<IamAction> functionUrl(FunctionRef function, String region) {
        String arn = qualifiedArn(function, region);
        return List.of(new IamAction("lambda:InvokeFunctionUrl", arn), new IamAction("lambda:InvokeFunction", arn));
    }

    /** The function a path names, with the version or alias its name or the Qualifier parameter gives. */
    private static String function(String name, CloudRequest request) {
        return qualifiedArn(FunctionRef.parse(name).withQualifier(request.queryParam("Qualifier")), request.region());
    }

    private static String qualifiedArn(FunctionRef function, String region) {
        String arn = FunctionRef.arn(region, function.name());
        return function.qualifier() == null ? arn : arn + ":" + function.qualifier();
    }

    /** The request's JSON body; one that cannot be read is empty here, and answered by the service. */
    private static JsonNode body(CloudRequest request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            return body == null ? JSON.missingNode() : body;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
