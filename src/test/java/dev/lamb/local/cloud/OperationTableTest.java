package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The dispatch tables of the local cloud's services, and the JSON protocol helpers they share. */
class OperationTableTest {
    // Paths and names from botocore's lambda/2015-03-31 service-2.json (ListTags' {ARN+} to try a greedy parameter).
    private final OperationTable<String> lambda = OperationTable.<String>byPath("Lambda")
            .add("GET", "/2015-03-31/functions", "ListFunctions", "list")
            .add("GET", "/2015-03-31/functions/{FunctionName}", "GetFunction", "get")
            .add("DELETE", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "DeleteAlias", "deleteAlias")
            .add("GET", "/2017-03-31/tags/{ARN+}", "ListTags", "tags")
            .notServed("GET", "/2021-10-31/functions/{FunctionName}/url", "GetFunctionUrlConfig")
            .build();

    @Test
    void aPathTemplateNamesTheOperationAndItsParameters() {
        OperationTable.Routed<String> routed = lambda.route("DELETE", "/2015-03-31/functions/hello/aliases/live");
        assertEquals("DeleteAlias", routed.operation());
        assertEquals("deleteAlias", routed.handler());
        assertEquals(Map.of("FunctionName", "hello", "Name", "live"), routed.params());
        assertEquals("ListFunctions", lambda.route("GET", "/2015-03-31/functions/").operation(), "a trailing slash is no segment");
        assertEquals("GetFunction", lambda.route("GET", "/2015-03-31/functions/hello").operation());
        assertEquals("a/b", lambda.route("GET", "/2017-03-31/tags/a/b").param("ARN"), "{ARN+} takes the rest of the path");
    }

    @Test
    void anythingElseIsNotImplementedNamingIt() {
        AwsServiceException unknown = assertThrows(AwsServiceException.class, () -> lambda.route("PATCH", "/2015-03-31/functions/x"));
        assertEquals(400, unknown.status());
        assertEquals("NotImplemented", unknown.code());
        assertEquals("lamb's local cloud does not implement Lambda PATCH /2015-03-31/functions/x yet", unknown.getMessage());
        assertEquals("lamb's local cloud does not implement Lambda GetFunctionUrlConfig yet", assertThrows(AwsServiceException.class,
                () -> lambda.route("GET", "/2021-10-31/functions/x/url")).getMessage());
    }

    /** Issue 14: a table given the service's unknown-operation error tells operations it lacks from ones not served. */
    @Test
    void anOperationTheServiceLacksAnswersItsUnknownOperationError() {
        OperationTable<String> logs = OperationTable.<String>byTarget("CloudWatch Logs", "Logs_20140328.")
                .add("CreateLogGroup", "create").notServed("DescribeMetricFilters")
                .unknownOperation(name -> new AwsServiceException(400, "UnknownOperationException", "Unknown operation " + name))
                .build();
        assertEquals("create", logs.named("CreateLogGroup"));
        assertEquals("NotImplemented", assertThrows(AwsServiceException.class, () -> logs.named("DescribeMetricFilters")).code());
        AwsServiceException unknown = assertThrows(AwsServiceException.class, () -> logs.named("NoSuchOperation"));
        assertEquals(400, unknown.status());
        assertEquals("UnknownOperationException", unknown.code());
        assertEquals(List.of(new Operation("CreateLogGroup", "X-Amz-Target: Logs_20140328.CreateLogGroup")), logs.operations());
    }

    @Test
    void theOperationsServedAreListedOnceInOrderWithTheirRequests() {
        OperationTable<String> logs = OperationTable.<String>byTarget("CloudWatch Logs", "Logs_20140328.")
                .add("CreateLogGroup", "create").add("PutLogEvents", "put").build();
        assertEquals(List.of(new Operation("CreateLogGroup", "X-Amz-Target: Logs_20140328.CreateLogGroup"),
                new Operation("PutLogEvents", "X-Amz-Target: Logs_20140328.PutLogEvents")), logs.operations());
        assertEquals("put", logs.named("PutLogEvents"));
        assertEquals("lamb's local cloud does not implement CloudWatch Logs DescribeMetricFilters yet",
                assertThrows(AwsServiceException.class, () -> logs.named("DescribeMetricFilters")).getMessage());
        assertEquals(List.of(new Operation("ListFunctions", "GET /2015-03-31/functions"),
                new Operation("GetFunction", "GET /2015-03-31/functions/{FunctionName}"),
                new Operation("DeleteAlias", "DELETE /2015-03-31/functions/{FunctionName}/aliases/{Name}"),
                new Operation("ListTags", "GET /2017-03-31/tags/{ARN+}")), lambda.operations(), "not-served ones are not listed");
        assertEquals(List.of(new Operation("GetRole", "Action=GetRole")),
                OperationTable.<String>byAction("IAM").add("GetRole", "get").build().operations());
    }

    @Test
    void validationErrorsReadAsAwsWritesThem() {
        // The text of AWS's model validation (Coral), as the services' error references show it.
        assertEquals("1 validation error detected: Value null at 'traceSegmentDocuments' failed to satisfy constraint: "
                + "Member must not be null", ValidationMessage.mustNotBeNull("TraceSegmentDocuments"));
        assertEquals("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1",
                ValidationMessage.of(0, "limit", "Member must have value greater than or equal to 1"));
        AwsServiceException missing = assertThrows(AwsServiceException.class, () -> JsonBodies.required(
                JsonNodeFactory.instance.objectNode().put("logGroupName", ""), "logGroupName",
                message -> new AwsServiceException(400, "InvalidParameterException", message)));
        assertEquals("InvalidParameterException", missing.code());
        assertEquals(ValidationMessage.mustNotBeNull("logGroupName"), missing.getMessage());
    }
}
