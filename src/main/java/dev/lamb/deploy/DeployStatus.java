package dev.lamb.deploy;

import java.util.List;

/**
 * What `lamb status` tells: whether the function exists, where it answers, which version the alias
 * serves, whether the local code is the deployed code, and how the deployed configuration differs from
 * lamb.toml: {@code configDifferences} for the version the alias serves ($LATEST when there is no alias),
 * {@code latestConfigDifferences} for $LATEST; the runtime $LATEST runs, with AWS's dates for it ("unknown" where
 * lamb's runtime table has none); {@code async}, the alias's options for asynchronous invocation (null when it
 * has none: Lambda's defaults), and {@code asyncDifferences} from [function.async] (none when lamb.toml has no such
 * table); the alias's Function URL with its auth type; the function's concurrency; the stage's secrets, by reference.
 * Fields that do not exist (no alias, no API, no URL) are null or empty.
 */
public record DeployStatus(String function, String region, boolean deployed, String state, String lastUpdateStatus,
        String lastModified, String alias, String aliasVersion, String apiId, List<String> urls, Code code,
        List<String> configDifferences, List<String> latestConfigDifferences, String runtime, String runtimeCalendar,
        AsyncStatus async, List<String> asyncDifferences, FunctionUrl functionUrl, Concurrency concurrency, List<Secret> secrets) {

    /**
     * One of the stage's [function.secrets]: the name the function uses, the reference in lamb.toml, the variable that
     * carries it, and the ARN it resolves to (null when it names nothing: {@code missing} says how to create it). Never a value.
     */
    public record Secret(String name, String reference, String variable, String arn, String missing) {}

    /** The alias's Function URL and who may call it (AWS_IAM or NONE). */
    public record FunctionUrl(String url, String auth) {}

    /**
     * The function's reserved concurrency (null: none, it shares the account's unreserved pool) and the alias's
     * provisioned concurrency: instances asked for (0: none), Lambda's status of them, and why it FAILED.
     */
    public record Concurrency(Integer reserved, int provisioned, String provisionedStatus, String provisionedReason) {}

    /**
     * The local zip's CodeSha256 against $LATEST's and the alias's version's; {@code live} is null when
     * there is no alias.
     */
    public record Code(String local, String latest, String live, boolean matchesLatest, boolean matchesLive) {}

    static DeployStatus notDeployed(String function, String region) {
        return new DeployStatus(function, region, false, null, null, null, null, null, null, List.of(), null, List.of(), List.of(),
                null, null, null, List.of(), null, null, List.of());
    }
}
