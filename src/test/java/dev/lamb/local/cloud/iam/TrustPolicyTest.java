package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * How the local IAM judges a role's trust policy when Lambda assumes the role: the IAM User Guide's "The confused deputy
 * problem" (a service principal's aws:SourceAccount), "Principal" (Service) and "Policy evaluation logic" (an explicit
 * Deny wins; nothing allowing is a deny). A key the local cloud cannot tell is given the benefit of the doubt.
 */
class TrustPolicyTest {
    private static final String LAMBDA = "lambda.amazonaws.com";
    private static final Map<String, String> SOURCE = Map.of("aws:SourceAccount", "000000000000");

    private static String trust(String effect, String service, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":{\"Service\":\"" + service
                + "\"},\"Action\":\"sts:AssumeRole\"" + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}]}";
    }

    @Test
    void lambdaOfTheSourceAccountTheConditionNamesMayAssumeTheRole() {
        assertTrue(TrustPolicy.lets(trust("Allow", LAMBDA, "{\"StringEquals\":{\"aws:SourceAccount\":\"000000000000\"}}"),
                LAMBDA, SOURCE));
        assertTrue(TrustPolicy.lets(trust("Allow", LAMBDA, "{\"ArnLike\":{\"aws:SourceArn\":"
                + "\"arn:aws:lambda:us-east-1:000000000000:function:*\"}}"), LAMBDA, SOURCE), "a key the cloud cannot tell");
        assertTrue(TrustPolicy.lets(trust("Allow", LAMBDA, ""), LAMBDA, SOURCE), "no condition");
    }

    @Test
    void anotherAccountAnotherServiceOrADenyKeepLambdaOut() {
        assertFalse(TrustPolicy.lets(trust("Allow", LAMBDA, "{\"StringEquals\":{\"aws:SourceAccount\":\"111111111111\"}}"),
                LAMBDA, SOURCE));
        assertFalse(TrustPolicy.lets(trust("Allow", "ec2.amazonaws.com", ""), LAMBDA, SOURCE));
        String allowAndDeny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\""
                + LAMBDA + "\"]},\"Action\":[\"sts:*\"]},{\"Effect\":\"Deny\",\"Principal\":{\"Service\":\"" + LAMBDA
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        assertFalse(TrustPolicy.lets(allowAndDeny, LAMBDA, SOURCE));
        assertFalse(TrustPolicy.lets(trust("Deny", LAMBDA, "{\"StringEquals\":{\"aws:SourceAccount\":\"000000000000\"}}"),
                LAMBDA, SOURCE));
        assertFalse(TrustPolicy.lets("not json", LAMBDA, SOURCE));
    }
}
