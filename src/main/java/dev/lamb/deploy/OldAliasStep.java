package dev.lamb.deploy;

import java.util.List;
import java.util.Map;

import dev.lamb.aws.Releases;
import dev.lamb.aws.Retries;
import software.amazon.awssdk.services.apigateway.model.Stage;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The alias every stage shared before each stage had its own (deploy.alias, "live" by default): once this
 * deploy's stage serves its own alias, the old one is removed with lamb's permissions on it, but only when
 * no API stage still calls it (a stage without the alias variable serves a deployment made for the old alias)
 * and its resource policy holds nothing lamb did not write (a Function URL's permission, a hand-made grant). An alias of
 * that name serving a version lamb deploy did not publish is not lamb's at all, and is left without a word.
 * Otherwise it stays, and the deploy says why.
 */
final class OldAliasStep {
    static final String STEP = "old alias";

    private final DeployRun run;
    private final Retries retries;

    OldAliasStep(DeployRun run, Retries retries) {
        this.run = run;
        this.retries = retries;
    }

    void apply(String apiId) {
        String old = run.names.oldAlias();
        String function = run.names.function();
        LambdaClient lambda = run.aws.lambda();
        AliasConfiguration found = old.equals(run.names.alias()) ? null : run.reads.oldAlias.get();
        if (found == null) {
            return;
        }
        if (!servesLambsRelease(lambda, function, found)) {
            // Every version lamb deploy ever published is described so: an alias of this name on another is the user's
            // (an adopted function's own "live"), not the one lamb's stages once shared.
            run.unchanged(STEP, "alias " + old);
            return;
        }
        // This deploy's stage calls its own alias by now (or will, after the dry run's plan): only the others count.
        List<String> callers = apiId.startsWith("(") ? List.of() : run.aws.apiGateway().getStages(r -> r.restApiId(apiId)).item()
                .stream().filter(s -> !s.stageName().equals(run.names.stage()) && callsOld(s, old)).map(Stage::stageName).toList();
        if (!callers.isEmpty()) {
            boolean one = callers.size() == 1;
            keep(old, (one ? "stage " : "stages ") + String.join(", ", callers) + (one ? " still calls" : " still call") + " it; "
                    + "'lamb deploy --stage " + callers.get(0) + "' moves " + (one ? "it" : "each") + " to its own alias");
            return;
        }
        List<PermissionStep.Statement> statements = PermissionStep.statements(lambda, function, old);
        if (!statements.stream().allMatch(PermissionStep.Statement::isLambs)) {
            keep(old, "its resource policy holds statements lamb did not write");
            return;
        }
        for (PermissionStep.Statement statement : statements) {
            run.write(STEP, Change.Action.DELETE, "invoke permission of alias " + old, statement.sourceArn(), () -> {
                try {
                    lambda.removePermission(r -> r.functionName(function).qualifier(old).statementId(statement.sid()));
                } catch (ResourceNotFoundException e) {
                    // already gone: removed by a deploy that was interrupted before it could say so
                }
            });
        }
        run.write(STEP, Change.Action.DELETE, "alias " + old, "each stage has its own alias now", () -> {
            try {
                retries.whileConflicting(STEP, () -> lambda.deleteAlias(r -> r.functionName(function).name(old)));
            } catch (ResourceNotFoundException e) {
                // already gone
            }
        });
    }

    private static boolean servesLambsRelease(LambdaClient lambda, String function, AliasConfiguration alias) {
        try {
            return Releases.isDeployRelease(lambda.getFunction(r -> r.functionName(function).qualifier(alias.functionVersion()))
                    .configuration());
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static boolean callsOld(Stage stage, String old) {
        Map<String, String> variables = stage.variables();
        return variables == null || !variables.containsKey(DeployNames.STAGE_VARIABLE) || old.equals(variables.get(DeployNames.STAGE_VARIABLE));
    }

    private void keep(String old, String why) {
        run.progress.accept(STEP + ": alias " + old + " (deploy.alias, shared by every stage before each had its own) is kept: " + why);
        run.unchanged(STEP, "alias " + old);
    }
}
