package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.IamAction;
import dev.lamb.local.cloud.PolicyDecision;
import dev.lamb.local.cloud.QueryProtocol;

/**
 * Issue 14 §4: identity-based policies evaluated as IAM's policy evaluation logic documents it (IAM User Guide,
 * "Policy evaluation logic" and "IAM JSON policy elements"): an explicit Deny wins, an Allow allows, nothing else
 * does; {@code *} and {@code ?} wildcards, actions regardless of case, resources exactly; NotAction and
 * NotResource; a role's inline, customer managed and AWS managed policies together.
 */
class PolicyEvaluatorTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:";
    private static final String ROLE = "arn:aws:iam::000000000000:role/worker";
    private static final RequestContext CONTEXT = RequestContext.roleSession(ROLE, "us-east-1", Map.of());

    @TempDir
    Path data;

    private static String statement(String effect, String actionElement, String actions, String resourceElement, String resources) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"" + actionElement + "\":" + actions
                + ",\"" + resourceElement + "\":" + resources + "}]}";
    }

    private static String allow(String actions, String resources) {
        return statement("Allow", "Action", actions, "Resource", resources);
    }

    private static String deny(String actions, String resources) {
        return statement("Deny", "Action", actions, "Resource", resources);
    }

    private static PolicyDecision decide(String action, String resource, String... documents) {
        return PolicyEvaluator.decide(List.of(documents), new IamAction(action, resource), CONTEXT);
    }

    @Test
    void nothingAllowsByDefaultAndAnAllowAllows() {
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:GetFunction", FUNCTION + "a"));
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", FUNCTION + "a", allow("\"lambda:GetFunction\"", "\"*\"")));
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:ListFunctions", "*", allow("\"lambda:GetFunction\"", "\"*\"")));
    }

    @Test
    void anExplicitDenyWinsOverAnyAllowInAnyDocument() {
        String all = allow("\"*\"", "\"*\"");
        assertEquals(PolicyDecision.DENIED, decide("lambda:GetFunction", FUNCTION + "a", all, deny("\"lambda:Get*\"", "\"*\"")));
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:ListFunctions", "*", all, deny("\"lambda:Get*\"", "\"*\"")));
    }

    @Test
    void actionWildcardsMatchRegardlessOfCase() {
        String doc = allow("[\"logs:Put*\",\"LAMBDA:getfunc?ion\"]", "\"*\"");
        assertEquals(PolicyDecision.ALLOWED, decide("logs:PutLogEvents", "*", doc));
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", "*", doc));
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:GetFunctionConfiguration", "*", doc));
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("logs:CreateLogGroup", "*", doc));
    }

    @Test
    void resourceWildcardsMatchExactlyAndCaseSensitively() {
        String doc = allow("\"lambda:*\"", "[\"" + FUNCTION + "app-*\",\"" + FUNCTION + "job-?\"]");
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", FUNCTION + "app-web", doc));
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", FUNCTION + "app-", doc));
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", FUNCTION + "job-1", doc));
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:GetFunction", FUNCTION + "job-12", doc));
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:GetFunction", FUNCTION + "App-web", doc));
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:ListFunctions", "*", doc), "a function's ARN is not *");
        assertTrue(PolicyEvaluator.wildcard("a.b*", "a.bc", false));
        assertFalse(PolicyEvaluator.wildcard("a.b", "axb", false), "a dot is a dot, not a regular expression");
    }

    @Test
    void notActionAndNotResourceCoverEverythingElse() {
        String allExceptIam = statement("Allow", "NotAction", "\"iam:*\"", "Resource", "\"*\"");
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", FUNCTION + "a", allExceptIam));
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("iam:CreateRole", "*", allExceptIam));
        String denyOthers = statement("Deny", "Action", "\"lambda:*\"", "NotResource", "\"" + FUNCTION + "mine\"");
        String all = allow("\"*\"", "\"*\"");
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", FUNCTION + "mine", all, denyOthers));
        assertEquals(PolicyDecision.DENIED, decide("lambda:GetFunction", FUNCTION + "theirs", all, denyOthers));
    }

    @Test
    void aStatementObjectAndStringElementsAreAsGoodAsArrays() {
        String doc = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"xray:PutTraceSegments\",\"Resource\":\"*\"}}";
        assertEquals(PolicyDecision.ALLOWED, decide("xray:PutTraceSegments", "*", doc));
    }

    private static String conditional(String effect, String condition) {
        return "{\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"lambda:*\",\"Resource\":\"*\",\"Condition\":"
                + condition + "}]}";
    }

    @Test
    void conditionsOnTheGlobalKeysOfARoleSessionAreJudged() {
        String inRegion = "{\"StringEquals\":{\"aws:RequestedRegion\":[\"eu-west-1\",\"us-east-1\"]}}";
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", "*", conditional("Allow", inRegion)));
        String elsewhere = "{\"StringNotEquals\":{\"aws:requestedregion\":\"us-east-1\"}}";
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", "*", allow("\"*\"", "\"*\""), conditional("Deny", elsewhere)),
                "keys regardless of case; a Deny whose condition is unmet does not apply");
        String otherRole = "{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/admin-*\"}}";
        assertEquals(PolicyDecision.DENIED, decide("lambda:GetFunction", "*", allow("\"*\"", "\"*\""), conditional("Deny", otherRole)));
        String both = "{\"StringLike\":{\"aws:RequestedRegion\":\"us-*\"},\"BoolIfExists\":{\"aws:SecureTransport\":\"false\"}}";
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:GetFunction", "*", conditional("Allow", both)), "every operator must hold");
    }

    @Test
    void conditionsThatCannotBeJudgedNeverAllowAndAlwaysDeny() {
        String sourceIp = "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}";
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:GetFunction", "*", conditional("Allow", sourceIp)));
        assertEquals(PolicyDecision.DENIED, decide("lambda:GetFunction", "*", allow("\"*\"", "\"*\""), conditional("Deny", sourceIp)));
        String serviceKey = "{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}";
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:GetFunction", "*", conditional("Allow", serviceKey)));
    }

    /**
     * IAM User Guide, "Conditions with multiple context keys or values": operators and their keys are ANDed, so one
     * entry judged false makes the block false whatever the others; "cannot be judged" only stands when none is false.
     */
    @Test
    void oneEntryJudgedFalseOutweighsOnesThatCannotBeJudged() {
        String all = allow("\"*\"", "\"*\"");
        String outsideHome = "{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"us-east-1\"]},"
                + "\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}";
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", "*", all, conditional("Deny", outsideHome)),
                "a Deny whose region entry is false never applies in us-east-1");
        assertEquals(PolicyDecision.DENIED, PolicyEvaluator.decide(List.of(all, conditional("Deny", outsideHome)),
                IamAction.onAny("lambda:GetFunction"), RequestContext.roleSession(ROLE, "eu-west-1", Map.of())),
                "elsewhere the other entry cannot be judged, so the Deny applies");
        String sameOperator = "{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\",\"aws:RequestedRegion\":\"eu-west-1\"}}";
        assertEquals(PolicyDecision.ALLOWED, decide("lambda:GetFunction", "*", all, conditional("Deny", sameOperator)),
                "keys of one operator are ANDed too, in any order");
        String homeAndUnknown = "{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\"},\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}";
        assertEquals(PolicyDecision.NOT_ALLOWED, decide("lambda:GetFunction", "*", conditional("Allow", homeAndUnknown)),
                "none false and one unjudgeable: an Allow still does not allow");
    }

    /**
     * IAM User Guide, "Condition operators": "If the key is not present, evaluate the condition element as true" for
     * ...IfExists; a key not present makes an operator false and a negated one (StringNotEquals...) true; Null tests
     * presence. A role session has no aws:username ("Policy variables", principal key values) and aws:PrincipalTag/KEY
     * for its role's tags only.
     */
    @Test
    void keysARoleSessionLacksAreJudgedAsAbsent() {
        RequestContext tagged = RequestContext.roleSession(ROLE, "us-east-1", Map.of("Team", "blue"));
        List<String> allows = List.of(
                "{\"StringEqualsIfExists\":{\"aws:username\":\"bob\"}}",
                "{\"StringNotEquals\":{\"aws:username\":\"bob\"}}",
                "{\"Null\":{\"aws:username\":\"true\",\"aws:PrincipalTag/team\":\"false\"}}",
                "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}",
                "{\"StringLikeIfExists\":{\"aws:PrincipalTag/cost-center\":\"42*\"}}");
        List<String> notAllows = List.of(
                "{\"StringEquals\":{\"aws:username\":\"bob\"}}",
                "{\"StringLike\":{\"aws:PrincipalTag/cost-center\":\"*\"}}",
                "{\"IpAddressIfExists\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}");
        assertEachDecides(PolicyDecision.ALLOWED, allows, tagged);
        assertEachDecides(PolicyDecision.NOT_ALLOWED, notAllows, tagged);
    }

    private static void assertEachDecides(PolicyDecision expected, List<String> conditions, RequestContext context) {
        for (String condition : conditions) {
            assertEquals(expected, PolicyEvaluator.decide(List.of(conditional("Allow", condition)),
                    IamAction.onAny("lambda:GetFunction"), context), condition);
        }
    }

    private static String versioned(String effect, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"lambda:*\",\"Resource\":\""
                + resource + "\"}]}";
    }

    /**
     * IAM User Guide, "IAM policy elements: Variables and tags": variables in Resource are replaced by the call's
     * values (Version 2012-10-17 only; before, they are plain text), {@code ${aws:username, 'default'}} gives a
     * default, {@code ${*}} is a literal asterisk; a variable the call lacks ("not present") fails to match and makes
     * the statement invalid. One the local cloud cannot tell (aws:userid needs the session's name) never allows and
     * always denies.
     */
    @Test
    void policyVariablesInResourceAreReplacedByTheSessionsValues() {
        RequestContext tagged = RequestContext.roleSession(ROLE, "us-east-1", Map.of("team", "blue"));
        String own = versioned("Allow", "arn:aws:lambda:us-east-1:${aws:PrincipalAccount}:function:${aws:PrincipalTag/team}-*");
        assertEquals(PolicyDecision.ALLOWED, decideIn(tagged, FUNCTION + "blue-api", own));
        assertEquals(PolicyDecision.NOT_ALLOWED, decideIn(tagged, FUNCTION + "red-api", own));
        assertEquals(PolicyDecision.NOT_ALLOWED, decideIn(tagged, FUNCTION + "blue-api", own.replace("\"2012-10-17\"", "\"2008-10-17\"")),
                "without Version 2012-10-17 a variable is plain text");
        assertEquals(PolicyDecision.ALLOWED, decideIn(tagged, FUNCTION + "a*", versioned("Allow", FUNCTION + "a${*}")));
        assertEquals(PolicyDecision.NOT_ALLOWED, decideIn(tagged, FUNCTION + "ab", versioned("Allow", FUNCTION + "a${*}")));

        String all = allow("\"*\"", "\"*\"");
        assertEquals(PolicyDecision.ALLOWED, decideIn(tagged, FUNCTION + "x", all, versioned("Deny", FUNCTION + "${aws:username}")),
                "a role session has no aws:username: the Deny is invalid");
        assertEquals(PolicyDecision.DENIED, decideIn(tagged, FUNCTION + "nobody", all,
                versioned("Deny", FUNCTION + "${aws:username, 'nobody'}")), "its default stands in");
        assertEquals(PolicyDecision.DENIED, decideIn(tagged, FUNCTION + "x", all, versioned("Deny", FUNCTION + "${aws:userid}")),
                "a variable that cannot be told always denies");
        assertEquals(PolicyDecision.NOT_ALLOWED, decideIn(tagged, FUNCTION + "x", versioned("Allow", FUNCTION + "${aws:userid}")),
                "and never allows");
        String arnCondition = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"lambda:*\",\"Resource\":\"*\","
                + "\"Condition\":{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::${aws:PrincipalAccount}:role/worker\"}}}]}";
        assertEquals(PolicyDecision.ALLOWED, decideIn(tagged, FUNCTION + "x", arnCondition), "variables in ARN condition values");
    }

    private static PolicyDecision decideIn(RequestContext context, String resource, String... documents) {
        return PolicyEvaluator.decide(List.of(documents), new IamAction("lambda:GetFunction", resource), context);
    }

    @Test
    void aRoleIsAllowedWhatItsInlineCustomerAndAwsManagedPoliciesAllowTogether() {
        IamService iam = new IamService(data);
        call(iam, Map.of("Action", "CreateRole", "RoleName", "worker", "AssumeRolePolicyDocument", "{\"Statement\":[]}"));
        String role = ROLE;
        String logs = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/a:log-stream:s";
        assertEquals(PolicyDecision.NOT_ALLOWED, iam.decide(role, new IamAction("logs:PutLogEvents", logs), "us-east-1"));
        call(iam, Map.of("Action", "AttachRolePolicy", "RoleName", "worker",
                "PolicyArn", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
        assertEquals(PolicyDecision.ALLOWED, iam.decide(role, new IamAction("logs:PutLogEvents", logs), "us-east-1"));
        assertEquals(PolicyDecision.NOT_ALLOWED, iam.decide(role, IamAction.onAny("lambda:ListFunctions"), "us-east-1"));

        call(iam, Map.of("Action", "CreatePolicy", "PolicyName", "lister", "PolicyDocument", allow("\"lambda:List*\"", "\"*\"")));
        call(iam, Map.of("Action", "AttachRolePolicy", "RoleName", "worker", "PolicyArn", "arn:aws:iam::000000000000:policy/lister"));
        assertEquals(PolicyDecision.ALLOWED, iam.decide(role, IamAction.onAny("lambda:ListFunctions"), "us-east-1"));

        call(iam, Map.of("Action", "PutRolePolicy", "RoleName", "worker", "PolicyName", "no-lists",
                "PolicyDocument", deny("\"lambda:ListFunctions\"", "\"*\"")));
        assertEquals(PolicyDecision.DENIED, iam.decide(role, IamAction.onAny("lambda:ListFunctions"), "us-east-1"));
        assertEquals(PolicyDecision.NOT_ALLOWED,
                iam.decide("arn:aws:iam::000000000000:role/gone", IamAction.onAny("xray:GetTraceSummaries"), "us-east-1"));
    }

    private static void call(IamService iam, Map<String, String> params) {
        StringBuilder form = new StringBuilder("Version=2010-05-08");
        params.forEach((k, v) -> form.append('&').append(k).append('=').append(QueryProtocol.urlEncode(v)));
        assertEquals(200, iam.handle(new CloudRequest("POST", "/", Map.of(), new TreeMap<>(String.CASE_INSENSITIVE_ORDER),
                form.toString().getBytes(StandardCharsets.UTF_8), "us-east-1")).status());
    }
}
