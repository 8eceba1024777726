package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Greeting function behind API Gateway (REST API, Lambda proxy integration) or a Lambda function URL. The event is
 * read as a map, since the two shapes differ: the REST API's (payload 1.0: httpMethod, path) and a function URL's
 * (payload 2.0: requestContext.http.method, rawPath). Both carry queryStringParameters, and both read the response's
 * statusCode, headers and body.
 */
public class Handler implements RequestHandler<Map<String, Object>, APIGatewayProxyResponseEvent> {

    static final int MAX_NAME_LENGTH = 100;

    // Built once per instance, so warm invocations skip Jackson's set-up.
    private static final ObjectMapper JSON = new ObjectMapper();

    // Lambda creates the handler once per instance, so secrets are kept while it is warm.
    private final SecretCache secrets;

    public Handler() {
        this(SecretCache.standard());
    }

    Handler(SecretCache secrets) {
        this.secrets = secrets;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> request = event == null ? Map.of() : event;
        Object http = field(request.get("requestContext"), "http");
        String method = text(request.get("httpMethod"), field(http, "method"));
        String path = text(request.get("path"), request.get("rawPath"));
        // API Gateway sends null, a function URL nothing, when the request has no query string.
        String name = text(field(request.get("queryStringParameters"), "name"), "");
        // Count code points, not UTF-16 units, so the limit matches the other runtimes.
        int nameLength = name.codePointCount(0, name.length());

        int status = 400;
        String error = null;
        // Only with API_KEY in lamb.toml's [function.secrets] must callers send it; without, anyone is greeted.
        if (secrets.configured("API_KEY") && !apiKeyMatches(request.get("headers"))) {
            status = 401;
            error = "header 'x-api-key' is missing or wrong";
        } else if (nameLength == 0) {
            error = "query parameter 'name' is required";
        } else if (nameLength > MAX_NAME_LENGTH) {
            error = "query parameter 'name' must be at most " + MAX_NAME_LENGTH + " characters";
        }
        status = error == null ? 200 : status;
        Object body = error == null ? "Hello, " + name + "!" : Map.of("error", error);

        // The name is untrusted input, so only its length goes to the logs. System.out rather than
        // context.getLogger(): outside Lambda the logger writes without a line break.
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("level", status == 200 ? "INFO" : "WARN");
        entry.put("message", error == null ? "greeted" : error);
        entry.put("requestId", context.getAwsRequestId());
        entry.put("method", method);
        entry.put("path", path);
        entry.put("status", status);
        entry.put("nameLength", nameLength);
        System.out.println(toJson(entry));

        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(toJson(body));
    }

    /**
     * Whether the request's x-api-key header is the API_KEY secret, compared in constant time so that the answer's timing
     * tells nothing of the key. Header names are matched in any case: function URLs lower-case them.
     */
    private boolean apiKeyMatches(Object headers) {
        String sent = "";
        if (headers instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> header : map.entrySet()) {
                if ("x-api-key".equalsIgnoreCase(String.valueOf(header.getKey())) && header.getValue() instanceof String value) {
                    sent = value;
                }
            }
        }
        return MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), secrets.get("API_KEY").getBytes(StandardCharsets.UTF_8));
    }

    /** The value of a JSON object's field, or null when there is no such object or field. */
    private static Object field(Object object, String name) {
        return object instanceof Map<?, ?> map ? map.get(name) : null;
    }

    /** The first of the values that is a string, or "" when neither is. */
    private static String text(Object value, Object fallback) {
        return value instanceof String s ? s : fallback instanceof String f ? f : "";
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Strings, numbers and maps of them always serialise; this cannot happen.
            throw new IllegalStateException(e);
        }
    }
}
