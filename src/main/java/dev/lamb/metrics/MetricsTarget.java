package dev.lamb.metrics;

import dev.lamb.config.AlarmSettings;
import dev.lamb.config.ProjectConfig;

/**
 * What lamb metrics measures: a function, at the alias of a stage (null: the whole function), with the API stage lamb
 * gives it (ApiName is the function's name, as deploy names its REST API; null when the project has no routes), and
 * the project it comes from (null for a --function outside the project).
 */
public record MetricsTarget(String function, String stage, String apiName, ProjectConfig project) {
    /** The project's function at the stage the config is for (--stage, else api.stage, else dev). */
    public static MetricsTarget of(ProjectConfig config) {
        String stage = config.api().stage();
        return new MetricsTarget(config.function().name(), stage, config.api().routes().isEmpty() ? null : config.function().name(),
                config);
    }

    /** A function outside the project: all its invocations, whatever the alias or version. */
    public static MetricsTarget function(String name) {
        return new MetricsTarget(name, null, null, null);
    }

    /** The Resource dimension of the stage's alias, FUNCTION:STAGE, as Lambda publishes it; null for the whole function. */
    public String resource() {
        return stage == null ? null : function + ":" + stage;
    }


    /** The thresholds of the stage's alarms, which the flags use too: the project's [alarms], else the defaults. */
    AlarmSettings alarms() {
        return project != null ? project.alarms() : AlarmSettings.defaults();
    }

    boolean asyncConfigured() {
        return project != null && project.function().async().isPresent();
    }

    boolean provisionedConfigured() {
        return project != null && project.function().provisionedConcurrency() > 0;
    }
}
