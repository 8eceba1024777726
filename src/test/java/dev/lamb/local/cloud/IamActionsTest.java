package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §4: every operation the local cloud serves names the IAM action AWS checks for it, with its service's
 * prefix, and the resource the Service Authorization Reference gives (GetCallerIdentity alone needs no permission,
 * as on AWS), so that no call of a role session goes unchecked.
 */
class IamActionsTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:";

    @TempDir
    Path data;

    private List<AwsService> services;

    @BeforeEach
    void create() {
        services = LocalCloudServices.create(data, n -> {});
    }

    @AfterEach
    void close() {
        services.forEach(AwsService::close);
    }

    private AwsService service(String name) {
        return services.stream().filter(s -> s.signingName().equals(name)).findFirst().orElseThrow();
    }

    /** A request for the operation as its table lists it ({@code GET /path/{Param}}, a target, an action), with sample values. */
    private static CloudRequest request(Operation operation, String body) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String request = operation.request();
        if (request.startsWith("X-Amz-Target: ")) {
            headers.put("X-Amz-Target", List.of(request.substring("X-Amz-Target: ".length())));
            return new CloudRequest("POST", "/", Map.of(), headers, body.getBytes(StandardCharsets.UTF_8), "us-east-1");
        }
        if (request.startsWith("Action=")) {
            return new CloudRequest("POST", "/", Map.of(), headers, (request + "&" + body).getBytes(StandardCharsets.UTF_8), "us-east-1");
        }
        // S3's routes: "PUT /{Bucket}/{Key+} (x-amz-copy-source)" asks for a header, "GET /{Bucket}?list-type=2" for a query.
        if (request.endsWith(")")) {
            headers.put(request.substring(request.lastIndexOf('(') + 1, request.length() - 1), List.of("/src/key"));
            request = request.substring(0, request.lastIndexOf(" ("));
        }
        Map<String, List<String>> query = new TreeMap<>();
        if (request.contains("?")) {
            for (String pair : request.substring(request.indexOf('?') + 1).split("&")) {
                query.put(pair.split("=", 2)[0], List.of(pair.contains("=") ? pair.split("=", 2)[1] : ""));
            }
            request = request.substring(0, request.indexOf('?'));
        }
        String[] methodAndPath = request.split(" ", 2);
        String path = methodAndPath[1].replace("{FunctionName}", "fn").replace("{Resource}", FUNCTION + "fn")
                .replaceAll("\\{[A-Za-z+]+\\}", "x");
        return new CloudRequest(methodAndPath[0], path, query, headers, body.getBytes(StandardCharsets.UTF_8), "us-east-1");
    }

    @Test
    void everyOperationServedNamesItsActionButGetCallerIdentity() {
        for (AwsService service : services) {
            for (Operation operation : service.operations().operations()) {
                List<IamAction> actions = service.iamActions(request(operation, "{}"));
                if (operation.name().equals("GetCallerIdentity")) {
                    assertTrue(actions.isEmpty(), "GetCallerIdentity needs no permission");
                    continue;
                }
                assertFalse(actions.isEmpty(), service.signingName() + " " + operation.name());
                // The Service Authorization Reference names CloudWatch's actions "cloudwatch:", though it signs as "monitoring".
                String prefix = service.signingName().equals("monitoring") ? "cloudwatch" : service.signingName();
                assertTrue(actions.get(0).action().startsWith(prefix + ":") && !actions.get(0).resource().isEmpty(),
                        service.signingName() + " " + operation.name() + ": " + actions);
            }
        }
    }

    @Test
    void lambdaAsksForTheFunctionQualifiedWhenTheRequestNamesAVersion() {
        AwsService lambda = service("lambda");
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        CloudRequest invoke = new CloudRequest("POST", "/2015-03-31/functions/" + FUNCTION + "fn:live/invocations", Map.of(), headers,
                new byte[0], "eu-west-1");
        assertEquals(List.of(new IamAction("lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:000000000000:function:fn:live")),
                lambda.iamActions(invoke));
        CloudRequest get = new CloudRequest("GET", "/2015-03-31/functions/fn", Map.of("Qualifier", List.of("3")), headers, new byte[0],
                "us-east-1");
        assertEquals(List.of(new IamAction("lambda:GetFunction", FUNCTION + "fn:3")), lambda.iamActions(get));
        CloudRequest create = new CloudRequest("POST", "/2015-03-31/functions", Map.of(), headers,
                "{\"FunctionName\":\"made\"}".getBytes(StandardCharsets.UTF_8), "us-east-1");
        assertEquals(List.of(new IamAction("lambda:CreateFunction", FUNCTION + "made")), lambda.iamActions(create));
        CloudRequest withRole = new CloudRequest("PUT", "/2015-03-31/functions/fn/configuration", Map.of(), headers,
                "{\"Role\":\"arn:aws:iam::000000000000:role/r\"}".getBytes(StandardCharsets.UTF_8), "us-east-1");
        assertEquals(List.of(new IamAction("lambda:UpdateFunctionConfiguration", FUNCTION + "fn"),
                new IamAction("iam:PassRole", "arn:aws:iam::000000000000:role/r")), lambda.iamActions(withRole), "the role is passed");
        CloudRequest list = new CloudRequest("GET", "/2015-03-31/functions", Map.of(), headers, new byte[0], "us-east-1");
        assertEquals(List.of(IamAction.onAny("lambda:ListFunctions")), lambda.iamActions(list));
    }

    @Test
    void logsAsksForTheGroupOrStreamAsAwsNamesThemInItsAccessDeniedMessages() {
        AwsService logs = service("logs");
        String group = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:log-stream:";
        assertEquals(List.of(new IamAction("logs:PutLogEvents", group + "s")), logs.iamActions(request(
                new Operation("PutLogEvents", "X-Amz-Target: Logs_20140328.PutLogEvents"),
                "{\"logGroupName\":\"/aws/lambda/fn\",\"logStreamName\":\"s\"}")));
        assertEquals(List.of(new IamAction("logs:FilterLogEvents", group)), logs.iamActions(request(
                new Operation("FilterLogEvents", "X-Amz-Target: Logs_20140328.FilterLogEvents"),
                "{\"logGroupIdentifier\":\"arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:*\"}")));
    }

    /** Service Authorization Reference, CloudWatch: the alarm operations act on the alarm resource, the metric ones on none. */
    @Test
    void cloudWatchAsksForEachAlarmItNamesAndForNothingOnMetrics() {
        AwsService cw = service("monitoring");
        String alarm = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:";
        assertEquals(List.of(new IamAction("cloudwatch:PutMetricAlarm", alarm + "lamb-fn-dev-throttles")), cw.iamActions(request(
                new Operation("PutMetricAlarm", "Action=PutMetricAlarm"), "AlarmName=lamb-fn-dev-throttles")));
        assertEquals(List.of(new IamAction("cloudwatch:DeleteAlarms", alarm + "a"), new IamAction("cloudwatch:DeleteAlarms", alarm + "b")),
                cw.iamActions(request(new Operation("DeleteAlarms", "X-Amz-Target: GraniteServiceVersion20100801.DeleteAlarms"),
                        "{\"AlarmNames\":[\"a\",\"b\"]}")));
        assertEquals(List.of(new IamAction("cloudwatch:DisableAlarmActions", alarm + "a")), cw.iamActions(request(
                new Operation("DisableAlarmActions", "Action=DisableAlarmActions"), "AlarmNames.member.1=a")));
        assertEquals(List.of(new IamAction("cloudwatch:SetAlarmState", alarm + "a")), cw.iamActions(request(
                new Operation("SetAlarmState", "Action=SetAlarmState"), "AlarmName=a&StateValue=OK&StateReason=r")));
        assertEquals(List.of(new IamAction("cloudwatch:DescribeAlarmHistory", alarm + "a")), cw.iamActions(request(
                new Operation("DescribeAlarmHistory", "Action=DescribeAlarmHistory"), "AlarmName=a")));
        assertEquals(List.of(IamAction.onAny("cloudwatch:DescribeAlarmHistory")), cw.iamActions(request(
                new Operation("DescribeAlarmHistory", "Action=DescribeAlarmHistory"), "HistoryItemType=StateUpdate")));
        assertEquals(List.of(new IamAction("cloudwatch:TagResource", alarm + "a")), cw.iamActions(request(
                new Operation("TagResource", "X-Amz-Target: GraniteServiceVersion20100801.TagResource"),
                "{\"ResourceARN\":\"" + alarm + "a\",\"Tags\":[]}")));
        assertEquals(List.of(new IamAction("cloudwatch:ListTagsForResource", alarm + "a")), cw.iamActions(request(
                new Operation("ListTagsForResource", "Action=ListTagsForResource"), "ResourceARN=" + alarm + "a")));
        assertEquals(List.of(IamAction.onAny("cloudwatch:PutMetricData")), cw.iamActions(request(
                new Operation("PutMetricData", "Action=PutMetricData"), "Namespace=N")));
        assertEquals(List.of(IamAction.onAny("cloudwatch:GetMetricData")), cw.iamActions(request(
                new Operation("GetMetricData", "X-Amz-Target: GraniteServiceVersion20100801.GetMetricData"), "{}")));
    }

    @Test
    void iamAsksForTheRoleOrPolicyAndStsForTheRoleToAssume() {
        assertEquals(List.of(new IamAction("iam:CreateRole", "arn:aws:iam::000000000000:role/service-role/r")), service("iam").iamActions(
                request(new Operation("CreateRole", "Action=CreateRole"), "RoleName=r&Path=%2Fservice-role%2F")));
        assertEquals(List.of(new IamAction("iam:GetPolicy", "arn:aws:iam::aws:policy/AdministratorAccess")), service("iam").iamActions(
                request(new Operation("GetPolicy", "Action=GetPolicy"), "PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdministratorAccess")));
        assertEquals(List.of(new IamAction("sts:AssumeRole", "arn:aws:iam::000000000000:role/r")), service("sts").iamActions(
                request(new Operation("AssumeRole", "Action=AssumeRole"), "RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fr")));
    }

    @Test
    void apiGatewayAsksForTheMethodOnThePath() {
        CloudRequest patch = new CloudRequest("PATCH", "/restapis/a1/stages/prod", Map.of(), new TreeMap<>(String.CASE_INSENSITIVE_ORDER),
                new byte[0], "us-east-1");
        assertEquals(List.of(new IamAction("apigateway:PATCH", "arn:aws:apigateway:us-east-1::/restapis/a1/stages/prod")),
                service("apigateway").iamActions(patch));
    }
}
