package dev.lamb.local.cloud;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.local.cloud.lambda.LambdaService;

/**
 * Tells which service a request is for, as AWS's own front ends would from one port: first the
 * service its SigV4 signature names, then the protocol's own marks (the Logs target header, IAM's
 * form Action, Lambda's dated paths, API Gateway's and X-Ray's paths).
 */
final class ServiceRouter {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=[^/]*/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("^[a-z0-9]+\\.execute-api\\..*");
    private static final Pattern LAMBDA_PATH = Pattern.compile("^/20\\d\\d-\\d\\d-\\d\\d/.*");
    private static final Pattern APIGATEWAY_PATH =
            Pattern.compile("^/(restapis|account|apikeys|domainnames|usageplans|vpclinks|tags)(/.*)?$");
    private static final Pattern XRAY_PATH = Pattern.compile(
            "^/(TraceSegments|TraceSummaries|Traces|TimeSeriesServiceStatistics|ServiceGraph|GetSamplingRules|SamplingTargets|TelemetryRecords)$");

    private ServiceRouter() {}

    static Optional<String> serviceOf(String method, String path, String host, String authorization, String target,
            String contentType) {
        // API Gateway's data plane: {apiId}.execute-api.<anything>, unsigned.
        if (host != null && EXECUTE_API_HOST.matcher(host).matches()) {
            return Optional.of("apigateway");
        }
        if (LambdaService.isFunctionUrlHost(host)) {
            return Optional.of("lambda");
        }
        if (authorization != null) {
            Matcher m = CREDENTIAL.matcher(authorization);
            if (m.find()) {
                return Optional.of(m.group(2));
            }
        }
        if (target != null && target.startsWith("Logs_20140328.")) {
            return Optional.of("logs");
        }
        if (LAMBDA_PATH.matcher(path).matches()) {
            return Optional.of("lambda");
        }
        if (APIGATEWAY_PATH.matcher(path).matches()) {
            return Optional.of("apigateway");
        }
        if (XRAY_PATH.matcher(path).matches()) {
            return Optional.of("xray");
        }
        if ("POST".equals(method) && path.equals("/") && contentType != null
                && contentType.startsWith("application/x-www-form-urlencoded")) {
            return Optional.of("iam");
        }
        return Optional.empty();
    }

    /** The region a request was signed for; IAM signs for us-east-1. */
    static Optional<String> regionOf(String authorization) {
        if (authorization != null) {
            Matcher m = CREDENTIAL.matcher(authorization);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
