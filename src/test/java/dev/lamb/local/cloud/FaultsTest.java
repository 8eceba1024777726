package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** Fault rules: which requests they match, and how a counted rule is spent. */
class FaultsTest {
    private static CloudRequest request(String method, String path, Map<String, List<String>> query, String target, String body) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (target != null) {
            headers.put("X-Amz-Target", List.of(target));
        }
        return new CloudRequest(method, path, query, headers, body.getBytes(), "us-east-1");
    }

    private static final CloudRequest LIST_FUNCTIONS = request("GET", "/2015-03-31/functions/", Map.of(), null, "");
    private static final CloudRequest UPDATE_CODE = request("PUT", "/2015-03-31/functions/f/code", Map.of(), null, "{}");
    private static final CloudRequest PUT_LOG_EVENTS = request("POST", "/", Map.of(), "Logs_20140328.PutLogEvents", "{}");
    private static final CloudRequest GET_ROLE = request("POST", "/", Map.of(), null, "Action=GetRole&Version=2010-05-08&RoleName=r");

    @Test
    void operationsAreNamedPerProtocol() {
        assertEquals("GET /2015-03-31/functions/", FaultMatcher.operationOf("lambda", LIST_FUNCTIONS));
        assertEquals("PutLogEvents", FaultMatcher.operationOf("logs", PUT_LOG_EVENTS));
        assertEquals("GetRole", FaultMatcher.operationOf("iam", GET_ROLE));
        assertEquals("ListRoles", FaultMatcher.operationOf("iam",
                request("GET", "/", Map.of("Action", List.of("ListRoles")), null, "")));
    }

    @Test
    void rulesMatchByServiceAndOperation() {
        Faults faults = new Faults();
        faults.add("lambda", "put .*/code$", "throttle", null, null, null);
        assertNull(faults.decide("lambda", LIST_FUNCTIONS).error());
        assertEquals("TooManyRequestsException", faults.decide("lambda", UPDATE_CODE).error().code());
        assertNull(faults.decide("logs", PUT_LOG_EVENTS).error(), "another service is untouched");

        faults.clear();
        faults.add("logs", "putlogevents", "throttle", null, null, null);
        faults.add("iam", "GetRole", "throttle", null, null, null);
        assertEquals("ThrottlingException", faults.decide("logs", PUT_LOG_EVENTS).error().code());
        assertNull(faults.decide("logs", request("POST", "/", Map.of(), "Logs_20140328.DescribeLogGroups", "{}")).error());
        AwsServiceException iam = faults.decide("iam", GET_ROLE).error();
        assertEquals("Throttling", iam.code());
        assertEquals(429, iam.status());

        faults.clear();
        faults.add("s3", "^PUT /bucket/", "throttle", null, null, null);
        assertNull(faults.decide("s3", request("PUT", "/bucket", Map.of(), null, "")).error(), "CreateBucket is not PUT /bucket/");
        AwsServiceException s3 = faults.decide("s3", request("PUT", "/bucket/key", Map.of(), null, "")).error();
        assertEquals("SlowDown 503", s3.code() + " " + s3.status(), "S3 API reference, Error responses: SlowDown is 503");

        faults.clear();
        faults.add("*", null, "error", 1.0, null, null);
        AwsServiceException error = faults.decide("xray", request("POST", "/TraceSummaries", Map.of(), null, "{}")).error();
        assertTrue(error.status() == 500 || error.status() == 503, "status " + error.status());
        assertTrue(List.of("ServiceException", "ServiceUnavailableException").contains(error.code()), error.code());

        faults.clear();
        faults.add("*", null, "error", 0.0, null, null);
        assertNull(faults.decide("lambda", LIST_FUNCTIONS).error(), "rate 0 never fires");
    }

    @Test
    void aCountedRuleIsSpentAfterNRequests() {
        Faults faults = new Faults();
        faults.add("lambda", null, "throttle", null, null, 2);
        faults.add("lambda", null, "latency", null, 5L, 1);
        Faults.Effect first = faults.decide("lambda", LIST_FUNCTIONS);
        assertEquals(5, first.delayMillis());
        assertTrue(first.error() != null);
        assertTrue(faults.decide("lambda", LIST_FUNCTIONS).error() != null);
        Faults.Effect third = faults.decide("lambda", LIST_FUNCTIONS);
        assertNull(third.error());
        assertEquals(0, third.delayMillis());
        Map<String, Object> throttle = faults.list().get(0);
        assertEquals(true, throttle.get("spent"));
        assertEquals(0, throttle.get("remaining"));
        assertEquals(2, throttle.get("fired"));
    }

    @Test
    void badRulesAreRefused() {
        Faults faults = new Faults();
        assertThrows(IllegalArgumentException.class, () -> faults.add("sqs", null, "throttle", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> faults.add("lambda", null, "explode", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> faults.add("lambda", null, "latency", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> faults.add("lambda", null, "error", 1.5, null, null));
        assertThrows(IllegalArgumentException.class, () -> faults.add("lambda", "(", "throttle", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> faults.add("lambda", null, "throttle", null, null, 0));
        assertFalse(faults.list().iterator().hasNext());
    }
}
