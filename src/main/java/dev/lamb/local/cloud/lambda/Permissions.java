package dev.lamb.local.cloud.lambda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Resource-policy statements as AddPermission builds them and GetPolicy returns them. */
final class Permissions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Permissions() {}

    static Map<String, Object> statement(JsonNode body, String resourceArn) {
        String sid = body.path("StatementId").asText("");
        if (sid.isEmpty() || sid.length() > 100 || !sid.matches("[a-zA-Z0-9-_.]+")) {
            throw LambdaErrors.validation(sid, "statementId", "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)");
        }
        String action = body.path("Action").asText("");
        if (action.isEmpty()) {
            throw LambdaErrors.validation("null", "action", "Member must not be null");
        }
        String principal = body.path("Principal").asText("");
        if (principal.isEmpty()) {
            throw LambdaErrors.validation("null", "principal", "Member must not be null");
        }
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Principal", principal(principal));
        statement.put("Action", action);
        statement.put("Resource", resourceArn);
        // One operator holds all of its keys: SourceAccount with FunctionUrlAuthType is one StringEquals of both.
        Map<String, Map<String, String>> condition = new LinkedHashMap<>();
        if (body.hasNonNull("SourceAccount")) {
            condition.computeIfAbsent("StringEquals", k -> new LinkedHashMap<>()).put("AWS:SourceAccount", body.get("SourceAccount").asText());
        }
        if (body.hasNonNull("PrincipalOrgID")) {
            condition.computeIfAbsent("StringEquals", k -> new LinkedHashMap<>()).put("aws:PrincipalOrgID", body.get("PrincipalOrgID").asText());
        }
        if (body.hasNonNull("FunctionUrlAuthType")) {
            condition.computeIfAbsent("StringEquals", k -> new LinkedHashMap<>())
                    .put("lambda:FunctionUrlAuthType", body.get("FunctionUrlAuthType").asText());
        }
        if (body.path("InvokedViaFunctionUrl").asBoolean(false)) {
            condition.put("Bool", Map.of("lambda:InvokedViaFunctionUrl", "true"));
        }
        if (body.hasNonNull("SourceArn")) {
            condition.put("ArnLike", Map.of("AWS:SourceArn", body.get("SourceArn").asText()));
        }
        if (!condition.isEmpty()) {
            statement.put("Condition", condition);
        }
        return statement;
    }

    private static Object principal(String principal) {
        if (principal.equals("*")) {
            return "*";
        }
        if (principal.matches("\\d{12}")) {
            return Map.of("AWS", "arn:aws:iam::" + principal + ":root");
        }
        if (principal.startsWith("arn:")) {
            return Map.of("AWS", principal);
        }
        return Map.of("Service", principal);
    }

    static String document(List<Map<String, Object>> statements) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Id", "default");
        policy.put("Statement", statements);
        return json(policy);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
