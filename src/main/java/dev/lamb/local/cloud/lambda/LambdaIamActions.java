package dev.lamb.local.cloud.lambda;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.IamAction;

/**
 * The IAM action each Lambda operation asks for and the resource it is on, as the Service Authorization Reference
 * ("Actions defined by AWS Lambda") and Lambda's guide ("Fine-tuning the Resources and Conditions sections of
 * policies") give them: the operation's name with the {@code lambda:} prefix (Invoke is {@code lambda:InvokeFunction}),
 * on the function's ARN, qualified when the request names a version or alias; the listings and account settings on
 * {@code *}; tags on the ARN the request names.
 */
final class LambdaIamActions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaIamActions() {}

    static List<IamAction> of(String operation, CloudRequest request) {
        String action = "lambda:" + (operation.equals("Invoke") ? "InvokeFunction" : operation);
        List<String> path = Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty()).toList();
        String resource = switch (operation) {
            case "ListFunctions", "GetAccountSettings" -> "*";
            case "CreateFunction" -> createdFunction(request);
            case "ListTags", "TagResource", "UntagResource" -> path.get(2);
            default -> function(path.get(2), request);
        };
        return List.of(new IamAction(action, resource));
    }

    /** Invoking a function URL with AuthType AWS_IAM: lambda:InvokeFunctionUrl on the function, or the alias, it serves. */
    static List<IamAction> functionUrl(FunctionRef function, CloudRequest request) {
        return List.of(new IamAction("lambda:InvokeFunctionUrl", qualifiedArn(function, request)));
    }

    /** The function a path names, with the version or alias its name or the Qualifier parameter gives. */
    private static String function(String name, CloudRequest request) {
        return qualifiedArn(FunctionRef.parse(name).withQualifier(request.queryParam("Qualifier")), request);
    }

    private static String qualifiedArn(FunctionRef function, CloudRequest request) {
        String arn = FunctionRef.arn(request.region(), function.name());
        return function.qualifier() == null ? arn : arn + ":" + function.qualifier();
    }

    /** CreateFunction names its function in the body; one it cannot read is on {@code *}, and answered by the service. */
    private static String createdFunction(CloudRequest request) {
        try {
            JsonNode name = JSON.readTree(request.body()).path("FunctionName");
            return name.isTextual() ? function(name.asText(), request) : "*";
        } catch (IOException e) {
            return "*";
        }
    }
}
