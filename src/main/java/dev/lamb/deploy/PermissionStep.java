package dev.lamb.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * API Gateway's permission to invoke the alias: one statement per route, scoped by SourceArn to this
 * API, any stage, and the route's method and path, added only when the alias's policy lacks it.
 */
final class PermissionStep {
    static final String STEP = "permission";
    static final String PRINCIPAL = "apigateway.amazonaws.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeployRun run;

    PermissionStep(DeployRun run) {
        this.run = run;
    }

    void apply(List<ProjectConfig.Route> routes, String apiId, String aliasArn) {
        String[] arn = aliasArn.split(":");
        if (arn.length < 5 || apiId.startsWith("(")) {
            routes.forEach(route -> run.write(STEP, Change.Action.CREATE, "invoke permission for " + route, "from the API", () -> {}));
            return;
        }
        String account = arn[4];
        LambdaClient lambda = run.aws.lambda();
        Set<String> granted = grantedSourceArns(lambda);
        for (ProjectConfig.Route route : routes) {
            String sourceArn = sourceArn(run.region, account, apiId, route);
            if (granted.contains(sourceArn)) {
                run.unchanged(STEP, sourceArn);
                continue;
            }
            run.write(STEP, Change.Action.CREATE, "invoke permission for " + route, sourceArn, () -> {
                try {
                    lambda.addPermission(r -> r.functionName(run.names.function()).qualifier(run.names.alias())
                            .statementId(DeployNames.statementId(sourceArn)).action("lambda:InvokeFunction")
                            .principal(PRINCIPAL).sourceArn(sourceArn));
                } catch (ResourceConflictException e) {
                    // the same statement id: added by a deploy that was interrupted before it could say so
                }
            });
        }
    }

    /** arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH, with any stage, and * for path parameters and ANY. */
    static String sourceArn(String region, String account, String apiId, ProjectConfig.Route route) {
        String method = route.method().equals("ANY") ? "*" : route.method();
        String path = route.path().replaceAll("\\{[^/]+\\}", "*");
        return "arn:aws:execute-api:" + region + ":" + account + ":" + apiId + "/*/" + method + path;
    }

    private Set<String> grantedSourceArns(LambdaClient lambda) {
        String policy;
        try {
            policy = lambda.getPolicy(r -> r.functionName(run.names.function()).qualifier(run.names.alias())).policy();
        } catch (ResourceNotFoundException e) {
            return Set.of();
        }
        Set<String> arns = new HashSet<>();
        try {
            for (JsonNode statement : JSON.readTree(policy).path("Statement")) {
                JsonNode principal = statement.path("Principal").path("Service");
                JsonNode source = statement.path("Condition").path("ArnLike").path("AWS:SourceArn");
                if (PRINCIPAL.equals(principal.asText()) && source.isTextual()) {
                    arns.add(source.asText());
                }
            }
        } catch (java.io.IOException e) {
            // an unreadable policy grants nothing we can see: the permission is added again
        }
        return arns;
    }
}
