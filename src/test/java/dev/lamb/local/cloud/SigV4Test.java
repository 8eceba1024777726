package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The signer and verifier's arithmetic against AWS's published SigV4 test suite (its get-vanilla case). */
class SigV4Test {
    @Test
    void signsAwsGetVanillaExampleAsAwsDoes() {
        LocalCloudCredentials example = new LocalCloudCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        Map<String, String> headers = SigV4.sign(example, "GET", "example.amazonaws.com", "/", null, new byte[0], "service",
                Instant.parse("2015-08-30T12:36:00Z"));
        assertEquals("20150830T123600Z", headers.get("X-Amz-Date"));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                headers.get("Authorization"));
    }
}
