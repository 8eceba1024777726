package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

        String error = null;
        if (nameLength == 0) {
            error = "query parameter 'name' is required";
        } else if (nameLength > MAX_NAME_LENGTH) {
            error = "query parameter 'name' must be at most " + MAX_NAME_LENGTH + " characters";
        }
        int status = error == null ? 200 : 400;
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
