package dev.lamb.local.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local cloud's fault rules, off (empty) by default: throttling, a rate of 5xx errors, added latency,
 * per service or operation, for tests of what is built on top. See {@link FaultRule} and {@link FaultMatcher}.
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

    static AwsServiceException throttling(String service) {
        String code = switch (service) {
            case "lambda", "apigateway" -> "TooManyRequestsException";
            case "iam" -> "Throttling";
            default -> "ThrottlingException";
        };
        return new AwsServiceException(429, code, "Rate exceeded (lamb local fault)");
    }

    static Optional<String> retryAfter(AwsServiceException e) {
        return e.status() == 429 ? Optional.of("1") : Optional.empty();
    }
}
