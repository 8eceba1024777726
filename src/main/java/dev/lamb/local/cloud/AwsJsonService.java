package dev.lamb.local.cloud;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A service of the awsJson protocol (Secrets Manager, Systems Manager, CloudWatch Logs): every request is a POST whose
 * X-Amz-Target header names the operation after the service's prefix, with a JSON object as its body, and every answer
 * and error is JSON of {@value #CONTENT_TYPE}. The service gives its dispatch table and how a handler runs; the
 * reading of the target and the body, the dispatch and the answer's shape are written here once.
 *
 * @param <H> the handler shape of the service's operations
 */
public abstract class AwsJsonService<H> implements AwsService {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final OperationTable<H> table;
    private final String malformedBody;

    /**
     * @param table the operations, by X-Amz-Target ({@link OperationTable#byTarget})
     * @param malformedBody the message of the service's SerializationException for a body that is not JSON
     */
    protected AwsJsonService(OperationTable<H> table, String malformedBody) {
        this.table = table;
        this.malformedBody = malformedBody;
    }

    /** Runs an operation's handler on the request's body; a {@link CloudResponse} it gives is the answer as it is (a stream). */
    protected abstract Object run(H handler, JsonNode body, CloudRequest request);

    /** The IAM actions of a request for one of the service's operations, as {@link AwsService#iamActions} says. */
    protected abstract List<IamAction> iamActions(String operation, JsonNode body, CloudRequest request);

    @Override
    public final OperationTable<?> operations() {
        return table;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        H handler = table.named(operation(request));
        Object result = run(handler, body(request), request);
        return result instanceof CloudResponse answer ? answer : CloudResponse.json(200, result).withHeader("Content-Type", CONTENT_TYPE);
    }

    @Override
    public final List<IamAction> iamActions(CloudRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null || !target.startsWith(table.targetPrefix())) {
            return List.of();
        }
        return iamActions(target.substring(table.targetPrefix().length()), body(request), request);
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        return AwsService.jsonError(e).withHeader("Content-Type", CONTENT_TYPE);
    }

    /** The body's members: none for an empty body, the service's SerializationException for one that is not JSON. */
    protected final JsonNode body(CloudRequest request) {
        return JsonBodies.object(request, () -> new AwsServiceException(400, "SerializationException", malformedBody));
    }

    /** The region the request is signed for; the home region for an unsigned one. */
    protected static String region(CloudRequest request) {
        return request.region() == null ? Regions.HOME : request.region();
    }

    private String operation(CloudRequest request) {
        String target = request.header("X-Amz-Target");
        if (target == null || !target.startsWith(table.targetPrefix())) {
            throw new AwsServiceException(400, "UnknownOperationException", table.service() + " requests are POST / with X-Amz-Target: "
                    + table.targetPrefix() + "<Operation>");
        }
        return target.substring(table.targetPrefix().length());
    }
}
