package dev.lamb.local.cloud.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.IamAction;

/**
 * Parameter Store's rules a round trip cannot show cheaply, on the service itself: the name rules of the User Guide
 * ("Requirements and constraints for parameter names": a hierarchy starts with /, at most 15 levels; /name and name are
 * one parameter at the top), the 100 versions it keeps, paging (ten a page unless MaxResults says otherwise), and the IAM
 * actions each request asks for (the Service Authorization Reference's ssm actions on the parameter's ARN; kms:Decrypt on a
 * customer managed key to read a SecureString WithDecryption, none for alias/aws/ssm).
 */
class SsmServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:ssm:eu-west-1:000000000000:parameter/";

    @TempDir
    Path data;

    @Test
    void namesFollowTheHierarchyRules() throws Exception {
        SsmService ssm = new SsmService(data);
        assertEquals("ValidationException", refused(ssm, "PutParameter", "{\"Name\":\"a/b\",\"Value\":\"v\",\"Type\":\"String\"}"));
        String fifteen = "/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11/l12/l13/l14/name";
        call(ssm, "PutParameter", "{\"Name\":\"" + fifteen + "\",\"Value\":\"v\",\"Type\":\"String\"}");
        assertEquals("HierarchyLevelLimitExceededException", refused(ssm, "PutParameter",
                "{\"Name\":\"/l0" + fifteen + "\",\"Value\":\"v\",\"Type\":\"String\"}"));
        call(ssm, "PutParameter", "{\"Name\":\"/top\",\"Value\":\"v\",\"Type\":\"String\"}");
        assertEquals("ParameterAlreadyExists", refused(ssm, "PutParameter", "{\"Name\":\"top\",\"Value\":\"v\",\"Type\":\"String\"}"),
                "/top and top are one parameter");
        assertEquals(ARN + "top", call(ssm, "GetParameter", "{\"Name\":\"top\"}").at("/Parameter/ARN").asText());
        assertEquals("ValidationException", refused(ssm, "PutParameter", "{\"Name\":\"/AWS-x\",\"Value\":\"v\",\"Type\":\"String\"}"));
        assertEquals("ValidationException", refused(ssm, "PutParameter", "{\"Name\":\"/x\",\"Value\":\"v\"}"), "a new one needs a Type");
        assertEquals("HierarchyTypeMismatchException", refused(ssm, "PutParameter",
                "{\"Name\":\"/top\",\"Value\":\"v\",\"Type\":\"SecureString\",\"Overwrite\":true}"), "a parameter keeps its type");
    }

    @Test
    void aParameterKeepsItsLastHundredVersionsAndPagesByPath() throws Exception {
        SsmService ssm = new SsmService(data);
        for (int i = 1; i <= 101; i++) {
            call(ssm, "PutParameter", "{\"Name\":\"/many/v\",\"Value\":\"" + i + "\",\"Type\":\"String\",\"Overwrite\":true}");
        }
        assertEquals("ParameterVersionNotFound", refused(ssm, "GetParameter", "{\"Name\":\"/many/v:1\"}"), "version 1 was dropped");
        assertEquals("2", call(ssm, "GetParameter", "{\"Name\":\"/many/v:2\"}").at("/Parameter/Value").asText());
        try (SsmService restarted = new SsmService(data)) {
            assertEquals(101, call(restarted, "GetParameter", "{\"Name\":\"/many/v\"}").at("/Parameter/Version").asInt(),
                    "kept across a restart");
        }

        call(ssm, "PutParameter", "{\"Name\":\"/many/w\",\"Value\":\"w\",\"Type\":\"String\"}");
        JsonNode first = call(ssm, "GetParametersByPath", "{\"Path\":\"/many\",\"MaxResults\":1}");
        assertEquals("/many/v", first.at("/Parameters/0/Name").asText());
        JsonNode second = call(ssm, "GetParametersByPath", "{\"Path\":\"/many\",\"MaxResults\":1,\"NextToken\":\""
                + first.get("NextToken").asText() + "\"}");
        assertEquals("/many/w", second.at("/Parameters/0/Name").asText());
        assertEquals(false, second.has("NextToken"), "the last page");
        assertEquals("InvalidNextToken", refused(ssm, "DescribeParameters", "{\"NextToken\":\"" + first.get("NextToken").asText() + "\"}"));
        for (int i = 0; i < 9; i++) {
            call(ssm, "PutParameter", "{\"Name\":\"p" + i + "\",\"Value\":\"v\",\"Type\":\"String\"}");
        }
        JsonNode described = call(ssm, "DescribeParameters", "{}");
        assertEquals(10, described.get("Parameters").size(), "ten a page without MaxResults, as AWS answers");
        assertEquals(1, call(ssm, "DescribeParameters", "{\"NextToken\":\"" + described.get("NextToken").asText() + "\"}")
                .get("Parameters").size());
    }

    @Test
    void readingASecureStringUnderACustomerManagedKeyAsksForKmsDecrypt() throws Exception {
        SsmService ssm = new SsmService(data);
        call(ssm, "PutParameter", "{\"Name\":\"/k/cmk\",\"Value\":\"v\",\"Type\":\"SecureString\",\"KeyId\":\"alias/team\"}");
        call(ssm, "PutParameter", "{\"Name\":\"/k/default\",\"Value\":\"v\",\"Type\":\"SecureString\"}");
        String kms = "arn:aws:kms:eu-west-1:000000000000:alias/team";
        assertEquals(List.of(new IamAction("ssm:GetParameter", ARN + "k/cmk"), new IamAction("kms:Decrypt", kms)),
                ssm.iamActions(request("GetParameter", "{\"Name\":\"/k/cmk\",\"WithDecryption\":true}")));
        assertEquals(List.of(new IamAction("ssm:GetParameter", ARN + "k/cmk")),
                ssm.iamActions(request("GetParameter", "{\"Name\":\"/k/cmk\"}")), "no decryption asked for");
        assertEquals(List.of(new IamAction("ssm:GetParameter", ARN + "k/default")),
                ssm.iamActions(request("GetParameter", "{\"Name\":\"" + ARN + "k/default:1\",\"WithDecryption\":true}")),
                "the AWS managed key needs no grant; a parameter named by its ARN and version");
        assertEquals(List.of(new IamAction("ssm:GetParameters", ARN + "k/cmk"), new IamAction("ssm:GetParameters", ARN + "k/default"),
                new IamAction("kms:Decrypt", kms)),
                ssm.iamActions(request("GetParameters", "{\"Names\":[\"/k/cmk\",\"/k/default\"],\"WithDecryption\":true}")));
        assertEquals(List.of(new IamAction("ssm:PutParameter", ARN + "k/new"),
                new IamAction("kms:Encrypt", "arn:aws:kms:eu-west-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
                ssm.iamActions(request("PutParameter", "{\"Name\":\"/k/new\",\"Value\":\"v\",\"Type\":\"SecureString\","
                        + "\"KeyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\"}")));
        assertEquals(List.of(new IamAction("ssm:GetParametersByPath", ARN + "k")),
                ssm.iamActions(request("GetParametersByPath", "{\"Path\":\"/k\"}")));
        assertEquals(List.of(new IamAction("ssm:GetParametersByPath", ARN + "k"), new IamAction("kms:Decrypt", kms)),
                ssm.iamActions(request("GetParametersByPath", "{\"Path\":\"/k\",\"WithDecryption\":true}")));
        assertEquals(List.of(IamAction.onAny("ssm:DescribeParameters")), ssm.iamActions(request("DescribeParameters", "{}")));
    }

    private static CloudRequest request(String operation, String body) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("X-Amz-Target", List.of(SsmService.TARGET_PREFIX + operation));
        return new CloudRequest("POST", "/", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8), "eu-west-1");
    }

    private static JsonNode call(SsmService ssm, String operation, String body) throws Exception {
        return JSON.readTree(ssm.handle(request(operation, body)).body());
    }

    private static String refused(SsmService ssm, String operation, String body) {
        return assertThrows(AwsServiceException.class, () -> call(ssm, operation, body)).code();
    }
}
