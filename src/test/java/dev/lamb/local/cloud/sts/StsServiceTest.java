package dev.lamb.local.cloud.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CredentialScope;
import dev.lamb.local.cloud.PolicyDecision;
import dev.lamb.local.cloud.iam.AssumableRole;

/**
 * A role session lasts DurationSeconds: then its key no longer names the role, and STS answers its token with
 * ExpiredToken; a token STS never issued answers InvalidClientTokenId (the STS API reference's common errors).
 */
class StsServiceTest {
    private static final String ROLE = "arn:aws:iam::000000000000:role/fn";

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static CloudRequest signedBy(String key, String token) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=" + key
                + "/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=ab"));
        if (token != null) {
            headers.put("X-Amz-Security-Token", List.of(token));
        }
        return new CloudRequest("POST", "/", Map.of(), headers,
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8), "us-east-1",
                new CredentialScope(key, "20260101", "us-east-1", "sts"));
    }

    @Test
    void aSessionEndsAtItsExpiration() {
        MovableClock clock = new MovableClock();
        StsService sts = new StsService(arn -> arn.equals(ROLE)
                ? Optional.of(new AssumableRole(ROLE, "fn", "AROAAAAAAAAAAAAAAAAAA", 3600)) : Optional.empty(),
                (role, action, region) -> PolicyDecision.NOT_ALLOWED, clock);
        RoleSession session = sts.assume(ROLE, "invocation", 900);
        assertEquals(clock.now.plusSeconds(900), session.expiration());
        String identity = new String(sts.handle(signedBy(session.accessKeyId(), session.sessionToken())).body(),
                StandardCharsets.UTF_8);
        assertTrue(identity.contains("<Arn>arn:aws:sts::000000000000:assumed-role/fn/invocation</Arn>"), identity);

        clock.now = clock.now.plus(Duration.ofSeconds(900));
        assertTrue(sts.sessionOf(session.accessKeyId()).isEmpty());
        AwsServiceException expired = assertThrows(AwsServiceException.class,
                () -> sts.handle(signedBy(session.accessKeyId(), session.sessionToken())));
        assertEquals(403, expired.status());
        assertEquals("ExpiredToken", expired.code());
        AwsServiceException unknown = assertThrows(AwsServiceException.class,
                () -> sts.handle(signedBy("ASIAAAAAAAAAAAAAAAAA", "token")));
        assertEquals("InvalidClientTokenId", unknown.code());
        String account = new String(sts.handle(signedBy("test", null)).body(), StandardCharsets.UTF_8);
        assertTrue(account.contains("<Arn>arn:aws:iam::000000000000:root</Arn>"), account);
    }
}
