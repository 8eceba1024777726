package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.IamAction;

/**
 * Review item 10: Lambda's actions are on the function the routed {@code {FunctionName}} names, not on a path segment
 * read again, and an operation served without a rule for its resource is refused for a role session (fail closed).
 */
class LambdaIamActionsTest {
    private static CloudRequest request(String path) {
        return new CloudRequest("GET", path, Map.of(), new TreeMap<>(String.CASE_INSENSITIVE_ORDER), new byte[0], "eu-west-1");
    }

    @Test
    void theFunctionIsTheRoutedParameter() {
        assertEquals(List.of(new IamAction("lambda:GetFunctionConcurrency", "arn:aws:lambda:eu-west-1:000000000000:function:fn")),
                LambdaIamActions.of("GetFunctionConcurrency", Map.of("FunctionName", "fn"), request("/2019-09-30/functions/fn/concurrency")));
    }

    @Test
    void anOperationWithNoRuleForItsResourceIsRefusedNotAllowed() {
        AwsServiceException refused = assertThrows(AwsServiceException.class,
                () -> LambdaIamActions.of("ListLayers", Map.of(), request("/2018-10-31/layers")));
        assertEquals(403, refused.status());
        assertEquals("AccessDeniedException", refused.code());
    }
}
