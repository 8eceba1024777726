package dev.lamb.local.cloud;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * AWS's query protocol (IAM, STS): parameters in the query string or a form-encoded body, {@code Action}
 * naming the operation, answers as {@code <ActionResponse><ActionResult>} XML and errors as
 * {@code <ErrorResponse><Error><Type>/<Code>/<Message>}.
 *
 * @param namespace the XML namespace of the API version, e.g. https://iam.amazonaws.com/doc/2010-05-08/
 * @param version the API version a request may name, e.g. 2010-05-08
 */
public record QueryProtocol(String namespace, String version) {

    /** The request's parameters, query string first, then the form body (the first of a repeated name wins). */
    public Map<String, String> params(CloudRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        request.query().forEach((k, v) -> {
            if (!v.isEmpty()) {
                params.put(k, v.get(0));
            }
        });
        if (!"GET".equals(request.method())) {
            params.putAll(form(request.bodyText()));
        }
        return params;
    }

    /** The operation the parameters name; refused as the query services refuse a missing action or another version. */
    public String action(Map<String, String> params) {
        String action = params.get("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsServiceException(400, "MissingAction", "Missing Action");
        }
        String asked = params.get("Version");
        if (asked != null && !asked.equals(version)) {
            throw new AwsServiceException(400, "InvalidAction", "Could not find operation " + action + " for version " + asked);
        }
        return action;
    }

    /** {@code <XResponse><XResult>…</XResult><ResponseMetadata>…}; no result element when {@code result} is null. */
    public String respond(String action, Consumer<XmlWriter> result) {
        XmlWriter x = new XmlWriter().startRoot(action + "Response", namespace);
        if (result != null) {
            x.start(action + "Result");
            result.accept(x);
            x.end();
        }
        x.start("ResponseMetadata").element("RequestId", UUID.randomUUID()).end();
        return x.end().finish();
    }

    /** The error as the query services send it: Sender for the caller's faults, Receiver for the service's. */
    public CloudResponse error(AwsServiceException e) {
        return errorResponse(e, namespace);
    }

    /** A query-protocol error in a namespace; also how the cloud answers a query service it does not serve. */
    public static CloudResponse errorResponse(AwsServiceException e, String namespace) {
        String xml = new XmlWriter().startRoot("ErrorResponse", namespace)
                .start("Error")
                .element("Type", e.status() >= 500 ? "Receiver" : "Sender")
                .element("Code", e.code())
                .element("Message", e.getMessage())
                .end()
                .element("RequestId", UUID.randomUUID())
                .end().finish();
        return CloudResponse.of(e.status(), "text/xml", xml);
    }

    /** URL-encoded as IAM returns policy documents: botocore decodes them with unquote, so spaces are %20, not +. */
    public static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                // The query services' common error for a query they cannot parse, with the status IAM's reference gives it.
                throw new AwsServiceException(404, "MalformedQueryString", "The query string contains a syntax error.");
            }
        }
        return out;
    }
}
