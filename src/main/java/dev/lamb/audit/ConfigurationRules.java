package dev.lamb.audit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.lamb.lambda.LambdaRuntime;
import dev.lamb.lambda.LambdaRuntimes;

/** The function's own settings: its runtime against AWS's calendar, its logs, tracing, async failures, concurrency, recursion. */
final class ConfigurationRules {
    private ConfigurationRules() {}

    static List<Finding> check(DeployedFunction fn, LocalDate today) {
        List<Finding> out = new ArrayList<>();
        runtime(fn, today).ifPresent(out::add);
        if (fn.logGroup() == null) {
            out.add(Rule.LOG_GROUP_MISSING.at(logGroupArn(fn), "log group " + fn.logGroupName() + " does not exist"));
        } else if (fn.logGroup().retentionDays() == null) {
            out.add(Rule.LOG_RETENTION_NONE.at(fn.logGroup().arn(), "log group " + fn.logGroupName() + " never expires its events"));
        }
        if (!fn.tracing()) {
            out.add(Rule.TRACING_OFF.at(fn.arn(), "TracingConfig mode is PassThrough"));
        }
        if (fn.deadLetterTarget() == null && fn.onFailure().get(fn.qualifier()) == null) {
            out.add(Rule.ASYNC_NO_FAILURE_DESTINATION.at(fn.arnAt(fn.qualifier()), "neither an on-failure destination nor a "
                    + "dead-letter queue is set, so an event that fails its retries is lost"));
        }
        if (Integer.valueOf(0).equals(fn.reservedConcurrency())) {
            out.add(Rule.CONCURRENCY_ZERO.at(fn.arn(), "ReservedConcurrentExecutions is 0"));
        }
        if ("Allow".equals(fn.recursion())) {
            out.add(Rule.RECURSION_ALLOW.at(fn.arn(), "RecursiveLoop is Allow"));
        }
        return out;
    }

    private static Optional<Finding> runtime(DeployedFunction fn, LocalDate today) {
        Optional<LambdaRuntime> known = fn.runtime() == null ? Optional.empty() : LambdaRuntimes.find(fn.runtime());
        if (known.isEmpty() || !known.get().deprecatedSoon(today)) {
            return Optional.empty();
        }
        LambdaRuntime r = known.get();
        LocalDate date = r.deprecation().orElseThrow();
        String newest = LambdaRuntimes.newest(r.family()).id();
        String move = newest.equals(r.id()) ? "" : "; the newest of its family is " + newest;
        if (date.isAfter(today)) {
            return Optional.of(Rule.RUNTIME_DEPRECATION_SOON.at(fn.arn(), r.id() + " is deprecated on " + date + move));
        }
        return Optional.of(Rule.RUNTIME_DEPRECATED.at(fn.arn(), r.id() + " is deprecated since " + date + move));
    }

    /** arn:aws:logs:REGION:ACCOUNT:log-group:NAME, from the function's ARN: where the log group would be. */
    private static String logGroupArn(DeployedFunction fn) {
        String[] parts = fn.arn().split(":");
        return "arn:" + parts[1] + ":logs:" + parts[3] + ":" + parts[4] + ":log-group:" + fn.logGroupName();
    }
}
