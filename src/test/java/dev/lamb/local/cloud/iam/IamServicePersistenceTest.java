package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;
import dev.lamb.local.cloud.XmlWriter;

/** Roles outlive the service: a new IamService on the same data dir sees them, attached policies and tags included. */
class IamServicePersistenceTest {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @TempDir
    Path dataDir;

    private static CloudRequest form(String body) {
        return new CloudRequest("POST", "/", Map.of(), new TreeMap<>(String.CASE_INSENSITIVE_ORDER),
                body.getBytes(StandardCharsets.UTF_8), "us-east-1");
    }

    private static String call(IamService iam, String body) {
        try {
            CloudResponse r = iam.handle(form(body));
            assertEquals(200, r.status());
            return new String(r.body(), StandardCharsets.UTF_8);
        } catch (AwsServiceException e) {
            return new String(iam.error(e).body(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aNewServiceOnTheSameDirSeesTheSameRoles() throws Exception {
        IamService first = new IamService(dataDir);
        String created = call(first, "Action=CreateRole&Version=2010-05-08&RoleName=kept&Path=%2Flamb%2F"
                + "&AssumeRolePolicyDocument=" + IamService.urlEncode(TRUST) + "&Tags.member.1.Key=a&Tags.member.1.Value=b");
        assertTrue(created.startsWith("<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<CreateRoleResult><Role><Path>/lamb/</Path><RoleName>kept</RoleName>"), created);
        call(first, "Action=AttachRolePolicy&Version=2010-05-08&RoleName=kept"
                + "&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2Fservice-role%2FAWSLambdaBasicExecutionRole");
        first.close();
        assertTrue(Files.exists(dataDir.resolve("iam/roles.json")));

        IamService second = new IamService(dataDir);
        assertTrue(second.roleExists("arn:aws:iam::000000000000:role/lamb/kept"));
        assertFalse(second.roleExists("arn:aws:iam::000000000000:role/kept"));
        assertTrue(second.roleCreatedAt("arn:aws:iam::000000000000:role/lamb/kept").isPresent());
        String got = call(second, "Action=GetRole&Version=2010-05-08&RoleName=kept");
        assertTrue(got.contains("<Arn>arn:aws:iam::000000000000:role/lamb/kept</Arn>"), got);
        assertTrue(got.contains("<AssumeRolePolicyDocument>" + IamService.urlEncode(TRUST) + "</AssumeRolePolicyDocument>"), got);
        assertTrue(got.contains("<Tags><member><Key>a</Key><Value>b</Value></member></Tags>"), got);
        String attached = call(second, "Action=ListAttachedRolePolicies&Version=2010-05-08&RoleName=kept");
        assertTrue(attached.contains("<AttachedPolicies><member><PolicyName>AWSLambdaBasicExecutionRole</PolicyName>"
                + "<PolicyArn>arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole</PolicyArn></member>"
                + "</AttachedPolicies><IsTruncated>false</IsTruncated>"), attached);
        String conflict = call(second, "Action=DeleteRole&Version=2010-05-08&RoleName=kept");
        assertTrue(conflict.startsWith("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
                + "<Type>Sender</Type><Code>DeleteConflict</Code>"
                + "<Message>Cannot delete entity, must detach all policies first.</Message></Error><RequestId>"), conflict);

        call(second, "Action=DetachRolePolicy&Version=2010-05-08&RoleName=kept"
                + "&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2Fservice-role%2FAWSLambdaBasicExecutionRole");
        call(second, "Action=DeleteRole&Version=2010-05-08&RoleName=kept");
        assertFalse(new IamService(dataDir).roleExists("arn:aws:iam::000000000000:role/lamb/kept"));
    }

    @Test
    void xmlIsEscapedAndDocumentsAreEncodedForBotocore() {
        assertEquals("a&amp;b&lt;c&gt;&quot;d&quot;&apos;", XmlWriter.escape("a&b<c>\"d\"'"));
        // botocore decodes with unquote(): a space must be %20, never '+'; a literal '+' is %2B.
        assertEquals("%7B%22a%22%3A%20%22b%2Bc%22%7D", IamService.urlEncode("{\"a\": \"b+c\"}"));
        IamService iam = new IamService(dataDir);
        String missingAction = call(iam, "Version=2010-05-08");
        assertTrue(missingAction.contains("<Code>MissingAction</Code>"), missingAction);
        String badName = call(iam, "Action=GetRole&Version=2010-05-08&RoleName=" + "x%20y");
        assertTrue(badName.contains("<Code>ValidationError</Code>"), badName);
    }

    /** Inline policies (in roles.json) and customer managed policies (policies.json) outlive the service too. */
    @Test
    void policiesOutliveTheService() {
        String doc = IamService.urlEncode("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"logs:*\",\"Resource\":\"*\"}]}");
        IamService first = new IamService(dataDir);
        call(first, "Action=CreateRole&RoleName=kept&AssumeRolePolicyDocument=" + IamService.urlEncode(TRUST));
        call(first, "Action=PutRolePolicy&RoleName=kept&PolicyName=inline&PolicyDocument=" + doc);
        call(first, "Action=CreatePolicy&PolicyName=managed&PolicyDocument=" + doc);
        call(first, "Action=CreatePolicyVersion&PolicyArn=arn:aws:iam::000000000000:policy/managed&SetAsDefault=true"
                + "&PolicyDocument=" + doc);
        first.close();
        assertTrue(Files.exists(dataDir.resolve("iam/policies.json")));

        IamService second = new IamService(dataDir);
        String inline = call(second, "Action=GetRolePolicy&RoleName=kept&PolicyName=inline");
        assertTrue(inline.contains("<PolicyDocument>" + doc + "</PolicyDocument>"), inline);
        String managed = call(second, "Action=GetPolicy&PolicyArn=arn:aws:iam::000000000000:policy/managed");
        assertTrue(managed.contains("<DefaultVersionId>v2</DefaultVersionId>"), managed);
    }
}
