package dev.lamb.local.cloud;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One fault rule of the local cloud: which requests it matches ({@code service}, and optionally
 * {@code operation}), what it does ({@code throttle}, {@code error} at a {@code rate}, {@code latency} of
 * {@code millis}, Lambda's {@code conflict} and {@code iam-delay}, Live Tail's {@code drop} after {@code millis}),
 * and, with {@code count}, how many more matching requests it applies to before it is
 * spent. Its state (remaining, fired) changes under {@link Faults}' lock.
 */
public final class FaultRule {
    /** The services LocalCloudServices serves, by signing name, or * for all. */
    public static final Set<String> SERVICES = Set.of("*", "lambda", "iam", "logs", "apigateway", "xray", "sts", "s3");
    /** Fifteen minutes: no AWS call a test waits on lasts longer than Lambda's longest timeout. */
    public static final long MAX_MILLIS = 900_000;
    public static final Set<String> KINDS = Set.of("throttle", "error", "latency", "conflict", "iam-delay", "drop");

    private final int id;
    private final String service;
    private final String operation;
    private final Pattern restPattern;
    private final String kind;
    private final double rate;
    private final long millis;
    private final Integer count;
    private int remaining;
    private int fired;

    FaultRule(int id, String service, String operation, String kind, Double rate, Long millis, Integer count) {
        if (service == null || !SERVICES.contains(service)) {
            throw new IllegalArgumentException("service must be one of lambda, iam, logs, apigateway, xray, sts, s3 or *, not " + service);
        }
        if (kind == null || !KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be throttle, error, latency, conflict, iam-delay or drop, not " + kind);
        }
        if ((kind.equals("conflict") || kind.equals("iam-delay")) && !service.equals("lambda")) {
            throw new IllegalArgumentException("a " + kind + " fault is Lambda's: it needs service lambda, not " + service);
        }
        if (kind.equals("iam-delay") && (millis == null || millis <= 0)) {
            throw new IllegalArgumentException("an iam-delay fault needs millis > 0 (how long a new role stays unassumable)");
        }
        if (kind.equals("iam-delay") && operation != null && !operation.isBlank()) {
            throw new IllegalArgumentException("an iam-delay fault applies to CreateFunction and UpdateFunctionConfiguration "
                    + "with a Role; it takes no operation");
        }
        if (kind.equals("drop") && (!service.equals("logs") || millis == null || millis <= 0
                || operation != null && !operation.isBlank())) {
            throw new IllegalArgumentException("a drop fault cuts Live Tail sessions: it needs service logs, no operation, "
                    + "and millis > 0 (how long a session lasts before its connection drops)");
        }
        if (rate != null && (rate < 0 || rate > 1 || rate.isNaN())) {
            throw new IllegalArgumentException("rate must be between 0 and 1, not " + rate);
        }
        if (kind.equals("latency") && (millis == null || millis <= 0)) {
            throw new IllegalArgumentException("a latency fault needs millis > 0");
        }
        if (millis != null && millis > MAX_MILLIS) {
            throw new IllegalArgumentException("millis must be at most " + MAX_MILLIS + " (15 minutes, Lambda's longest "
                    + "timeout), not " + millis);
        }
        if (count != null && count <= 0) {
            throw new IllegalArgumentException("count must be positive, not " + count);
        }
        this.id = id;
        this.service = service;
        this.operation = operation == null || operation.isBlank() ? null : operation;
        Pattern pattern = null;
        if (this.operation != null) {
            try {
                pattern = Pattern.compile(this.operation, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("operation is not a valid regular expression: " + e.getDescription());
            }
        }
        this.restPattern = pattern;
        this.kind = kind;
        this.rate = rate == null ? 1.0 : rate;
        this.millis = millis == null ? 0 : millis;
        this.count = count;
        this.remaining = count == null ? -1 : count;
    }

    public int id() {
        return id;
    }

    public String service() {
        return service;
    }

    public String operation() {
        return operation;
    }

    public String kind() {
        return kind;
    }

    public double rate() {
        return rate;
    }

    public long millis() {
        return millis;
    }

    /** Spent: a rule with a count that has applied that many times; it stays listed but matches nothing. */
    boolean spent() {
        return count != null && remaining <= 0;
    }

    /** Called under Faults' lock when this rule applies to a request. */
    void fire() {
        fired++;
        if (count != null) {
            remaining--;
        }
    }

    /**
     * Whether this rule covers a request to {@code serviceName} whose operation, as {@link FaultMatcher}
     * names it, is {@code op}: for the JSON and query protocols (logs, iam) the operation's name, exactly
     * (case-insensitive); for the REST services (lambda, apigateway, xray, s3) {@code op} is
     * {@code "<METHOD> <path>"} and {@code operation} a case-insensitive regex found in it.
     */
    boolean matches(String serviceName, String op) {
        if (spent() || !(service.equals("*") || service.equals(serviceName))) {
            return false;
        }
        if (operation == null) {
            return true;
        }
        if (op == null) {
            return false;
        }
        if (FaultMatcher.isRest(serviceName)) {
            return restPattern.matcher(op).find();
        }
        return operation.toLowerCase(Locale.ROOT).equals(op.toLowerCase(Locale.ROOT));
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("service", service);
        if (operation != null) {
            out.put("operation", operation);
        }
        out.put("kind", kind);
        if (kind.equals("error")) {
            out.put("rate", rate);
        }
        if (kind.equals("latency") || kind.equals("iam-delay") || kind.equals("drop")) {
            out.put("millis", millis);
        }
        if (count != null) {
            out.put("count", count);
            out.put("remaining", Math.max(remaining, 0));
        }
        out.put("fired", fired);
        out.put("spent", spent());
        return out;
    }
}
