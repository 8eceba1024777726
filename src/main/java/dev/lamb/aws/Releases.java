package dev.lamb.aws;

import java.util.HashSet;
import java.util.Set;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Which published versions are releases. `lamb tune` publishes versions of its own to measure, described
 * "lamb tune: ..."; they are never releases, even when an interrupted run left them behind: deploy's
 * pruning does not count them and rollback never moves the alias onto one.
 */
public final class Releases {
    /** How every version that lamb deploy publishes is described, and so recognised as lamb's to prune. */
    public static final String DEPLOY_DESCRIPTION = "lamb deploy";
    /** How every version that lamb tune publishes is described, and so recognised. */
    public static final String TUNING_DESCRIPTION = "lamb tune: ";

    private Releases() {}

    /** A published version that lamb tune made ($LATEST is never one, whatever it is described). */
    public static boolean isTuning(FunctionConfiguration version) {
        return isPublished(version.version()) && isTuningDescription(version.description());
    }

    public static boolean isTuningDescription(String description) {
        return description != null && description.startsWith(TUNING_DESCRIPTION);
    }

    /** A published version (a number, not $LATEST) that no tune made. */
    public static boolean isRelease(FunctionConfiguration version) {
        return isPublished(version.version()) && !isTuning(version);
    }

    /**
     * A release lamb deploy published. Only these are pruned: a version published by hand or by another
     * tool (an adopted function's history) is the user's, and stays.
     */
    public static boolean isDeployRelease(FunctionConfiguration version) {
        return isPublished(version.version()) && DEPLOY_DESCRIPTION.equals(version.description());
    }

    /** The versions the function's aliases route to, a weighted second version included. */
    public static Set<String> aliased(LambdaClient lambda, String function) {
        Set<String> aliased = new HashSet<>();
        for (AliasConfiguration a : lambda.listAliasesPaginator(r -> r.functionName(function)).aliases()) {
            aliased.add(a.functionVersion());
            if (a.routingConfig() != null && a.routingConfig().additionalVersionWeights() != null) {
                aliased.addAll(a.routingConfig().additionalVersionWeights().keySet());
            }
        }
        return aliased;
    }

    public static boolean isPublished(String version) {
        return version != null && version.matches("[0-9]{1,18}") && Long.parseLong(version) > 0;
    }
}
