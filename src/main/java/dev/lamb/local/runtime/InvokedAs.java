package dev.lamb.local.runtime;

import java.util.UUID;

/**
 * How one invocation was asked for: the request id it goes by (in the Invoke response, and in its
 * START, END and REPORT lines) and the ARN the invoker named the function by, with the {@code :version}
 * or {@code :alias} it used, which the handler's context reports as Lambda's does; and, when the invoker takes a
 * streamed response, where its pieces go (null to buffer it, as Invoke does).
 */
public record InvokedAs(String requestId, String functionArn, ResponseStream stream) {

    public InvokedAs(String requestId, String functionArn) {
        this(requestId, functionArn, null);
    }

    /** A new invocation of the function by its unqualified ARN. */
    public static InvokedAs unqualified(FunctionSpec spec) {
        return qualified(spec, null);
    }

    /** A new invocation of the function by the qualifier the invoker gave, none when null. */
    public static InvokedAs qualified(FunctionSpec spec, String qualifier) {
        return new InvokedAs(UUID.randomUUID().toString(), qualifier == null ? spec.arn() : spec.arn() + ":" + qualifier);
    }

    /** The same invocation under a request id chosen before it ran (as an asynchronous invoke's is). */
    public InvokedAs withRequestId(String id) {
        return new InvokedAs(id, functionArn, stream);
    }

    /** The same invocation, its streamed response (if the function streams one) sent to {@code to} as it comes. */
    public InvokedAs streamingTo(ResponseStream to) {
        return new InvokedAs(requestId, functionArn, to);
    }
}
