package dev.lamb.deploy;

import dev.lamb.config.ProjectConfig;

/**
 * A deployed function read for `lamb init --from-function`: its settings in lamb.toml's terms, whether its log
 * group keeps logs for a set time (false: forever, or no log group yet), where its code can be downloaded, and
 * the alias lamb deploys to: {@code onAlias} true when it exists and async, URL and provisioned concurrency are
 * its own, false when they are the function's unqualified ones, which deploy would not manage.
 */
public record ImportedFunction(ProjectConfig.Function function, boolean retentionSet, String codeLocation, String alias,
        boolean onAlias) {}
