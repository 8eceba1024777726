package dev.lamb.cli;

import dev.lamb.config.ProjectConfig;
import picocli.CommandLine.Option;

/**
 * --stage: the stage a command works on, which names its alias and its API Gateway stage and picks lamb.toml's
 * [stage.NAME] settings; without it, api.stage's.
 */
final class StageOptions {
    @Option(names = "--stage", paramLabel = "STAGE", description = "The stage: its own alias and API stage, and lamb.toml's "
            + "[stage.NAME] settings (default: api.stage in lamb.toml, else dev).")
    String stage;

    /** The project as this stage sees it. */
    ProjectConfig of(ProjectConfig config) {
        return stage == null ? config : config.forStage(stage);
    }

    boolean given() {
        return stage != null;
    }
}
