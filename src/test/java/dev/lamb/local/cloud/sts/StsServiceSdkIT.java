package dev.lamb.local.cloud.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.local.cloud.iam.IamService;
import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The local STS through the AWS SDK for Java v2's STS client. Expected values from the STS API reference
 * (GetCallerIdentity, AssumeRole: ASIA keys, Expiration DurationSeconds away, 900..43200 and at most the role's
 * MaxSessionDuration, the assumed-role ARN; AccessDenied for a role the caller may not assume).
 */
class StsServiceSdkIT {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private IamService iamService;
    private StsService stsService;

    @RegisterExtension
    final ServiceCloud cloud = ServiceCloud.perTest((data, engine) -> {
        iamService = new IamService(data);
        stsService = new StsService(iamService::assumableRole, iamService::decide);
        return List.of(iamService, stsService);
    });

    private StsClient sts;

    private StsClient sts(AwsCredentials credentials) {
        return StsClient.builder()
                .endpointOverride(URI.create(cloud.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(Apache5HttpClient.builder().build())
                .build();
    }

    @AfterEach
    void close() {
        if (sts != null) {
            sts.close();
        }
    }

    private String role(String name, int maxSessionDuration) {
        try (IamClient iam = IamClient.builder().endpointOverride(URI.create(cloud.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build()).build()) {
            return iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(TRUST).maxSessionDuration(maxSessionDuration))
                    .role().arn();
        }
    }

    @Test
    void theTestKeysAreTheAccountsAndAnAssumedRoleIsItsSession() {
        sts = sts(AwsBasicCredentials.create("test", "test"));
        GetCallerIdentityResponse account = sts.getCallerIdentity();
        assertEquals("000000000000", account.account());
        assertEquals("arn:aws:iam::000000000000:root", account.arn());
        assertEquals("000000000000", account.userId());

        String roleArn = role("sdk-sts", 3600);
        Instant before = Instant.now();
        AssumeRoleResponse assumed = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("sdk-session").durationSeconds(900));
        assertTrue(assumed.credentials().accessKeyId().matches("ASIA[A-Z0-9]{16}"), assumed.credentials().accessKeyId());
        assertFalse(assumed.credentials().secretAccessKey().isEmpty());
        assertFalse(assumed.credentials().sessionToken().isEmpty());
        long lifetime = Duration.between(before, assumed.credentials().expiration()).toSeconds();
        assertTrue(lifetime >= 890 && lifetime <= 900, "expires in " + lifetime + "s");
        assertEquals("arn:aws:sts::000000000000:assumed-role/sdk-sts/sdk-session", assumed.assumedRoleUser().arn());
        assertTrue(assumed.assumedRoleUser().assumedRoleId().matches("AROA[A-Z0-9]{17}:sdk-session"),
                assumed.assumedRoleUser().assumedRoleId());

        // The cloud knows whose key it is, for calls made with it.
        RoleSession session = stsService.sessionOf(assumed.credentials().accessKeyId()).orElseThrow();
        assertEquals(roleArn, session.roleArn());
        assertTrue(stsService.sessionOf("test").isEmpty());

        try (StsClient asRole = sts(AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken()))) {
            GetCallerIdentityResponse identity = asRole.getCallerIdentity();
            assertEquals(assumed.assumedRoleUser().arn(), identity.arn());
            assertEquals(assumed.assumedRoleUser().assumedRoleId(), identity.userId());
        }
    }

    @Test
    void refusesAsStsDoes() {
        sts = sts(AwsBasicCredentials.create("test", "test"));
        String roleArn = role("sdk-short", 3600);
        StsException tooShort = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").durationSeconds(899)));
        assertEquals(400, tooShort.statusCode());
        assertEquals("ValidationError", tooShort.awsErrorDetails().errorCode());
        StsException tooLong = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1").durationSeconds(3601)));
        assertEquals("ValidationError", tooLong.awsErrorDetails().errorCode());
        assertEquals("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                tooLong.awsErrorDetails().errorMessage());
        StsException missing = assertThrows(StsException.class, () -> sts.assumeRole(
                b -> b.roleArn("arn:aws:iam::000000000000:role/nobody").roleSessionName("s1")));
        assertEquals(403, missing.statusCode());
        assertEquals("AccessDenied", missing.awsErrorDetails().errorCode());
    }
}
