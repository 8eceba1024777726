package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.lambda.LambdaRuntime;
import dev.lamb.lambda.LambdaRuntimes;
import dev.lamb.local.cloud.cloudwatch.CloudWatchService;
import dev.lamb.local.cloud.iam.IamService;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.local.cloud.logs.LogsService;
import dev.lamb.local.cloud.s3.S3Service;
import dev.lamb.local.cloud.ssm.SsmService;
import dev.lamb.local.cloud.sts.StsService;
import dev.lamb.local.cloud.xray.XRayService;
import dev.lamb.testing.ServiceModels;

/**
 * Issue 13 §5: the dispatch tables name each operation as AWS's service model does (botocore's, boto3's
 * models), and reach it the model's way: its method and path for the REST services, its target or Action for the others.
 */
class ServiceModelOperationsIT {
    @Test
    void lambdaAndXRayServeEachOperationAtItsModelPath() throws Exception {
        assertEquals(List.of(), mismatches(LambdaService.operationTable(), ServiceModels.of("lambda", "2015-03-31")));
        assertEquals(List.of(), mismatches(XRayService.operationTable(), ServiceModels.of("xray", "2016-04-12")));
    }

    /**
     * Issue 15 §5: every runtime of lamb's table is one CreateFunction takes (the model's Runtime enum), and each family's
     * newest there (the enum lists them oldest first) is in the table, so init and the deprecation notices offer it.
     */
    @Test
    void theRuntimeTableHoldsRuntimesOfTheModelAndEachFamilysNewest() throws Exception {
        List<String> model = new ArrayList<>();
        ServiceModels.of("lambda", "2015-03-31").at("/shapes/Runtime/enum").forEach(r -> model.add(r.asText()));
        List<String> wrong = new ArrayList<>(LambdaRuntimes.ids());
        wrong.removeAll(model);
        Map<String, String> newest = new HashMap<>();
        model.forEach(id -> newest.put(id.replaceFirst("[0-9.].*$", ""), id));
        LambdaRuntimes.all().stream().map(LambdaRuntime::family).distinct().filter(f -> !LambdaRuntimes.isKnown(newest.get(f)))
                .forEach(f -> wrong.add("newest " + f + ": " + newest.get(f)));
        assertEquals(List.of(), wrong);
    }

    /**
     * Issue 15 §6: S3 (rest-xml) serves each operation at its model's method and requestUri; a query name or a header
     * the table adds to tell operations on one path apart is a required member of the operation's input, bound there.
     */
    @Test
    void s3ServesEachOperationAtItsModelPath() throws Exception {
        JsonNode model = ServiceModels.of("s3", "2006-03-01");
        assertEquals("rest-xml", model.at("/metadata/protocol").asText());
        List<String> wrong = new ArrayList<>();
        for (Operation op : S3Service.operationTable().operations()) {
            JsonNode http = model.at("/operations/" + op.name() + "/http");
            Matcher m = Pattern.compile("([A-Z]+) ([^ ]+)(?: \\((\\S+)\\))?").matcher(op.request());
            String uri = http.path("requestUri").asText();
            if (!m.matches() || !m.group(1).equals(http.path("method").asText()) || !m.group(2).startsWith(uri)) {
                wrong.add(op + "; the model has " + http);
                continue;
            }
            JsonNode input = model.at("/shapes/" + model.at("/operations/" + op.name() + "/input/shape").asText());
            List<String> bound = new ArrayList<>();
            input.path("required").forEach(r -> bound.add(input.at("/members/" + r.asText() + "/location").asText() + ":"
                    + input.at("/members/" + r.asText() + "/locationName").asText()));
            String added = m.group(2).substring(uri.length()).replaceFirst("^[?&]", "");
            for (String name : added.isEmpty() ? new String[0] : added.split("&")) {
                if (!bound.contains("querystring:" + name)) {
                    wrong.add(op + ": " + name + " is no required query member");
                }
            }
            if (m.group(3) != null && !bound.contains("header:" + m.group(3))) {
                wrong.add(op + ": " + m.group(3) + " is no required header member");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void logsIamAndStsServeOperationsOfTheirModelsByItsTargetAndAction() throws Exception {
        JsonNode logs = ServiceModels.of("logs", "2014-03-28");
        String target = "X-Amz-Target: " + logs.at("/metadata/targetPrefix").asText() + ".";
        List<String> wrong = new ArrayList<>();
        for (Operation op : LogsService.operationTable().operations()) {
            if (!logs.get("operations").has(op.name()) || !op.request().equals(target + op.name())) {
                wrong.add(op.toString());
            }
        }
        wrong.addAll(queryMismatches(IamService.operationTable(), ServiceModels.of("iam", "2010-05-08")));
        wrong.addAll(queryMismatches(StsService.operationTable(), ServiceModels.of("sts", "2011-06-15")));
        assertEquals(List.of(), wrong);
    }

    /**
     * Issue 16 §3: CloudWatch serves operations of its model (botocore cloudwatch/2010-08-01), which lists the three
     * protocols the local CloudWatch speaks; the table names each by its query Action, as the AWS CLI v2 sends it.
     */
    @Test
    void cloudWatchServesOperationsOfItsModelInEachOfItsProtocols() throws Exception {
        JsonNode model = ServiceModels.of("cloudwatch", "2010-08-01");
        List<String> protocols = new ArrayList<>();
        model.at("/metadata/protocols").forEach(p -> protocols.add(p.asText()));
        assertTrue(protocols.containsAll(List.of("smithy-rpc-v2-cbor", "json", "query")), protocols.toString());
        assertEquals("GraniteServiceVersion20100801", model.at("/metadata/targetPrefix").asText());
        List<String> wrong = new ArrayList<>();
        for (Operation op : CloudWatchService.operationTable().operations()) {
            if (!model.get("operations").has(op.name()) || !op.request().equals("Action=" + op.name())) {
                wrong.add(op.toString());
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** Issue 17 §3: Parameter Store serves operations of its model (botocore ssm/2014-11-06, awsJson1.1) by their targets. */
    @Test
    void ssmServesOperationsOfItsModelByTheirTargets() throws Exception {
        JsonNode model = ServiceModels.of("ssm", "2014-11-06");
        assertEquals("json", model.at("/metadata/protocol").asText());
        String target = "X-Amz-Target: " + model.at("/metadata/targetPrefix").asText() + ".";
        List<String> wrong = new ArrayList<>();
        for (Operation op : SsmService.operationTable().operations()) {
            if (!model.get("operations").has(op.name()) || !op.request().equals(target + op.name())) {
                wrong.add(op.toString());
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static List<String> queryMismatches(OperationTable<?> table, JsonNode model) {
        assertEquals("query", model.at("/metadata/protocol").asText());
        List<String> wrong = new ArrayList<>();
        for (Operation op : table.operations()) {
            if (!model.get("operations").has(op.name()) || !op.request().equals("Action=" + op.name())) {
                wrong.add(table.service() + " lists " + op);
            }
        }
        return wrong;
    }

    /**
     * Issue 14: an X-Amz-Target CloudWatch Logs does not have answers 400 UnknownOperationException, as the service
     * does; every operation of its model (botocore logs/2014-03-28) that is not served keeps NotImplemented naming it.
     */
    @Test
    void logsTellsOperationsItLacksFromOperationsNotServed() throws Exception {
        JsonNode logs = ServiceModels.of("logs", "2014-03-28");
        OperationTable<?> table = LogsService.operationTable();
        List<String> served = table.operations().stream().map(Operation::name).toList();
        List<String> wrong = new ArrayList<>();
        logs.get("operations").fieldNames().forEachRemaining(name -> {
            if (!served.contains(name)) {
                AwsServiceException e = assertThrows(AwsServiceException.class, () -> table.named(name));
                if (!e.code().equals("NotImplemented") || !e.getMessage().contains(name)) {
                    wrong.add(name + " answers " + e.code());
                }
            }
        });
        assertEquals(List.of(), wrong);
        AwsServiceException unknown = assertThrows(AwsServiceException.class, () -> table.named("NoSuchOperation"));
        assertEquals(400, unknown.status());
        assertEquals("UnknownOperationException", unknown.code());
    }

    private static List<String> mismatches(OperationTable<?> table, JsonNode model) {
        assertEquals("rest-json", model.at("/metadata/protocol").asText());
        assertTrue(!table.operations().isEmpty(), table.service());
        List<String> wrong = new ArrayList<>();
        for (Operation op : table.operations()) {
            JsonNode http = model.at("/operations/" + op.name() + "/http");
            if (!op.request().equals(http.path("method").asText() + " " + http.path("requestUri").asText())) {
                wrong.add(table.service() + " lists " + op + "; the model has " + http);
            }
        }
        return wrong;
    }
}
