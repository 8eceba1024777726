package dev.lamb.deploy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.JsonTrees;
import dev.lamb.config.UrlSettings;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Cors;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The stage's Function URL ([url]) on the stage's alias: created or updated to lamb.toml's auth, invoke mode and CORS,
 * and, for auth NONE, made public with the two statements Lambda requires since October 2025 (lambda:InvokeFunctionUrl
 * for FunctionUrlAuthType NONE, and lambda:InvokeFunction when InvokedViaFunctionUrl), both for everyone. The statements
 * go when auth goes back to AWS_IAM; the URL goes when [url] leaves lamb.toml, if lamb made it (the function's tag
 * lamb:url:ALIAS says so), so that a URL made by hand on the alias stays; with [url] set, such a URL is refused or,
 * with --adopt, taken over ({@link Ownership#unownedSettings}).
 */
final class UrlStep {
    static final String STEP = "url";
    static final String INVOKE_URL = "lambda:InvokeFunctionUrl";
    static final String INVOKE = "lambda:InvokeFunction";
    /** The value of the function's tag {@code lamb:url:ALIAS}. */
    static final String TAG_VALUE = "true";

    private final DeployRun run;

    UrlStep(DeployRun run) {
        this.run = run;
    }

    /**
     * The URL the stage answers at, or null when it has none ("(new URL)" in a dry run that would create it).
     * {@code aliasArn} is the release's: a placeholder in a dry run of the first deploy, when nothing exists to tag.
     */
    String apply(Optional<UrlSettings> wanted, String aliasArn) {
        LambdaClient lambda = run.aws.lambda();
        String function = run.names.function();
        String alias = run.names.alias();
        String functionArn = aliasArn.startsWith("arn:") ? aliasArn.substring(0, aliasArn.lastIndexOf(':')) : function;
        GetFunctionUrlConfigResponse found = run.reads.url.get();
        Set<String> statements = publicStatements();
        if (wanted.isEmpty()) {
            revoke(lambda, statements);
            boolean lambs = madeByLamb();
            if (found == null && lambs) {
                // tagged by a deploy interrupted before it created the URL
                run.write(STEP, Change.Action.UPDATE, "tags of " + function, "remove " + tagKey(alias),
                        () -> lambda.untagResource(r -> r.resource(functionArn).tagKeys(tagKey(alias))));
            } else if (found != null && lambs) {
                run.write(STEP, Change.Action.DELETE, "function URL of " + alias, found.functionUrl(), () -> {
                    try {
                        lambda.deleteFunctionUrlConfig(r -> r.functionName(function).qualifier(alias));
                    } catch (ResourceNotFoundException e) {
                        // deleted by a deploy that was interrupted before it could say so
                    }
                    lambda.untagResource(r -> r.resource(functionArn).tagKeys(tagKey(alias)));
                });
            }
            return null;
        }
        UrlSettings url = wanted.get();
        String where = found == null ? "(new URL)" : found.functionUrl();
        if (found == null) {
            String[] made = {where};
            run.write(STEP, Change.Action.CREATE, "function URL of " + alias, describe(url), () -> {
                // The mark first: a deploy interrupted between the two calls leaves a URL that is lamb's, not one it takes for the user's.
                lambda.tagResource(r -> r.resource(functionArn).tags(Map.of(tagKey(alias), TAG_VALUE)));
                made[0] = lambda.createFunctionUrlConfig(r -> r.functionName(function).qualifier(alias).authType(url.auth())
                        .invokeMode(url.invokeMode()).cors(cors(url))).functionUrl();
            });
            where = made[0];
        } else {
            List<String> diff = differences(found, url);
            if (diff.isEmpty()) {
                run.unchanged(STEP, "function URL of " + alias);
            } else {
                run.write(STEP, Change.Action.UPDATE, "function URL of " + alias, String.join(", ", diff),
                        () -> lambda.updateFunctionUrlConfig(r -> r.functionName(function).qualifier(alias).authType(url.auth())
                                .invokeMode(url.invokeMode()).cors(cors(url))));
            }
        }
        if (UrlSettings.AUTH_NONE.equals(url.auth())) {
            grant(lambda, statements);
        } else {
            revoke(lambda, statements);
        }
        return where;
    }

    /** The alias's Function URL, or null when it (or the alias, or the function) does not exist. */
    static GetFunctionUrlConfigResponse find(LambdaClient lambda, String function, String alias) {
        try {
            return lambda.getFunctionUrlConfig(r -> r.functionName(function).qualifier(alias));
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** The two statements that make the URL public, each added when the alias's policy lacks it. */
    private void grant(LambdaClient lambda, Set<String> statements) {
        String function = run.names.function();
        String alias = run.names.alias();
        for (String action : List.of(INVOKE_URL, INVOKE)) {
            String sid = DeployNames.urlStatementId(action);
            if (statements.contains(sid)) {
                run.unchanged(STEP, "public " + action + " on " + alias);
                continue;
            }
            run.write(STEP, Change.Action.CREATE, "public " + action + " on " + alias, "the URL is public: anyone may call it", () -> {
                try {
                    lambda.addPermission(r -> {
                        r.functionName(function).qualifier(alias).statementId(sid).action(action).principal("*");
                        if (action.equals(INVOKE_URL)) {
                            r.functionUrlAuthType(FunctionUrlAuthType.NONE);
                        } else {
                            r.invokedViaFunctionUrl(true);
                        }
                    });
                } catch (ResourceConflictException e) {
                    // the same statement id: added by a deploy that was interrupted before it could say so
                }
            });
        }
    }

    private void revoke(LambdaClient lambda, Set<String> statements) {
        String function = run.names.function();
        String alias = run.names.alias();
        for (String action : List.of(INVOKE_URL, INVOKE)) {
            String sid = DeployNames.urlStatementId(action);
            if (statements.contains(sid)) {
                run.write(STEP, Change.Action.DELETE, "public " + action + " on " + alias, "the URL is no longer public", () -> {
                    try {
                        lambda.removePermission(r -> r.functionName(function).qualifier(alias).statementId(sid));
                    } catch (ResourceNotFoundException e) {
                        // already gone: removed by a deploy that was interrupted before it could say so
                    }
                });
            }
        }
    }

    /**
     * The ids of lamb's URL statements in the alias's policy, as read before the deploy's first write: the permission
     * step before this one changes only API Gateway's statements.
     */
    private Set<String> publicStatements() {
        Set<String> ids = new TreeSet<>();
        String policy = run.reads.aliasPolicy.get();
        if (policy == null) {
            return ids;
        }
        try {
            for (JsonNode statement : JsonTrees.read(policy).path("Statement")) {
                String sid = statement.path("Sid").asText("");
                if (sid.equals(DeployNames.urlStatementId(INVOKE_URL)) || sid.equals(DeployNames.urlStatementId(INVOKE))) {
                    ids.add(sid);
                }
            }
        } catch (IOException e) {
            // an unreadable policy grants nothing we can see: the statements are added again
        }
        return ids;
    }

    /**
     * The function's tags as GetFunction read them before the deploy's first write (ListTags answers the same, the Lambda API
     * reference says): no step before this one writes a URL's tag.
     */
    private boolean madeByLamb() {
        return run.reads.functionTags().containsKey(tagKey(run.names.alias()));
    }

    /** The function's tag that says lamb made the URL of this alias. */
    static String tagKey(String alias) {
        return "lamb:url:" + alias;
    }

    private static String describe(UrlSettings url) {
        return "auth " + url.auth() + ", " + url.invokeMode() + (url.cors().isPresent() ? ", CORS" : "");
    }

    /** What differs, as "auth AWS_IAM -> NONE". */
    static List<String> differences(GetFunctionUrlConfigResponse found, UrlSettings url) {
        List<String> diff = new ArrayList<>();
        if (!url.auth().equals(found.authTypeAsString())) {
            diff.add("auth " + found.authTypeAsString() + " -> " + url.auth());
        }
        String mode = found.invokeModeAsString() == null ? UrlSettings.BUFFERED : found.invokeModeAsString();
        if (!url.invokeMode().equals(mode)) {
            diff.add("invoke mode " + mode + " -> " + url.invokeMode());
        }
        if (!Objects.equals(normal(found.cors()), normal(cors(url)))) {
            diff.add("CORS");
        }
        return diff;
    }

    /** [url.cors] as Lambda's Cors; an empty one when lamb.toml has none, which clears CORS on an update. */
    static Cors cors(UrlSettings url) {
        return url.cors().map(c -> Cors.builder().allowOrigins(c.allowOrigins()).allowMethods(c.allowMethods())
                .allowHeaders(c.allowHeaders()).exposeHeaders(c.exposeHeaders()).maxAge(c.maxAgeSeconds())
                .allowCredentials(c.allowCredentials()).build()).orElse(Cors.builder().build());
    }

    /** A Cors with absent lists as empty, no max age as 0 and no credentials as false: how Lambda applies them. */
    private static List<Object> normal(Cors cors) {
        if (cors == null) {
            return normal(Cors.builder().build());
        }
        return List.of(List.copyOf(cors.allowOrigins()), List.copyOf(cors.allowMethods()), List.copyOf(cors.allowHeaders()),
                List.copyOf(cors.exposeHeaders()), cors.maxAge() == null ? 0 : cors.maxAge(),
                Boolean.TRUE.equals(cors.allowCredentials()));
    }
}
