package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which service (and region) a request is for, where only the query string tells: STS's actions and presigned URLs. */
class ServiceRouterTest {
    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    @Test
    void signedForStsGoesToSts() {
        String signed = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=ab";
        assertEquals(Optional.of("sts"), ServiceRouter.serviceOf("POST", "/", null, "127.0.0.1:4588", signed, null, FORM));
    }

    @Test
    void stsActionsInTheQueryGoToSts() {
        assertEquals(Optional.of("sts"), ServiceRouter.serviceOf("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                null, null, null, null));
        assertEquals(Optional.of("sts"), ServiceRouter.serviceOf("POST", "/", "Version=2011-06-15&Action=AssumeRole",
                null, null, null, FORM));
        assertEquals(Optional.of("iam"), ServiceRouter.serviceOf("POST", "/", "Action=AssumeRolePolicy", null, null, null, FORM));
    }

    @Test
    void aPresignedUrlGoesToTheServiceItIsSignedFor() {
        String presigned = "Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Signature=ab";
        assertEquals(Optional.of("sts"), ServiceRouter.serviceOf("GET", "/", presigned, null, null, null, null));
        String s3 = "X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab";
        assertEquals(Optional.of("s3"), ServiceRouter.serviceOf("GET", "/bucket/key", s3, null, null, null, null));
    }

    /** Issue 14 §1: a request goes to the region it is signed for, in its header or its presigned URL. */
    @Test
    void theRegionIsTheOneSignedFor() {
        String signed = "AWS4-HMAC-SHA256 Credential=test/20260101/us-west-2/lambda/aws4_request, SignedHeaders=host, Signature=ab";
        assertEquals(Optional.of("us-west-2"), ServiceRouter.regionOf(signed, null));
        String presigned = "X-Amz-Credential=test%2F20260101%2Feu-west-1%2Flambda%2Faws4_request&X-Amz-Signature=ab";
        assertEquals(Optional.of("eu-west-1"), ServiceRouter.regionOf(null, presigned));
        assertEquals(Optional.empty(), ServiceRouter.regionOf(null, null));
    }
}
