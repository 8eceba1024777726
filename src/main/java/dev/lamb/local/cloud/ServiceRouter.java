package dev.lamb.local.cloud;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.local.cloud.lambda.LambdaService;

/**
 * Tells which service a request is for, as AWS's own front ends would from one port: first the
 * service its SigV4 signature names (in the Authorization header or a presigned URL), then the protocol's
 * own marks (the Logs target header, STS's actions, IAM's form posts, Lambda's dated paths, API Gateway's
 * and X-Ray's paths).
 */
final class ServiceRouter {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=[^/]*/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("^[a-z0-9]+\\.execute-api\\..*");
    private static final Pattern LAMBDA_PATH = Pattern.compile("^/20\\d\\d-\\d\\d-\\d\\d/.*");
    private static final Pattern APIGATEWAY_PATH =
            Pattern.compile("^/(restapis|account|apikeys|domainnames|usageplans|vpclinks|tags)(/.*)?$");
    private static final Pattern XRAY_PATH = Pattern.compile(
            "^/(TraceSegments|TraceSummaries|Traces|TimeSeriesServiceStatistics|ServiceGraph|GetSamplingRules|SamplingTargets|TelemetryRecords)$");

    private static final Pattern PRESIGNED_CREDENTIAL =
            Pattern.compile("(?:^|&)X-Amz-Credential=[^&]*?(?:/|%2F)\\d{8}(?:/|%2F)([^&/%]+)(?:/|%2F)([^&/%]+)(?:/|%2F)aws4_request");
    private static final Pattern STS_ACTION = Pattern.compile("(?:^|&)Action=(GetCallerIdentity|AssumeRole)(?:&|$)");

    private ServiceRouter() {}

    static Optional<String> serviceOf(String method, String path, String host, String authorization, String target,
            String contentType) {
        return serviceOf(method, path, null, host, authorization, target, contentType);
    }

    /** @param rawQuery the query string as sent, or null */
    static Optional<String> serviceOf(String method, String path, String rawQuery, String host, String authorization,
            String target, String contentType) {
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
        if (rawQuery != null) {
            Matcher presigned = PRESIGNED_CREDENTIAL.matcher(rawQuery);
            if (presigned.find()) {
                return Optional.of(presigned.group(2));
            }
            if (STS_ACTION.matcher(rawQuery).find()) {
                return Optional.of("sts");
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
        // An unsigned form post is refused before its body (and so its Action) is read, in the XML that IAM
        // and STS share.
        if ("POST".equals(method) && path.equals("/") && contentType != null
                && contentType.startsWith("application/x-www-form-urlencoded")) {
            return Optional.of("iam");
        }
        return Optional.empty();
    }

    /** The region a request was signed for, in its Authorization header or its presigned URL's query; IAM signs for us-east-1. */
    static Optional<String> regionOf(String authorization, String rawQuery) {
        if (authorization != null) {
            Matcher m = CREDENTIAL.matcher(authorization);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        if (rawQuery != null) {
            Matcher presigned = PRESIGNED_CREDENTIAL.matcher(rawQuery);
            if (presigned.find()) {
                return Optional.of(presigned.group(1));
            }
        }
        return Optional.empty();
    }
}
