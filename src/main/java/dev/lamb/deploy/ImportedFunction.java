package dev.lamb.deploy;

import dev.lamb.config.ProjectConfig;

/**
 * A deployed function read for `lamb init --from-function`: its settings in lamb.toml's terms, whether its log
 * group keeps logs for a set time (false: forever, or no log group yet), and where its code can be downloaded.
 */
public record ImportedFunction(ProjectConfig.Function function, boolean retentionSet, String codeLocation) {}
