package dev.lamb.local.cloud.apigateway;

import java.time.Instant;

/**
 * One data-plane request to a deployed stage, as API Gateway's CloudWatch metrics count it: the API's name and the
 * stage, when it came, the status answered, its latency and, when the integration ran, the integration's (ms).
 */
public record ApiRequest(String apiName, String stage, Instant started, int status, double latencyMs, Double integrationLatencyMs) {}
