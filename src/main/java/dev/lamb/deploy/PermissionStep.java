package dev.lamb.deploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.JsonTrees;
import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * API Gateway's permission to invoke the stage's alias: one statement per route on that alias, scoped by
 * SourceArn to this API, this stage, and the route's method and path, added only when the alias's policy
 * lacks it, and removed when its route is no longer in lamb.toml. Another stage's alias and permissions are
 * not touched.
 */
final class PermissionStep {
    static final String STEP = "permission";
    static final String PRINCIPAL = "apigateway.amazonaws.com";

    private final DeployRun run;

    PermissionStep(DeployRun run) {
        this.run = run;
    }

    /**
     * {@code deployStage} makes a new deployment of the stage: called before a dropped route's statement
     * is removed when this run's api step did not, since the stage may still serve that route (the deploy
     * that removed its method was stopped before it redeployed).
     */
    void apply(List<ProjectConfig.Route> routes, String apiId, String aliasArn, Runnable deployStage) {
        String[] arn = aliasArn.split(":");
        if (arn.length < 5 || apiId.startsWith("(")) {
            routes.forEach(route -> run.write(STEP, Change.Action.CREATE, "invoke permission for " + route, "from the API", () -> {}));
            return;
        }
        String account = arn[4];
        LambdaClient lambda = run.aws.lambda();
        Map<String, String> granted = grantedSourceArns();
        Set<String> wanted = new HashSet<>();
        for (ProjectConfig.Route route : routes) {
            String sourceArn = sourceArn(run.region, account, apiId, run.names.stage(), route);
            wanted.add(sourceArn);
            if (granted.containsKey(sourceArn)) {
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
        revokeDropped(lambda, granted, wanted, apiId, deployStage);
    }

    /**
     * Removes lamb's statements for this API's routes that are no longer in lamb.toml (after the stage was
     * redeployed without them), so that nothing is left allowed that no route uses. A statement lamb did
     * not write (its id is not lamb's for its source ARN) stays.
     */
    private void revokeDropped(LambdaClient lambda, Map<String, String> granted, Set<String> wanted, String apiId,
            Runnable deployStage) {
        String thisApi = "arn:aws:execute-api:" + run.region + ":";
        String thisStage = ":" + apiId + "/" + run.names.stage() + "/";
        Map<String, String> dropped = new TreeMap<>(granted);
        dropped.entrySet().removeIf(e -> !e.getKey().startsWith(thisApi) || !e.getKey().contains(thisStage)
                || wanted.contains(e.getKey()) || !e.getValue().equals(DeployNames.statementId(e.getKey())));
        if (!dropped.isEmpty() && !run.changedIn(ApiStep.STEP)) {
            deployStage.run();
        }
        dropped.forEach((sourceArn, statementId) -> {
            int stage = sourceArn.indexOf(thisStage);
            String route = sourceArn.substring(stage + thisStage.length()).replaceFirst("/", " /").replaceFirst("^\\* ", "ANY ");
            run.write(STEP, Change.Action.DELETE, "invoke permission for " + route, sourceArn, () -> {
                try {
                    lambda.removePermission(r -> r.functionName(run.names.function()).qualifier(run.names.alias())
                            .statementId(statementId));
                } catch (ResourceNotFoundException e) {
                    // already gone: removed by a deploy that was interrupted before it could say so
                }
            });
        });
    }

    /** arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH, with * for path parameters and ANY. */
    static String sourceArn(String region, String account, String apiId, String stage, ProjectConfig.Route route) {
        String method = route.method().equals("ANY") ? "*" : route.method();
        String path = route.path().replaceAll("\\{[^/]+\\}", "*");
        return "arn:aws:execute-api:" + region + ":" + account + ":" + apiId + "/" + stage + "/" + method + path;
    }

    /** The source ARNs API Gateway may invoke the alias for, each with its statement's id. */
    private Map<String, String> grantedSourceArns() {
        Map<String, String> arns = new TreeMap<>();
        for (Statement statement : statements(run.reads.aliasPolicy.get())) {
            if (PRINCIPAL.equals(statement.principal()) && statement.sourceArn() != null) {
                arns.put(statement.sourceArn(), statement.sid());
            }
        }
        return arns;
    }

    /** One statement of a resource policy: its id, its service principal and its AWS:SourceArn (null when none). */
    record Statement(String sid, String principal, String sourceArn) {
        /** Whether deploy wrote it: API Gateway's, with the id lamb gives the statement of its source ARN. */
        boolean isLambs() {
            return PRINCIPAL.equals(principal) && sourceArn != null && sid.equals(DeployNames.statementId(sourceArn));
        }
    }

    /** The statements of the alias's resource policy; none when it has no policy. */
    static List<Statement> statements(LambdaClient lambda, String function, String alias) {
        return statements(policy(lambda, function, alias));
    }

    /** The alias's resource policy, or null when it has none. */
    static String policy(LambdaClient lambda, String function, String alias) {
        try {
            return lambda.getPolicy(r -> r.functionName(function).qualifier(alias)).policy();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** The statements of a resource policy (null: none). */
    static List<Statement> statements(String policy) {
        if (policy == null) {
            return List.of();
        }
        List<Statement> statements = new ArrayList<>();
        try {
            for (JsonNode statement : JsonTrees.read(policy).path("Statement")) {
                JsonNode source = statement.path("Condition").path("ArnLike").path("AWS:SourceArn");
                statements.add(new Statement(statement.path("Sid").asText(""), statement.path("Principal").path("Service").asText(""),
                        source.isTextual() ? source.asText() : null));
            }
        } catch (IOException e) {
            // An unreadable policy: deploy adds its permissions again, and a statement it cannot tell as its own keeps
            // the old alias from being removed on its account.
            statements.add(new Statement("", "", null));
        }
        return statements;
    }
}
