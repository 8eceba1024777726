package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
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
}
