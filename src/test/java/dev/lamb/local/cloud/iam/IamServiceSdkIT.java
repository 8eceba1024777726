package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.testing.ServiceCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** The local IAM through the AWS SDK for Java v2: responses parse, errors raise the model's exception classes. */
class IamServiceSdkIT {
    private static final String TRUST = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
            + "\"Principal\": {\"Service\": \"lambda.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}";
    private static final String BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    @RegisterExtension
    final ServiceCloud cloud = ServiceCloud.perTest((data, engine) -> List.of(new IamService(data)));
    private IamClient client;

    @BeforeEach
    void start() {
        client = IamClient.builder()
                .endpointOverride(URI.create(cloud.endpoint()))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(Apache5HttpClient.builder().build())
                .build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void createsGetsAndRefusesAsIamDoes() {
        Role created = client.createRole(b -> b.roleName("sdk-role").assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("k").value("v&<w>").build())).role();
        assertEquals("arn:aws:iam::000000000000:role/sdk-role", created.arn());
        assertTrue(created.roleId().matches("AROA[A-Z0-9]{17}"), created.roleId());
        assertEquals("/", created.path());
        assertTrue(created.createDate() != null);

        Role got = client.getRole(b -> b.roleName("sdk-role")).role();
        assertEquals(created.roleId(), got.roleId());
        assertEquals(created.createDate(), got.createDate());
        // The SDK hands the document back URL-encoded, as IAM sends it.
        assertEquals(TRUST, URLDecoder.decode(got.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertEquals(List.of(Tag.builder().key("k").value("v&<w>").build()), got.tags());
        assertEquals(3600, got.maxSessionDuration());

        NoSuchEntityException missing = assertThrows(NoSuchEntityException.class,
                () -> client.getRole(b -> b.roleName("nobody")));
        assertEquals(404, missing.statusCode());
        assertEquals("NoSuchEntity", missing.awsErrorDetails().errorCode());
        assertEquals("The role with name nobody cannot be found.", missing.awsErrorDetails().errorMessage());

        EntityAlreadyExistsException dup = assertThrows(EntityAlreadyExistsException.class,
                () -> client.createRole(b -> b.roleName("sdk-role").assumeRolePolicyDocument(TRUST)));
        assertEquals(409, dup.statusCode());
        assertEquals("Role with name sdk-role already exists.", dup.awsErrorDetails().errorMessage());

        assertThrows(MalformedPolicyDocumentException.class,
                () -> client.createRole(b -> b.roleName("bad").assumeRolePolicyDocument("not json")));

        client.attachRolePolicy(b -> b.roleName("sdk-role").policyArn(BASIC));
        client.attachRolePolicy(b -> b.roleName("sdk-role").policyArn(BASIC)); // idempotent, as in IAM
        List<AttachedPolicy> attached = client.listAttachedRolePolicies(b -> b.roleName("sdk-role")).attachedPolicies();
        assertEquals(List.of(AttachedPolicy.builder().policyName("AWSLambdaBasicExecutionRole").policyArn(BASIC).build()),
                attached);
        assertThrows(DeleteConflictException.class, () -> client.deleteRole(b -> b.roleName("sdk-role")));
        NoSuchEntityException notAttached = assertThrows(NoSuchEntityException.class, () -> client
                .detachRolePolicy(b -> b.roleName("sdk-role").policyArn("arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess")));
        assertEquals("Policy arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess was not found.",
                notAttached.awsErrorDetails().errorMessage());
        client.detachRolePolicy(b -> b.roleName("sdk-role").policyArn(BASIC));
        client.deleteRole(b -> b.roleName("sdk-role"));
        assertThrows(NoSuchEntityException.class, () -> client.getRole(b -> b.roleName("sdk-role")));
        assertFalse(client.listRoles().roles().stream().anyMatch(r -> r.roleName().equals("sdk-role")));
    }

    @Test
    void unimplementedActionsSayNotImplemented() {
        IamException e = assertThrows(IamException.class, () -> client.createUser(b -> b.userName("u")));
        assertEquals(400, e.statusCode());
        assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("CreateUser"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void waiterSeesTheRole() {
        client.createRole(b -> b.roleName("waited").assumeRolePolicyDocument(TRUST));
        assertTrue(client.waiter().waitUntilRoleExists(b -> b.roleName("waited")).matched().response().isPresent());
    }

    /**
     * Inline and managed policies as the SDK parses them (the IAM API reference: documents URL-encoded,
     * DeleteConflict 409 while attached, LimitExceeded 409 past quotas, NoSuchEntity 404).
     */
    @Test
    void policiesAsTheSdkParsesThem() {
        String document = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                + "\"Action\": \"logs:PutLogEvents\", \"Resource\": \"*\"}]}";
        client.createRole(b -> b.roleName("sdk-policies").assumeRolePolicyDocument(TRUST));
        client.putRolePolicy(b -> b.roleName("sdk-policies").policyName("logs").policyDocument(document));
        GetRolePolicyResponse inline = client.getRolePolicy(b -> b.roleName("sdk-policies").policyName("logs"));
        assertEquals(document, URLDecoder.decode(inline.policyDocument(), StandardCharsets.UTF_8));
        assertEquals(List.of("logs"), client.listRolePolicies(b -> b.roleName("sdk-policies")).policyNames());
        assertTrue(client.listInstanceProfilesForRole(b -> b.roleName("sdk-policies")).instanceProfiles().isEmpty());
        DeleteConflictException inlineLeft = assertThrows(DeleteConflictException.class,
                () -> client.deleteRole(b -> b.roleName("sdk-policies")));
        assertEquals("Cannot delete entity, must delete policies first.", inlineLeft.awsErrorDetails().errorMessage());
        MalformedPolicyDocumentException principal = assertThrows(MalformedPolicyDocumentException.class,
                () -> client.putRolePolicy(b -> b.roleName("sdk-policies").policyName("p").policyDocument(TRUST)));
        assertEquals("Policy document should not specify a principal.", principal.awsErrorDetails().errorMessage());

        Policy created = client.createPolicy(b -> b.policyName("sdk-managed").policyDocument(document)).policy();
        assertEquals("arn:aws:iam::000000000000:policy/sdk-managed", created.arn());
        client.attachRolePolicy(b -> b.roleName("sdk-policies").policyArn(created.arn()));
        assertEquals(1, client.getPolicy(b -> b.policyArn(created.arn())).policy().attachmentCount());
        DeleteConflictException attached = assertThrows(DeleteConflictException.class,
                () -> client.deletePolicy(b -> b.policyArn(created.arn())));
        assertEquals(409, attached.statusCode());
        for (int i = 0; i < 4; i++) {
            client.createPolicyVersion(b -> b.policyArn(created.arn()).policyDocument(document));
        }
        LimitExceededException sixth = assertThrows(LimitExceededException.class,
                () -> client.createPolicyVersion(b -> b.policyArn(created.arn()).policyDocument(document)));
        assertEquals(409, sixth.statusCode());
        assertEquals(List.of("v5", "v4", "v3", "v2", "v1"), client.listPolicyVersions(b -> b.policyArn(created.arn()))
                .versions().stream().map(PolicyVersion::versionId).toList());

        // The AWS managed policy lamb attaches to every function's role, with AWS's document.
        Policy basic = client.getPolicy(b -> b.policyArn(BASIC)).policy();
        assertEquals("/service-role/", basic.path());
        PolicyVersion version = client.getPolicyVersion(b -> b.policyArn(BASIC).versionId(basic.defaultVersionId()))
                .policyVersion();
        assertTrue(version.isDefaultVersion());
        assertTrue(URLDecoder.decode(version.document(), StandardCharsets.UTF_8).contains("logs:PutLogEvents"));
        NoSuchEntityException noVersion = assertThrows(NoSuchEntityException.class,
                () -> client.getPolicyVersion(b -> b.policyArn(BASIC).versionId("v99")));
        assertEquals(404, noVersion.statusCode());
    }

    /** ListRoles' Marker resumes after the last role returned, however many were deleted; one IAM did not issue is refused. */
    @Test
    void pagingNeverSkipsWhileRolesAreDeleted() {
        for (int i = 1; i <= 5; i++) {
            int n = i;
            client.createRole(b -> b.roleName("page-" + n).assumeRolePolicyDocument(TRUST));
        }
        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListRolesResponse page = client.listRoles(b -> b.maxItems(2).marker(from));
            page.roles().forEach(r -> {
                seen.add(r.roleName());
                client.deleteRole(b -> b.roleName(r.roleName()));
            });
            marker = page.isTruncated() ? page.marker() : null;
        } while (marker != null);
        assertEquals(List.of("page-1", "page-2", "page-3", "page-4", "page-5"), seen);

        IamException invalid = assertThrows(IamException.class, () -> client.listRoles(b -> b.marker("2")));
        assertEquals(400, invalid.statusCode());
        assertEquals("InvalidInput", invalid.awsErrorDetails().errorCode());
        assertEquals("Invalid Marker.", invalid.awsErrorDetails().errorMessage());
    }
}
