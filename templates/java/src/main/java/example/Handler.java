package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Greeting function behind API Gateway (REST API, Lambda proxy integration). */
public class Handler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    static final int MAX_NAME_LENGTH = 100;

    // Built once per instance, so warm invocations skip Jackson's set-up.
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        // API Gateway sends null, not {}, when the request has no query string.
        Map<String, String> params = event == null ? null : event.getQueryStringParameters();
        String name = params == null ? null : params.get("name");
        if (name == null) {
            name = "";
        }
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
        entry.put("status", status);
        entry.put("nameLength", nameLength);
        System.out.println(toJson(entry));

        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(toJson(body));
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
