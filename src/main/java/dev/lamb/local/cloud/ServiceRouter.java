package dev.lamb.local.cloud;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells which service a request is for, as AWS's own front ends would from one port: first a data plane's host
 * (execute-api, function URLs), then the service its SigV4 credential scope names (as admission read it, from the
 * Authorization header or a presigned URL), then the protocol's own marks (the Logs and Secrets Manager target headers, STS's actions,
 * IAM's form posts, Lambda's dated paths, API Gateway's and X-Ray's paths).
 */
final class ServiceRouter {
    private static final Pattern LAMBDA_PATH = Pattern.compile("^/20\\d\\d-\\d\\d-\\d\\d/.*");
    private static final Pattern APIGATEWAY_PATH =
            Pattern.compile("^/(restapis|account|apikeys|domainnames|usageplans|vpclinks|tags)(/.*)?$");
    private static final Pattern XRAY_PATH = Pattern.compile(
            "^/(TraceSegments|TraceSummaries|Traces|TimeSeriesServiceStatistics|ServiceGraph|GetSamplingRules|SamplingTargets|TelemetryRecords)$");
    private static final Pattern STS_ACTION = Pattern.compile("(?:^|&)Action=(GetCallerIdentity|AssumeRole)(?:&|$)");

    private ServiceRouter() {}

    /**
     * @param rawQuery the query string as sent, or null
     * @param dataPlane the data plane the request's host and path name, if any
     * @param scope the credential scope of the request's signature, or null when unsigned
     */
    static Optional<String> serviceOf(String method, String path, String rawQuery, Optional<DataPlane> dataPlane,
            CredentialScope scope, String target, String contentType) {
        // A function URL goes to Lambda, signed or not: its signature is for lambda when it is one.
        if (dataPlane.isPresent() && (dataPlane.get().kind().byHost() || dataPlane.get().kind().functionUrl())) {
            return Optional.of(dataPlane.get().kind().service());
        }
        if (scope != null) {
            return Optional.of(scope.service());
        }
        if (rawQuery != null && STS_ACTION.matcher(rawQuery).find()) {
            return Optional.of("sts");
        }
        if (target != null && target.startsWith("Logs_20140328.")) {
            return Optional.of("logs");
        }
        if (target != null && target.startsWith("secretsmanager.")) {
            return Optional.of("secretsmanager");
        }
        if (target != null && target.startsWith("AmazonSSM.")) {
            return Optional.of("ssm");
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
}
