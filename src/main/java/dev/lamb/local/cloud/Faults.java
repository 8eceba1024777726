package dev.lamb.local.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local cloud's fault rules, off (empty) by default: throttling, a rate of 5xx errors, added latency,
 * per service or operation, two of Lambda's: {@code conflict} (409 on function updates) and
 * {@code iam-delay} (new roles not yet assumable), and Live Tail's {@code drop} (sessions cut after a while),
 * for tests of what is built on top. See {@link FaultRule} and {@link FaultMatcher}.
 */
public final class Faults {
    private final List<FaultRule> rules = new ArrayList<>();
    private int nextId = 1;

    public synchronized FaultRule add(String service, String operation, String kind, Double rate, Long millis, Integer count) {
        FaultRule rule = new FaultRule(nextId, service, operation, kind, rate, millis, count);
        nextId++;
        rules.add(rule);
        return rule;
    }

    public synchronized List<Map<String, Object>> list() {
        return rules.stream().map(FaultRule::toJson).toList();
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** What the faults do to one request: a delay, then perhaps an error in place of the service's answer. */
    public record Effect(long delayMillis, AwsServiceException error) {
        static final Effect NONE = new Effect(0, null);
    }

    /**
     * Decides, for a request to {@code service}, the delay of every matching latency rule, and the error
     * of the first matching throttle or error rule that fires; each rule that applies counts down.
     */
    public synchronized Effect decide(String service, CloudRequest request) {
        if (rules.isEmpty()) {
            return Effect.NONE;
        }
        String op = FaultMatcher.operationOf(service, request);
        long delay = 0;
        AwsServiceException error = null;
        for (FaultRule rule : rules) {
            if (!rule.matches(service, op)) {
                continue;
            }
            switch (rule.kind()) {
                case "latency" -> {
                    delay += rule.millis();
                    rule.fire();
                }
                case "throttle" -> {
                    if (error == null) {
                        error = throttling(service);
                        rule.fire();
                    }
                }
                case "conflict" -> {
                    String arn = updatedFunctionArn(request);
                    if (error == null && arn != null) {
                        error = new AwsServiceException(409, "ResourceConflictException", "The operation cannot be performed "
                                + "at this time. An update is in progress for resource: " + arn);
                        rule.fire();
                    }
                }
                case "iam-delay", "drop" -> {
                    // Consulted by the services themselves: roleUnassumable (Lambda), liveTailDrop (Logs).
                }
                default -> {
                    if (error == null && ThreadLocalRandom.current().nextDouble() < rule.rate()) {
                        error = ThreadLocalRandom.current().nextBoolean()
                                ? new AwsServiceException(500, "ServiceException", "lamb local fault: service error")
                                : new AwsServiceException(503, "ServiceUnavailableException", "lamb local fault: service unavailable");
                        rule.fire();
                    }
                }
            }
        }
        return delay == 0 && error == null ? Effect.NONE : new Effect(delay, error);
    }

    /**
     * Whether a role created at the time {@code createdAt} gives is still too new for Lambda to assume, by the first live
     * {@code iam-delay} rule, which then counts down: the local stand-in for IAM's eventual consistency.
     */
    public synchronized boolean roleUnassumable(Supplier<Instant> createdAt) {
        // The role's creation time is looked up only when a rule asks for it: most clouds have no iam-delay rule.
        for (FaultRule rule : rules) {
            if (rule.kind().equals("iam-delay") && rule.matches("lambda", null)) {
                Instant created = createdAt.get();
                if (created != null && Instant.now().isBefore(created.plusMillis(rule.millis()))) {
                    rule.fire();
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * How long a Live Tail session starting now lasts before its connection is cut, by the first live
     * {@code drop} rule, which then counts down; empty when no rule applies.
     */
    public synchronized Optional<Duration> liveTailDrop() {
        for (FaultRule rule : rules) {
            if (rule.kind().equals("drop") && rule.matches("logs", null)) {
                rule.fire();
                return Optional.of(Duration.ofMillis(rule.millis()));
            }
        }
        return Optional.empty();
    }

    private static final Pattern UPDATE = Pattern.compile("^/2015-03-31/functions/([^/]+)/(code|configuration)/?$");

    /** The function an UpdateFunctionCode or UpdateFunctionConfiguration request names, as an ARN; else null. */
    static String updatedFunctionArn(CloudRequest request) {
        if (!"PUT".equals(request.method())) {
            return null;
        }
        Matcher m = UPDATE.matcher(request.path());
        if (!m.matches()) {
            return null;
        }
        String name = m.group(1);
        if (name.startsWith("arn:")) {
            return name;
        }
        int function = name.indexOf("function:");
        if (function >= 0) {
            name = name.substring(function + "function:".length());
        }
        return "arn:aws:lambda:" + request.region() + ":000000000000:function:" + name;
    }

    static AwsServiceException throttling(String service) {
        return throttling(service, "Rate exceeded (lamb local fault)");
    }

    /** The service's own throttling error, which SDKs retry after a while. */
    static AwsServiceException throttling(String service, String message) {
        if (service.equals("s3")) {
            // S3 throttles with 503 SlowDown (the S3 API reference's error list), not 429.
            return new AwsServiceException(503, "SlowDown", message);
        }
        String code = switch (service) {
            case "lambda", "apigateway" -> "TooManyRequestsException";
            case "iam", "sts" -> "Throttling";
            default -> "ThrottlingException";
        };
        return new AwsServiceException(429, code, message);
    }

    static Optional<String> retryAfter(AwsServiceException e) {
        return e.status() == 429 ? Optional.of("1") : Optional.empty();
    }
}
