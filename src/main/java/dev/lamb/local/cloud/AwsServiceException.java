package dev.lamb.local.cloud;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as an AWS service returns it: the HTTP status, the error code clients map to a class, the
 * message, and the extra members some errors carry (Lambda's throttling {@code Reason}).
 */
public class AwsServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final Map<String, String> fields;

    public AwsServiceException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    private AwsServiceException(int status, String code, String message, Map<String, String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = fields;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The error's members beyond its code and message, in the order the body lists them. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The same error with one more member in its body. */
    public AwsServiceException with(String field, String value) {
        Map<String, String> more = new LinkedHashMap<>(fields);
        more.put(field, value);
        return new AwsServiceException(status, code, getMessage(), Collections.unmodifiableMap(more));
    }

    /**
     * An operation the local cloud does not implement: said clearly, never a silent success. A 400, so
     * that SDKs, which retry 5xx answers, give up at once: asking again cannot make it implemented.
     */
    /** The answer to a request the cloud can no longer serve because it is shutting down. */
    public static AwsServiceException cloudStopping(String code) {
        return new AwsServiceException(503, code, "lamb's local cloud is stopping");
    }

    public static AwsServiceException notImplemented(String service, String operation) {
        return notImplemented("lamb's local cloud does not implement " + service + " " + operation + " yet");
    }

    public static AwsServiceException notImplemented(String message) {
        return new AwsServiceException(400, "NotImplemented", message);
    }
}
