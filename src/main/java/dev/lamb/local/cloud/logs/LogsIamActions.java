package dev.lamb.local.cloud.logs;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.local.cloud.IamAction;

/**
 * The IAM action each CloudWatch Logs operation asks for ({@code logs:} and the operation's name) and the resource
 * it is on, as AWS names it in its AccessDenied messages: a log stream's ARN
 * ({@code arn:aws:logs:REGION:ACCOUNT:log-group:NAME:log-stream:STREAM}) for the operations on one stream, the same
 * with an empty stream name for those on a group, so that a policy's {@code log-group:NAME:*} covers both, as on AWS.
 */
final class LogsIamActions {
    private LogsIamActions() {}

    static List<IamAction> of(String operation, JsonNode body, String region) {
        String action = "logs:" + operation;
        return switch (operation) {
            case "CreateLogStream", "DeleteLogStream", "PutLogEvents", "GetLogEvents" ->
                    List.of(new IamAction(action, stream(region, group(body), text(body, "logStreamName"))));
            case "DescribeLogGroups" -> List.of(new IamAction(action, stream(region, "", "")));
            case "ListTagsForResource", "TagResource", "UntagResource" -> List.of(new IamAction(action, resourceArn(body)));
            case "StartLiveTail" -> liveTail(action, body, region);
            default -> List.of(new IamAction(action, stream(region, group(body), "")));
        };
    }

    /** A live tail reads each of the groups it names. */
    private static List<IamAction> liveTail(String action, JsonNode body, String region) {
        List<IamAction> actions = new ArrayList<>();
        body.path("logGroupIdentifiers").forEach(id -> actions.add(new IamAction(action, stream(region, LogsService.nameOf(id.asText()), ""))));
        return actions.isEmpty() ? List.of(new IamAction(action, stream(region, "", ""))) : actions;
    }

    /** The resource the tagging operations name; without one the request is on none ({@code *}), and refused by the service. */
    private static String resourceArn(JsonNode body) {
        String arn = text(body, "resourceArn");
        return arn.isEmpty() ? "*" : arn;
    }

    private static String group(JsonNode body) {
        String name = text(body, "logGroupName");
        return name.isEmpty() ? LogsService.nameOf(text(body, "logGroupIdentifier")) : name;
    }

    private static String stream(String region, String group, String stream) {
        return "arn:aws:logs:" + region + ":" + LogsService.ACCOUNT + ":log-group:" + group + ":log-stream:" + stream;
    }

    private static String text(JsonNode body, String member) {
        JsonNode value = body.get(member);
        return value == null || !value.isTextual() ? "" : value.asText();
    }
}
