package dev.lamb.local.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which requests the local cloud lets in. Binding to 127.0.0.1 keeps other machines out, but not a web
 * page in the user's browser, nor DNS rebinding: so only requests for the cloud's own host names come
 * in, and the control planes, which run any code they are sent, take only what the AWS tools send (a
 * SigV4 signature, which a browser cannot add without a preflight the cloud never grants) and nothing a
 * page sends (an Origin). With keys (--auth), signatures are verified against them. The data planes
 * ({@link DataPlane}) stay open, as on AWS. What a role session's calls may do is {@link SessionAuthorization}'s to say.
 */
final class RequestAdmission {
    /**
     * The request as admission sees it: headers by name, case-insensitive, the path and query as sent; its signature,
     * the data plane it names and the service it is routed to, each read once, here, for admission, routing and checks.
     */
    record Request(String method, String rawPath, String rawQuery, Function<String, List<String>> headers, String service,
            RequestSignature.Parsed signature, Optional<DataPlane> dataPlane) {
        String header(String name) {
            List<String> values = headers.apply(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The credential scope of its one signature, or null when it has none (or not one of SigV4's shape). */
        CredentialScope scope() {
            return signature.scope();
        }

        /** The region it is signed for; an unsigned request is for the home region, as lamb's own calls are. */
        String region() {
            return scope() == null ? Regions.HOME : scope().region();
        }
    }

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

    /**
     * Reads a request's signature and data plane once, and routes it by them.
     *
     * @param path the decoded path
     */
    static Request read(String method, String rawPath, String path, String rawQuery, Function<String, List<String>> headers) {
        Function<String, String> header = name -> {
            List<String> values = headers.apply(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        };
        RequestSignature.Parsed signature = RequestSignature.parse(header.apply("Authorization"), LocalCloud.query(rawQuery));
        Optional<DataPlane> dataPlane = DataPlane.of(header.apply("Host"), path);
        String service = ServiceRouter.serviceOf(method, path, rawQuery, dataPlane, signature.scope(), header.apply("X-Amz-Target"),
                header.apply("Content-Type")).orElse(null);
        return new Request(method, rawPath, rawQuery, headers, service, signature, dataPlane);
    }

    /** Whether signatures are verified (--auth), or only required. */
    boolean verifies() {
        return keys.isPresent();
    }

    /** Refuses, before the body is read, a request for another host, from a web page, or unsigned. */
    Optional<AwsServiceException> beforeBody(Request request, int port) {
        String host = request.header("Host");
        boolean own = host != null && (host.equalsIgnoreCase("127.0.0.1:" + port) || host.equalsIgnoreCase("localhost:" + port)
                // S3's virtual-host addressing names the bucket in a host under localhost, which only this machine resolves.
                || "s3".equals(request.service()) && host.toLowerCase(Locale.ROOT).endsWith(".localhost:" + port));
        boolean dataPlaneHost = host != null && host.endsWith(":" + port) && request.dataPlane().filter(p -> p.kind().byHost()).isPresent();
        if (!dataPlaneHost && !own) {
            return Optional.of(denied(request, "lamb's local cloud answers requests for 127.0.0.1:" + port + " or localhost:"
                    + port + " only, not for Host " + host + " (a web page may be trying DNS rebinding)"));
        }
        if (request.signature().outcome() == RequestSignature.Outcome.BOTH) {
            // The words S3 answers this with; the code is the common error every service's API reference lists for it.
            return Optional.of(new AwsServiceException(400, "InvalidParameterCombination", "Only one auth mechanism allowed; only the "
                    + "X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified"));
        }
        if (open(request)) {
            return Optional.empty();
        }
        String origin = request.header("Origin");
        if (origin != null) {
            return Optional.of(denied(request, "lamb's local cloud refuses control-plane requests from web pages (Origin "
                    + origin + "); call it with the AWS CLI, an AWS SDK or lamb"));
        }
        if (request.signature().outcome() == RequestSignature.Outcome.MALFORMED) {
            return Optional.of(badSignature(request));
        }
        if (request.signature().outcome() == RequestSignature.Outcome.UNSIGNED) {
            return Optional.of(query(request)
                    ? new AwsServiceException(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
                    : new AwsServiceException(403, "MissingAuthenticationTokenException", "Missing Authentication Token"));
        }
        if (request.signature().signature().presigned() && keys.isEmpty()) {
            // Any web page can make a browser fetch a URL (an <img>): without keys to verify it against, a presigned
            // URL proves nothing, where an Authorization header proves the caller is no page.
            return Optional.of(denied(request, "lamb's local cloud takes presigned URLs only when it verifies signatures "
                    + "(lamb local start --auth); sign with the Authorization header, as the AWS CLI and SDKs do"));
        }
        return Optional.empty();
    }

    /**
     * With keys, verifies the signature of a request {@link #beforeBody} let in (data planes and the
     * health check need none), once its body is read: the --auth keys' or a role session's.
     */
    Optional<AwsServiceException> afterBody(Request request, byte[] body) {
        return verify(request, body, key -> sessions.apply(key).map(SessionCaller::secretAccessKey));
    }

    /**
     * Verifies, as {@link #afterBody} does, a request whose service streams its body (S3's): against the payload hash
     * its x-amz-content-sha256 header declares, which the service checks against the body as it reads it.
     */
    Optional<AwsServiceException> beforeStream(Request request) {
        return verify(request, null, key -> sessions.apply(key).map(SessionCaller::secretAccessKey));
    }

    /** Verifies, as {@link #afterBody} does, a request to lamb's own admin paths (faults), which only the --auth keys may sign. */
    Optional<AwsServiceException> afterBodyOfAdmin(Request request, byte[] body) {
        return verify(request, body, key -> Optional.empty());
    }

    private Optional<AwsServiceException> verify(Request request, byte[] body, Function<String, Optional<String>> sessionSecret) {
        if (keys.isEmpty() || request.signature().outcome() != RequestSignature.Outcome.SIGNED) {
            return Optional.empty();
        }
        LocalCloudCredentials expected = keys.get();
        RequestSignature signature = request.signature().signature();
        CredentialScope scope = signature.scope();
        boolean presigned = signature.presigned();
        String amzDate = presigned ? signature.amzDate() : request.header("X-Amz-Date");
        // A role session's keys are checked against the session's secret; its token and expiry are checked by permitted.
        Optional<String> secret = scope.accessKeyId().equals(expected.accessKeyId()) ? Optional.of(expected.secretAccessKey())
                : sessionSecret.apply(scope.accessKeyId());
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
        if (Duration.between(signedAt, now).abs().compareTo(SKEW) > 0 || !amzDate.startsWith(scope.date())) {
            return Optional.of(new AwsServiceException(403, query(request) ? "SignatureDoesNotMatch" : "InvalidSignatureException",
                    "Signature expired: " + amzDate + " is now earlier than " + SigV4.AMZ_DATE.format(now.minus(SKEW))
                            + " (" + SigV4.AMZ_DATE.format(now) + " - 15 min.)"));
        }
        if (!signature.signedHeaders().contains("host")) {
            return Optional.of(badSignature(request));
        }
        String scopeText = scope.date() + "/" + scope.region() + "/" + scope.service() + "/aws4_request";
        for (String payloadHash : payloadHashes(request, body, presigned)) {
            for (String path : List.of(request.rawPath(), withoutDotSegments(request.rawPath()))) {
                String canonical = SigV4.canonicalRequest(request.method(), path, request.rawQuery(), signature.signedHeaders(),
                        request.headers(), payloadHash, presigned ? "X-Amz-Signature" : null);
                String computed = SigV4.signature(secret.get(), scope.date(), scope.region(), scope.service(),
                        SigV4.stringToSign(amzDate, scopeText, canonical));
                if (SigV4.sameSignature(computed, signature.signature())) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(badSignature(request));
    }

    /**
     * Requests AWS does not authorize with IAM: a data plane (execute-api, function URLs, code downloads) routed to the
     * service that serves it, and the health check. Another service's signature on a data plane's path is a call to
     * that service, checked as any.
     */
    private static boolean open(Request request) {
        return request.dataPlane().filter(p -> p.servedBy(request.service())).isPresent()
                || request.rawPath().equals(LocalCloud.HEALTH_PATH);
    }

    /**
     * The body's hash, as a signed x-amz-content-sha256 header must state it, or UNSIGNED-PAYLOAD where
     * the client declared it (S3-style presigned URLs too). A streamed body (null) is taken as declared.
     */
    private static List<String> payloadHashes(Request request, byte[] body, boolean presigned) {
        String declared = request.header("X-Amz-Content-Sha256");
        if (body == null) {
            return List.of(declared == null ? SigV4.UNSIGNED_PAYLOAD : declared);
        }
        String actual = SigV4.sha256Hex(body);
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

    /** Whether the request is for a service of the query protocol (IAM, STS), whose errors are named differently. */
    static boolean query(Request request) {
        return request.service() != null && QUERY_PROTOCOL.contains(request.service());
    }

    static AwsServiceException invalidToken(Request request) {
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
