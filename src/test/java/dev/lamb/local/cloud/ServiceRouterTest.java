package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Which service (and region) a request is for, as admission reads it once: a data plane's host, then the scope of its one
 * signature, then each protocol's marks (STS's actions in the query).
 */
class ServiceRouterTest {
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    static RequestAdmission.Request read(String method, String rawPath, String rawQuery, Map<String, String> headers) {
        TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> byName.put(name, List.of(value)));
        return RequestAdmission.read(method, rawPath, URLDecoder.decode(rawPath, StandardCharsets.UTF_8), rawQuery, byName::get);
    }

    private static String service(String method, String path, String rawQuery, Map<String, String> headers) {
        return read(method, path, rawQuery, headers).service();
    }

    @Test
    void signedForStsGoesToSts() {
        String signed = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=ab";
        assertEquals("sts", service("POST", "/", null, Map.of("Host", "127.0.0.1:4588", "Authorization", signed, "Content-Type", FORM)));
    }

    @Test
    void stsActionsInTheQueryGoToSts() {
        assertEquals("sts", service("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15", Map.of()));
        assertEquals("sts", service("POST", "/", "Version=2011-06-15&Action=AssumeRole", Map.of("Content-Type", FORM)));
        assertEquals("iam", service("POST", "/", "Action=AssumeRolePolicy", Map.of("Content-Type", FORM)));
    }

    /** Issue 17 §3: an unsigned Secrets Manager call is known by its target (botocore's targetPrefix secretsmanager), and refused as one. */
    @Test
    void theSecretsManagerTargetGoesToSecretsManager() {
        assertEquals("secretsmanager", service("POST", "/", null, Map.of("X-Amz-Target", "secretsmanager.GetSecretValue",
                "Content-Type", "application/x-amz-json-1.1")));
    }

    /** Issue 17 §3: so is an unsigned Parameter Store call (botocore ssm/2014-11-06, targetPrefix AmazonSSM). */
    @Test
    void theSsmTargetGoesToSsm() {
        assertEquals("ssm", service("POST", "/", null, Map.of("X-Amz-Target", "AmazonSSM.GetParameter",
                "Content-Type", "application/x-amz-json-1.1")));
    }

    @Test
    void aPresignedUrlGoesToTheServiceItIsSignedFor() {
        String presigned = "Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Signature=ab";
        assertEquals("sts", service("GET", "/", presigned, Map.of()));
        String s3 = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab";
        assertEquals("s3", service("GET", "/bucket/key", s3, Map.of()));
    }

    /** Issue 14 §1: a request goes to the region it is signed for, in its header or its presigned URL. */
    @Test
    void theRegionIsTheOneSignedFor() {
        String signed = "AWS4-HMAC-SHA256 Credential=test/20260101/us-west-2/lambda/aws4_request, SignedHeaders=host, Signature=ab";
        assertEquals("us-west-2", read("GET", "/", null, Map.of("Authorization", signed)).region());
        String presigned = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Feu-west-1%2Flambda%2Faws4_request"
                + "&X-Amz-Signature=ab";
        assertEquals("eu-west-1", read("GET", "/", presigned, Map.of()).region());
        assertEquals(Regions.HOME, read("GET", "/", null, Map.of()).region());
    }

    /**
     * Review item 1: with both an Authorization header and a presigned query, neither scope is taken (admission refuses the
     * request), so the service, region and key are never one mechanism's while the other's is verified.
     */
    @Test
    void bothMechanismsAtOnceGiveNoScope() {
        String header = "AWS4-HMAC-SHA256 Credential=test/20260101/us-west-2/iam/aws4_request, SignedHeaders=host, Signature=ab";
        String presigned = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA%2F20260101%2Feu-west-1%2Flambda%2Faws4_request"
                + "&X-Amz-Signature=ab";
        RequestAdmission.Request both = read("GET", "/2015-03-31/functions", presigned, Map.of("Authorization", header));
        assertEquals(RequestSignature.Outcome.BOTH, both.signature().outcome());
        assertNull(both.scope());
        assertEquals(Regions.HOME, both.region());
    }

    /** A data plane's host names its service whatever the signature; a data plane's path on the cloud's own host does not. */
    @Test
    void aDataPlaneHostWinsButADataPlanePathGoesToTheServiceSignedFor() {
        String iam = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=ab";
        assertEquals("apigateway", service("GET", "/dev/hello", null, Map.of("Host", "ab12cd.execute-api.localhost:4588")));
        assertEquals("lambda", service("GET", "/", null, Map.of("Host", "u1.lambda-url.us-east-1.localhost:4588", "Authorization", iam)));
        assertEquals("iam", service("POST", "/2015-03-31/_lamb/code/us-east-1/x.zip", null,
                Map.of("Host", "127.0.0.1:4588", "Authorization", iam)));
        assertEquals("lambda", service("GET", "/2015-03-31/_lamb/code/us-east-1/x.zip", null, Map.of("Host", "127.0.0.1:4588")));
    }
}
