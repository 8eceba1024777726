package example;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Map;

/** Handlers for JavaRuntimeTest, compiled by the test against aws-lambda-java-core. */
public class Fixture {

    /** Fails as user code does: the runtime interface client reports it as an Unhandled error. */
    public String fail(Map<String, Object> event, Context context) {
        throw new IllegalStateException("the fixture failed on purpose");
    }

    /** The ARN the function was invoked by, and the request id, as the context gives them. */
    public String invokedAs(Map<String, Object> event, Context context) {
        return context.getInvokedFunctionArn() + " " + context.getAwsRequestId();
    }

    /** Writes through each channel a Java function has: System.out, System.err and the context logger. */
    public String log(Map<String, Object> event, Context context) {
        System.out.println("printed to stdout");
        System.err.println("printed to stderr");
        context.getLogger().log("logger one");
        context.getLogger().log("logger two");
        context.getLogger().log("logger three\n");
        return "logged";
    }
}
