package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Issue 14 §4: what admission makes of a role session's call before any service answers it. A session that
 * expired answers ExpiredTokenException (JSON protocols) or ExpiredToken (query), "The security token included in
 * the request is expired", as STS's and the services' references give it; another token answers as an invalid one;
 * the data planes and the test keys are never checked.
 */
class RoleSessionAdmissionTest {
    private static final int PORT = 4588;
    private static final String SESSION_KEY = "ASIAEXAMPLEEXAMPLE12";

    /** A service asking for lambda:ListFunctions on every request, as Lambda does for GET /2015-03-31/functions. */
    private static final AwsService LISTING = asking(List.of(IamAction.onAny("lambda:ListFunctions")));

    private static AwsService asking(List<IamAction> actions) {
        return new AwsService() {
            @Override
            public String signingName() {
                return "lambda";
            }

            @Override
            public CloudResponse handle(CloudRequest request) {
                return CloudResponse.empty(200);
            }

            @Override
            public List<IamAction> iamActions(CloudRequest request) {
                return actions;
            }
        };
    }

    private static SessionAuthorization admission(boolean expired, PolicyDecision decision) {
        SessionCaller caller = new SessionCaller("arn:aws:sts::000000000000:assumed-role/r/s", "secret", "token", expired, (a, region) -> decision);
        return new SessionAuthorization(key -> key.equals(SESSION_KEY) ? Optional.of(caller) : Optional.empty());
    }

    /** Admission without --auth, as `lamb local start` runs it. */
    private static final RequestAdmission ADMISSION = new RequestAdmission(Optional.empty(), Clock.systemUTC());

    private static Optional<AwsServiceException> permitted(SessionAuthorization admission, String service, String host, String path,
            String key, String token) {
        return permitted(admission, LISTING, service, host, path, key, token);
    }

    private static Optional<AwsServiceException> permitted(SessionAuthorization admission, AwsService asked, String service, String host,
            String path, String key, String token) {
        RequestAdmission.Request admitted = read(host, path, null, key, service, token);
        return admission.permitted(admitted, new CloudRequest("GET", path, Map.of(), headers(host, key, service, token), new byte[0],
                admitted.region(), admitted.scope()), asked);
    }

    private static TreeMap<String, List<String>> headers(String host, String key, String service, String token) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", List.of(host));
        if (key != null) {
            headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=" + key + "/20261206/us-east-1/" + service
                    + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"));
        }
        if (token != null) {
            headers.put("X-Amz-Security-Token", List.of(token));
        }
        return headers;
    }

    private static RequestAdmission.Request read(String host, String path, String rawQuery, String key, String service, String token) {
        return RequestAdmission.read("GET", path, path, rawQuery, headers(host, key, service, token)::get);
    }

    private static Optional<AwsServiceException> permitted(SessionAuthorization admission, String service, String token) {
        return permitted(admission, service, "127.0.0.1:" + PORT, "/2015-03-31/functions", SESSION_KEY, token);
    }

    @Test
    void anExpiredSessionAnswersExpiredTokenInItsProtocolsWords() {
        AwsServiceException json = permitted(admission(true, PolicyDecision.ALLOWED), "lambda", "token").orElseThrow();
        assertEquals(403, json.status());
        assertEquals("ExpiredTokenException", json.code());
        assertEquals("The security token included in the request is expired", json.getMessage());
        AwsServiceException query = permitted(admission(true, PolicyDecision.ALLOWED), "sts", "token").orElseThrow();
        assertEquals("ExpiredToken", query.code());
    }

    @Test
    void anotherTokenOrNoneAnswersAsAnInvalidToken() {
        assertEquals("UnrecognizedClientException", permitted(admission(false, PolicyDecision.ALLOWED), "lambda", "other").orElseThrow().code());
        assertEquals("InvalidClientTokenId", permitted(admission(false, PolicyDecision.ALLOWED), "iam", null).orElseThrow().code());
    }

    @Test
    void aSessionIsAllowedWhatItsPoliciesAllowAndOnlyThat() {
        assertTrue(permitted(admission(false, PolicyDecision.ALLOWED), "lambda", "token").isEmpty());
        AwsServiceException denied = permitted(admission(false, PolicyDecision.DENIED), "lambda", "token").orElseThrow();
        assertEquals("AccessDeniedException", denied.code());
        assertEquals("User: arn:aws:sts::000000000000:assumed-role/r/s is not authorized to perform: lambda:ListFunctions on resource: * "
                + "with an explicit deny in an identity-based policy", denied.getMessage());
        AwsServiceException logs = permitted(admission(false, PolicyDecision.NOT_ALLOWED), "logs", "token").orElseThrow();
        assertEquals(400, logs.status(), "awsJson1.1's client errors are 400");
    }

    @Test
    void theTestKeysAreNotCheckedNorTheDataPlanesAgainstPolicies() {
        SessionAuthorization nothingAllowed = admission(false, PolicyDecision.DENIED);
        assertTrue(permitted(admission(true, PolicyDecision.DENIED), "lambda", "127.0.0.1:" + PORT, "/2015-03-31/functions", "test", null)
                .isEmpty());
        AwsService dataPlane = asking(List.of());
        assertTrue(permitted(nothingAllowed, dataPlane, "execute-api", "abc123.execute-api.localhost:" + PORT, "/prod/x", SESSION_KEY,
                "token").isEmpty());
        assertTrue(permitted(nothingAllowed, dataPlane, "apigateway", "127.0.0.1:" + PORT, "/restapis/abc/prod/_user_request_/x",
                SESSION_KEY, "token").isEmpty());
        assertTrue(permitted(nothingAllowed, dataPlane, "lambda", "u1.lambda-url.us-east-1.localhost:" + PORT, "/", SESSION_KEY,
                "token").isEmpty(), "a function URL whose AuthType is NONE");
    }

    /** Review item 3: a session's token and expiry are checked before anything else, data planes included. */
    @Test
    void anExpiredSessionIsRefusedEvenWhereNoActionIsAsked() {
        AwsServiceException expired = permitted(admission(true, PolicyDecision.ALLOWED), asking(List.of()), "lambda",
                "u1.lambda-url.us-east-1.localhost:" + PORT, "/", SESSION_KEY, "token").orElseThrow();
        assertEquals("ExpiredTokenException", expired.code());
        assertEquals("UnrecognizedClientException", permitted(admission(false, PolicyDecision.ALLOWED), asking(List.of()), "lambda",
                "u1.lambda-url.us-east-1.localhost:" + PORT, "/", SESSION_KEY, "other").orElseThrow().code());
    }

    /**
     * Review item 1: a request presigned with one key and carrying another's Authorization header is refused before its
     * body is read, 400, as AWS refuses two auth mechanisms at once (S3's words "Only one auth mechanism allowed"; the
     * code is the common error InvalidParameterCombination of the IAM and Lambda API references).
     */
    @Test
    void aPresignedRequestWithAnAuthorizationHeaderToo() {
        String presigned = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + SESSION_KEY + "%2F20261206%2Fus-east-1%2Flambda"
                + "%2Faws4_request&X-Amz-Date=20261206T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abc&X-Amz-Security-Token=token";
        RequestAdmission.Request both = read("127.0.0.1:" + PORT, "/2015-03-31/functions", presigned, "test", "lambda", null);
        AwsServiceException refused = ADMISSION.beforeBody(both, PORT).orElseThrow();
        assertEquals(400, refused.status());
        assertEquals("InvalidParameterCombination", refused.code());
        assertTrue(refused.getMessage().startsWith("Only one auth mechanism allowed"), refused.getMessage());
        AwsServiceException presignedOnly = ADMISSION.beforeBody(read("127.0.0.1:" + PORT,
                "/2015-03-31/functions", presigned, null, "lambda", null), PORT).orElseThrow();
        assertEquals("AccessDeniedException", presignedOnly.code(), "without --auth a presigned URL, which any page can make a "
                + "browser fetch, proves nothing");
    }

    /**
     * Review item 2: a data plane's path is open only to the service serving it. IAM signed for on lamb's code path, or on
     * API Gateway's _user_request_ path, is an IAM call, checked as any (AccessDenied, as the IAM User Guide words it).
     */
    @Test
    void anotherServicesSignatureOnADataPlanePathIsChecked() {
        AwsService attach = new AwsService() {
            @Override
            public String signingName() {
                return "iam";
            }

            @Override
            public CloudResponse handle(CloudRequest request) {
                return CloudResponse.empty(200);
            }

            @Override
            public List<IamAction> iamActions(CloudRequest request) {
                return List.of(new IamAction("iam:AttachRolePolicy", "arn:aws:iam::000000000000:role/r"));
            }
        };
        for (String path : List.of("/2015-03-31/_lamb/code/us-east-1/x.zip", "/restapis/x/y/_user_request_/")) {
            RequestAdmission.Request request = read("127.0.0.1:" + PORT, path, null, SESSION_KEY, "iam", "token");
            assertEquals("iam", request.service());
            AwsServiceException denied = permitted(admission(false, PolicyDecision.NOT_ALLOWED), attach, "iam", "127.0.0.1:" + PORT,
                    path, SESSION_KEY, "token").orElseThrow();
            assertEquals("AccessDenied", denied.code());
            assertEquals("User: arn:aws:sts::000000000000:assumed-role/r/s is not authorized to perform: iam:AttachRolePolicy on "
                    + "resource: arn:aws:iam::000000000000:role/r because no identity-based policy allows the iam:AttachRolePolicy action",
                    denied.getMessage());
        }
    }

    @Test
    void aFunctionUrlWhoseAuthTypeIsAwsIamIsCheckedAndAnswersForbidden() {
        AwsService url = asking(List.of(new IamAction("lambda:InvokeFunctionUrl", "arn:aws:lambda:us-east-1:000000000000:function:f")));
        AwsServiceException refused = permitted(admission(false, PolicyDecision.NOT_ALLOWED), url, "lambda",
                "u1.lambda-url.us-east-1.localhost:" + PORT, "/", SESSION_KEY, "token").orElseThrow();
        assertEquals(403, refused.status());
        assertEquals("Forbidden", refused.getMessage());
        assertTrue(permitted(admission(false, PolicyDecision.ALLOWED), url, "lambda", "u1.lambda-url.us-east-1.localhost:" + PORT, "/",
                SESSION_KEY, "token").isEmpty());
    }
}
