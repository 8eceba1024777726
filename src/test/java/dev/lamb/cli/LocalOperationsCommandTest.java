package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.Lamb;

/** Issue 13 §5: `lamb local operations` lists what the services' dispatch tables serve; docs/local-cloud.md is that list. */
class LocalOperationsCommandTest {
    private static final Path DOC = Path.of("docs/local-cloud.md");

    @Test
    void theCommittedDocIsWhatTheTablesServe() throws IOException {
        Lamb.Run run = Lamb.run("local", "operations");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(run.out(), Files.exists(DOC) ? Files.readString(DOC) : "", DOC + " is stale: regenerate it with bin/update-local-cloud-doc");
    }

    /** `lamb local --help` names every service the local cloud serves (issue 15 §6 added S3; 16 CloudWatch; 17 two more). */
    @Test
    void theHelpNamesEveryServiceServed() throws IOException {
        String help = Lamb.run("local", "--help").out().replaceAll("\\s+", " ");
        for (JsonNode service : new ObjectMapper().readTree(Lamb.run("--output", "json", "local", "operations").out()).get("services")) {
            // "(?! Logs)": CloudWatch itself must be named, not only inside "CloudWatch Logs".
            String name = service.get("service").asText();
            assertTrue(Pattern.compile(Pattern.quote(name) + "(?! Logs)\\b").matcher(help).find(), name + " is not in: " + help);
        }
    }

    @Test
    void jsonNamesEachServicesOperationsAndTheRequestsThatReachThem() throws IOException {
        Lamb.Run run = Lamb.run("--output", "json", "local", "operations");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, String> requests = new HashMap<>();
        Map<String, Boolean> regional = new HashMap<>();
        for (JsonNode service : new ObjectMapper().readTree(run.out()).get("services")) {
            regional.put(service.get("service").asText(), service.get("regional").asBoolean());
            for (JsonNode op : service.get("operations")) {
                requests.put(service.get("service").asText() + " " + op.get("name").asText(), op.get("request").asText());
            }
        }
        // Methods and paths from the service models (botocore lambda/2015-03-31, xray/2016-04-12); Logs' target
        // prefix Logs_20140328 and IAM's Action from the logs/2014-03-28 and iam/2010-05-08 models.
        assertEquals("POST /2015-03-31/functions", requests.get("Lambda CreateFunction"), run.out());
        assertEquals("POST /2015-03-31/functions/{FunctionName}/invocations", requests.get("Lambda Invoke"));
        assertEquals("GET /2019-09-30/functions/{FunctionName}/concurrency", requests.get("Lambda GetFunctionConcurrency"));
        assertEquals("X-Amz-Target: Logs_20140328.StartLiveTail", requests.get("CloudWatch Logs StartLiveTail"));
        // botocore secretsmanager/2017-10-17: awsJson1.1, targetPrefix secretsmanager.
        assertEquals("X-Amz-Target: secretsmanager.GetSecretValue", requests.get("Secrets Manager GetSecretValue"));
        assertEquals("POST /TraceSegments", requests.get("X-Ray PutTraceSegments"));
        assertEquals("Action=CreateRole", requests.get("IAM CreateRole"));
        assertTrue(!requests.containsKey("X-Ray GetSamplingRules"), "an operation not served is not listed");
        assertTrue(!requests.containsKey("CloudWatch Logs DescribeMetricFilters"), "an operation not served is not listed");
        assertEquals("POST /ServiceGraph", requests.get("X-Ray GetServiceGraph"));
        // Issue 14 §1: IAM and STS are global services; Lambda, API Gateway, Logs and X-Ray are regional. Issue 15 §6: S3's
        // bucket names are one namespace, so the local S3 is one service (each bucket keeps its region). Issue 16 §3:
        // CloudWatch is regional too. Issue 17 §3: Secrets Manager and Parameter Store are regional.
        assertEquals(Map.of("IAM", false, "STS", false, "Lambda", true, "API Gateway", true, "CloudWatch Logs", true, "X-Ray", true,
                "S3", false, "CloudWatch", true, "Secrets Manager", true, "Systems Manager", true),
                regional);
    }
}
