package dev.lamb.local.cloud;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Names a request's operation the way fault rules match it: for logs the {@code X-Amz-Target} operation
 * ({@code PutLogEvents}), for IAM the {@code Action} from the query or the form body ({@code GetRole}),
 * and for the REST services (lambda, apigateway, xray, s3) {@code "<METHOD> <path>"}, such as
 * {@code "GET /2015-03-31/functions/"}, which a rule's operation is a regular expression for.
 */
public final class FaultMatcher {
    private static final Set<String> REST = Set.of("lambda", "apigateway", "xray", "s3");

    private FaultMatcher() {}

    static boolean isRest(String service) {
        return REST.contains(service);
    }

    public static String operationOf(String service, CloudRequest request) {
        if (isRest(service)) {
            return request.method() + " " + request.path();
        }
        if (service.equals("logs")) {
            String target = request.header("X-Amz-Target");
            return target == null ? null : target.substring(target.indexOf('.') + 1);
        }
        if (service.equals("iam") || service.equals("sts")) {
            String action = request.queryParam("Action");
            if (action == null && !"GET".equals(request.method())) {
                action = formParam(request.bodyText(), "Action");
            }
            return action;
        }
        return null;
    }

    static String formParam(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
