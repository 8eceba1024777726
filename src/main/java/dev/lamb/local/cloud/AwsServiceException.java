package dev.lamb.local.cloud;

/** An error as an AWS service returns it: the HTTP status, the error code clients map to a class, the message. */
public class AwsServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public AwsServiceException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** An operation the local cloud does not implement: said clearly, never a silent success. */
    public static AwsServiceException notImplemented(String service, String operation) {
        return new AwsServiceException(501, "NotImplemented",
                "lamb's local cloud does not implement " + service + " " + operation + " yet");
    }
}
