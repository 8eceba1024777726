package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.testing.ServiceCloud;

/**
 * Issue 12, section 5: malformed requests to every service get AWS's errors in their protocol's shape, a
 * 4xx, and never Java's words (a class name, an exception's text, a stack trace).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MalformedRequestsIT {
    private static final Pattern JAVA = Pattern.compile("java\\.|javax\\.|com\\.fasterxml|dev\\.lamb|sun\\.|\\bat [a-z]+\\.[a-z]"
            + "|\\w+(Exception|Error): |NullPointer|IllegalArgument|IllegalState|IndexOutOfBounds|NumberFormat|ClassCast"
            + "|MismatchedInput|JsonParse|Jackson");

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> LocalCloudServices.create(data, notice -> {}));
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Probe(String service, String method, String path, String target, String body) {}

    private static HttpResponse<String> send(Probe probe) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cloud.endpoint() + probe.path()))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" + probe.service()
                        + "/aws4_request, SignedHeaders=host, Signature=0")
                .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(probe.body()));
        if (probe.target() != null) {
            request.header("X-Amz-Target", probe.target()).header("Content-Type", "application/x-amz-json-1.1");
        } else if (probe.service().equals("iam")) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        } else {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noServiceAnswersAMalformedRequestWithJavasWordsOrA5xx() throws Exception {
        String marker = Base64.getUrlEncoder().withoutPadding().encodeToString("-1".getBytes());
        List<Probe> probes = List.of(
                new Probe("lambda", "GET", "/2015-03-31/functions?Marker=-1", null, null),
                new Probe("lambda", "GET", "/2015-03-31/functions?Marker=" + marker, null, null),
                new Probe("lambda", "GET", "/2015-03-31/functions?MaxItems=many", null, null),
                new Probe("lambda", "POST", "/2015-03-31/functions", null, "not json"),
                new Probe("lambda", "POST", "/2015-03-31/functions", null, "[1, 2]"),
                new Probe("lambda", "POST", "/2015-03-31/functions", null, "{\"FunctionName\": {\"a\": 1}}"),
                new Probe("lambda", "POST", "/2015-03-31/functions", null,
                        "{\"FunctionName\": \"f\", \"Runtime\": \"python3.12\", \"Handler\": \"h.h\", \"Role\": \"r\", \"Code\": \"x\"}"),
                new Probe("lambda", "POST", "/2015-03-31/functions", null, "{\"FunctionName\": \"f\", \"Runtime\": \"python3.12\", "
                        + "\"Handler\": \"h.h\", \"Role\": \"arn:aws:iam::000000000000:role/r\", \"Code\": {\"ZipFile\": \"%%%\"}}"),
                new Probe("lambda", "POST", "/2015-03-31/functions/f/invocations", null, "{"),
                new Probe("lambda", "GET", "/2015-03-31/functions/%00/configuration", null, null),
                new Probe("lambda", "PUT", "/2015-03-31/functions/f/configuration", null, "{\"Timeout\": \"soon\"}"),
                new Probe("lambda", "GET", "/2015-03-31/functions/f/aliases?Marker=-1", null, null),
                new Probe("lambda", "GET", "/2017-03-31/tags/not-an-arn", null, null),
                new Probe("lambda", "PUT", "/2017-10-31/functions/f/concurrency", null, "{\"ReservedConcurrentExecutions\": \"x\"}"),
                new Probe("iam", "POST", "/", null, "Action=CreateRole&RoleName=r&AssumeRolePolicyDocument=not-json"),
                new Probe("iam", "POST", "/", null, "Action=ListRoles&Marker=-1&MaxItems=many"),
                new Probe("iam", "POST", "/", null, "Action=GetRole"),
                new Probe("iam", "POST", "/", null, "%%%"),
                new Probe("logs", "POST", "/", "Logs_20140328.PutLogEvents", "nope"),
                new Probe("logs", "POST", "/", "Logs_20140328.PutLogEvents", "{\"logGroupName\": \"g\", \"logStreamName\": \"s\", "
                        + "\"logEvents\": \"x\"}"),
                new Probe("logs", "POST", "/", "Logs_20140328.DescribeLogGroups", "{\"nextToken\": \"-1\", \"limit\": \"many\"}"),
                new Probe("logs", "POST", "/", "Logs_20140328.FilterLogEvents", "{\"logGroupName\": 5, \"startTime\": \"x\"}"),
                new Probe("logs", "POST", "/", "Logs_20140328.GetLogEvents", "[]"),
                new Probe("apigateway", "POST", "/restapis", null, "nope"),
                new Probe("apigateway", "GET", "/restapis?position=-1&limit=many", null, null),
                new Probe("apigateway", "POST", "/restapis", null, "{\"name\": {\"a\": 1}}"),
                new Probe("xray", "POST", "/TraceSegments", null, "{\"TraceSegmentDocuments\": \"x\"}"),
                new Probe("xray", "POST", "/TraceSummaries", null, "{\"StartTime\": \"x\", \"EndTime\": []}"),
                new Probe("xray", "POST", "/Traces", null, "{\"TraceIds\": [\"x\"], \"NextToken\": \"-1\"}"),
                new Probe("xray", "POST", "/Traces", null, "nope"));
        List<String> wrong = new ArrayList<>();
        for (Probe probe : probes) {
            HttpResponse<String> answer = send(probe);
            String seen = probe + " -> " + answer.statusCode() + " " + answer.body();
            if (answer.statusCode() < 400 || answer.statusCode() >= 500 || JAVA.matcher(answer.body()).find()) {
                wrong.add(seen);
            }
        }
        assertTrue(wrong.isEmpty(), "answers that are not a client error in AWS's words:\n" + String.join("\n", wrong));
    }

    @Test
    void aNegativeMarkerIsLambdasInvalidParameterValue() throws Exception {
        HttpResponse<String> answer = send(new Probe("lambda", "GET", "/2015-03-31/functions?Marker="
                + Base64.getUrlEncoder().withoutPadding().encodeToString("-1".getBytes()), null, null));
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("InvalidParameterValueException", answer.headers().firstValue("x-amzn-ErrorType").orElseThrow());
    }
}
