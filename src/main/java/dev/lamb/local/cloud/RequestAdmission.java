package dev.lamb.local.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.lamb.local.cloud.lambda.LambdaService;

/**
 * Which requests the local cloud lets in. Binding to 127.0.0.1 keeps other machines out, but not a web
 * page in the user's browser, nor DNS rebinding: so only requests for the cloud's own host names come
 * in, and the control planes, which run any code they are sent, take only what the AWS tools send (a
 * SigV4 signature, which a browser cannot add without a preflight the cloud never grants) and nothing a
 * page sends (an Origin). With keys (--auth), signatures are verified against them. The data planes
 * (API Gateway's execute-api) stay open, as on AWS.
 */
final class RequestAdmission {
    /** The request as admission sees it: headers by name, case-insensitive, the path and query as sent. */
    record Request(String method, String rawPath, String rawQuery, Function<String, List<String>> headers, String service) {
        String header(String name) {
            List<String> values = headers.apply(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,"
                    + "\\s*Signature=([0-9a-f]+)\\s*");
    private static final Pattern CREDENTIAL = Pattern.compile("([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request");
    /**
     * Data-plane host names the cloud serves: {api}.execute-api.localhost, optionally with a region, and function
     * URLs, {url-id}.lambda-url.{region}.localhost.
     */
    private static final Pattern DATA_PLANE_HOST =
            Pattern.compile("[a-z0-9]+\\.(execute-api|lambda-url)(\\.[a-z0-9-]+)?\\.localhost");
    /** AWS refuses signatures more than 15 minutes from its clock, which bounds how long one can be replayed. */
    private static final Duration SKEW = Duration.ofMinutes(15);
    /** Services that speak the query protocol name their errors differently from the JSON ones. */
    private static final List<String> QUERY_PROTOCOL = List.of("iam", "sts");

    private final Optional<LocalCloudCredentials> keys;
    private final Clock clock;
    private final Function<String, Optional<SessionCaller>> sessions;

    RequestAdmission(Optional<LocalCloudCredentials> keys, Clock clock) {
        this(keys, clock, key -> Optional.empty());
    }

    /** @param sessions the role session an access key belongs to, when the local STS issued it */
    RequestAdmission(Optional<LocalCloudCredentials> keys, Clock clock, Function<String, Optional<SessionCaller>> sessions) {
        this.keys = keys;
        this.clock = clock;
        this.sessions = sessions;
    }

    /** Whether signatures are verified (--auth), or only required. */
    boolean verifies() {
        return keys.isPresent();
    }

    /** Refuses, before the body is read, a request for another host, from a web page, or unsigned. */
    Optional<AwsServiceException> beforeBody(Request request, int port) {
        String host = request.header("Host");
        boolean own = host != null && (host.equalsIgnoreCase("127.0.0.1:" + port) || host.equalsIgnoreCase("localhost:" + port));
        if (!dataPlaneHost(request, port) && !own) {
            return Optional.of(denied(request, "lamb's local cloud answers requests for 127.0.0.1:" + port + " or localhost:"
                    + port + " only, not for Host " + host + " (a web page may be trying DNS rebinding)"));
        }
        if (open(request, port)) {
            return Optional.empty();
        }
        String origin = request.header("Origin");
        if (origin != null) {
            return Optional.of(denied(request, "lamb's local cloud refuses control-plane requests from web pages (Origin "
                    + origin + "); call it with the AWS CLI, an AWS SDK or lamb"));
        }
        if (!signed(request)) {
            return Optional.of(query(request)
                    ? new AwsServiceException(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
                    : new AwsServiceException(403, "MissingAuthenticationTokenException", "Missing Authentication Token"));
        }
        return Optional.empty();
    }

    /**
     * With keys, verifies the signature of a request {@link #beforeBody} let in (data planes and the
     * health check need none), once its body is read.
     */
    Optional<AwsServiceException> afterBody(Request request, byte[] body) {
        if (keys.isEmpty() || !signed(request)) {
            return Optional.empty();
        }
        LocalCloudCredentials expected = keys.get();
        Map<String, List<String>> query = LocalCloud.query(request.rawQuery());
        boolean presigned = query.containsKey("X-Amz-Signature");
        String keyId;
        String date;
        String region;
        String service;
        List<String> signedHeaders;
        String given;
        String amzDate;
        if (presigned) {
            Matcher m = CREDENTIAL.matcher(first(query, "X-Amz-Credential"));
            if (!m.matches() || !"AWS4-HMAC-SHA256".equals(first(query, "X-Amz-Algorithm"))) {
                return Optional.of(badSignature(request));
            }
            keyId = m.group(1);
            date = m.group(2);
            region = m.group(3);
            service = m.group(4);
            signedHeaders = List.of(first(query, "X-Amz-SignedHeaders").split(";"));
            given = first(query, "X-Amz-Signature");
            amzDate = first(query, "X-Amz-Date");
        } else {
            Matcher m = AUTHORIZATION.matcher(request.header("Authorization"));
            if (!m.matches()) {
                return Optional.of(badSignature(request));
            }
            keyId = m.group(1);
            date = m.group(2);
            region = m.group(3);
            service = m.group(4);
            signedHeaders = List.of(m.group(5).split(";"));
            given = m.group(6);
            amzDate = request.header("X-Amz-Date");
        }
        // A role session's keys are checked against the session's secret; its token and expiry are checked by permitted.
        Optional<String> secret = keyId.equals(expected.accessKeyId()) ? Optional.of(expected.secretAccessKey())
                : sessions.apply(keyId).map(SessionCaller::secretAccessKey);
        if (secret.isEmpty()) {
            return Optional.of(invalidToken(request));
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(SigV4.AMZ_DATE.parse(amzDate == null ? "" : amzDate));
        } catch (DateTimeParseException e) {
            return Optional.of(badSignature(request));
        }
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(SKEW) > 0 || !amzDate.startsWith(date)) {
            return Optional.of(new AwsServiceException(403, query(request) ? "SignatureDoesNotMatch" : "InvalidSignatureException",
                    "Signature expired: " + amzDate + " is now earlier than " + SigV4.AMZ_DATE.format(now.minus(SKEW))
                            + " (" + SigV4.AMZ_DATE.format(now) + " - 15 min.)"));
        }
        if (!signedHeaders.contains("host")) {
            return Optional.of(badSignature(request));
        }
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        for (String payloadHash : payloadHashes(request, body, presigned)) {
            for (String path : List.of(request.rawPath(), withoutDotSegments(request.rawPath()))) {
                String canonical = SigV4.canonicalRequest(request.method(), path, request.rawQuery(), signedHeaders,
                        request.headers(), payloadHash, presigned ? "X-Amz-Signature" : null);
                String computed = SigV4.signature(secret.get(), date, region, service,
                        SigV4.stringToSign(amzDate, scope, canonical));
                if (SigV4.sameSignature(computed, given)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(badSignature(request));
    }

    /**
     * Whether a role session the local STS issued may make the call, as AWS decides it: its token must be the session's
     * and unexpired, and its role's policies must allow each IAM action the request asks for. Any other caller (the
     * test keys lamb and its users sign with, the --auth keys) may make any call; so may anyone call the open paths
     * (data planes, health), which AWS does not authorize with IAM either.
     */
    Optional<AwsServiceException> permitted(Request admitted, CloudRequest request, AwsService service, int port) {
        // Of the data planes, function URLs whose AuthType is AWS_IAM are authorized with IAM (their service says which).
        boolean functionUrl = LambdaService.isFunctionUrlHost(admitted.header("Host"));
        Optional<SessionCaller> session = open(admitted, port) && !functionUrl ? Optional.empty()
                : Optional.ofNullable(request.accessKeyId()).flatMap(sessions);
        List<IamAction> actions = session.isEmpty() ? List.of() : service.iamActions(request);
        if (session.isEmpty() || functionUrl && actions.isEmpty()) {
            return Optional.empty();
        }
        SessionCaller caller = session.get();
        String token = Optional.ofNullable(request.header("X-Amz-Security-Token")).orElse(request.queryParam("X-Amz-Security-Token"));
        if (!caller.sessionToken().equals(token)) {
            return Optional.of(invalidToken(admitted));
        }
        if (caller.expired()) {
            return Optional.of(new AwsServiceException(clientErrorStatus(admitted), query(admitted) ? "ExpiredToken" : "ExpiredTokenException",
                    "The security token included in the request is expired"));
        }
        for (IamAction action : actions) {
            PolicyDecision decision = caller.permissions().decide(action, request.region());
            if (decision != PolicyDecision.ALLOWED) {
                // A function URL answers as it answers an unsigned request, with no more said.
                return Optional.of(new AwsServiceException(clientErrorStatus(admitted), query(admitted) ? "AccessDenied" : "AccessDeniedException",
                        functionUrl ? "Forbidden" : notAuthorized(caller, action, decision)));
            }
        }
        return Optional.empty();
    }

    /** AccessDenied's message as the IAM User Guide gives it ("Troubleshoot access denied error messages"). */
    private static String notAuthorized(SessionCaller caller, IamAction action, PolicyDecision decision) {
        return "User: " + caller.arn() + " is not authorized to perform: " + action.action() + " on resource: " + action.resource()
                + (decision == PolicyDecision.DENIED ? " with an explicit deny in an identity-based policy"
                        : " because no identity-based policy allows the " + action.action() + " action");
    }

    /** Requests AWS does not authorize with IAM: data planes (execute-api, function URLs), the health check, code downloads. */
    private static boolean open(Request request, int port) {
        return dataPlaneHost(request, port) || isDataPlanePath(request.rawPath()) || request.rawPath().equals(LocalCloud.HEALTH_PATH)
                || request.rawPath().startsWith(LambdaService.CODE_PATH);
    }

    private static boolean dataPlaneHost(Request request, int port) {
        String host = request.header("Host");
        return host != null && host.endsWith(":" + port) && DATA_PLANE_HOST.matcher(hostName(host)).matches();
    }

    /**
     * The body's hash, as a signed x-amz-content-sha256 header must state it, or UNSIGNED-PAYLOAD where
     * the client declared it (S3-style presigned URLs too).
     */
    private static List<String> payloadHashes(Request request, byte[] body, boolean presigned) {
        String actual = SigV4.sha256Hex(body);
        String declared = request.header("X-Amz-Content-Sha256");
        if (declared != null) {
            return declared.equals(SigV4.UNSIGNED_PAYLOAD) || declared.equalsIgnoreCase(actual) ? List.of(declared) : List.of();
        }
        return presigned ? List.of(actual, SigV4.UNSIGNED_PAYLOAD) : List.of(actual);
    }

    /** The path as botocore signs it: dot segments and empty segments removed (RFC 3986 5.2.4, plus AWS's rule). */
    private static String withoutDotSegments(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        Deque<String> out = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                out.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                out.addLast(segment);
            }
        }
        String joined = "/" + String.join("/", out);
        return path.endsWith("/") && !out.isEmpty() ? joined + "/" : joined;
    }

    /** The data plane's paths on the cloud's own host: /restapis/{api}/{stage}/_user_request_/... */
    private static boolean isDataPlanePath(String rawPath) {
        String[] parts = Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        return parts.length >= 4 && parts[0].equals("restapis") && parts[3].equals("_user_request_");
    }

    private static boolean signed(Request request) {
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.startsWith(SigV4.ALGORITHM + " ") && authorization.contains("Credential=")
                && authorization.contains("Signature=")) {
            return true;
        }
        String rawQuery = request.rawQuery();
        return rawQuery != null && rawQuery.contains("X-Amz-Signature=") && rawQuery.contains("X-Amz-Credential=");
    }

    private static String hostName(String host) {
        int colon = host.lastIndexOf(':');
        return (colon < 0 ? host : host.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static boolean query(Request request) {
        return request.service() != null && QUERY_PROTOCOL.contains(request.service());
    }

    /** CloudWatch Logs speaks awsJson1.1, whose client errors AWS answers 400 (the model gives its AccessDeniedException no other). */
    private static int clientErrorStatus(Request request) {
        return "logs".equals(request.service()) ? 400 : 403;
    }

    private static AwsServiceException invalidToken(Request request) {
        return query(request)
                ? new AwsServiceException(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
                : new AwsServiceException(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    private static AwsServiceException denied(Request request, String message) {
        return new AwsServiceException(403, query(request) ? "AccessDenied" : "AccessDeniedException", message);
    }

    private static AwsServiceException badSignature(Request request) {
        return new AwsServiceException(403, query(request) ? "SignatureDoesNotMatch" : "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                        + "Access Key and signing method. Consult the service documentation for details.");
    }
}
