package dev.lamb.local.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One AWS service of the local cloud, named as requests sign for it (lambda, iam, logs, apigateway,
 * xray). It answers requests routed to it and renders its errors in its protocol's shape.
 */
public interface AwsService extends AutoCloseable {
    String signingName();

    CloudResponse handle(CloudRequest request);

    /**
     * The service's dispatch table: the operations it serves, which {@link #handle} dispatches through and
     * {@code lamb local operations} lists. None until a service registers its own.
     */
    default OperationTable<?> operations() {
        return OperationTable.byPath(signingName()).build();
    }

    /**
     * The IAM actions a request asks for, and the resources they are on, as AWS authorizes them; a role session's
     * call is checked against its role's policies for each. None for a request AWS lets any caller make
     * (GetCallerIdentity) and for one the service does not serve (it answers NotImplemented).
     */
    default List<IamAction> iamActions(CloudRequest request) {
        return List.of();
    }

    /** The caller of an access key this service issued (STS's role sessions), expired or not. */
    default Optional<SessionCaller> caller(String accessKeyId) {
        return Optional.empty();
    }

    /**
     * The largest body AWS takes for this request, judged from its head (method, path, headers; the body
     * still empty) before the body is read.
     */
    default BodyLimit bodyLimit(CloudRequest head) {
        return BodyLimit.DEFAULT;
    }

    /**
     * The JSON protocols' error: the code in x-amzn-ErrorType and as __type in the body, so that both
     * the Java SDK and botocore find it, with the message under the names either reads.
     */
    default CloudResponse error(AwsServiceException e) {
        return jsonError(e);
    }

    /** The error of a request whose head is known, in the protocol it came in (CloudWatch speaks three); most have one. */
    default CloudResponse error(CloudRequest head, AwsServiceException e) {
        return error(e);
    }

    static CloudResponse jsonError(AwsServiceException e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("__type", e.code());
        body.put("message", e.getMessage());
        body.put("Message", e.getMessage());
        body.putAll(e.fields());
        return CloudResponse.json(e.status(), body).withHeader("x-amzn-ErrorType", e.code());
    }

    /** Tells the service where its cloud listens, once it does (Lambda gives functions that endpoint). */
    default void servedAt(String endpoint) {}

    /** Hands the service its cloud's fault rules, for faults it must apply itself (Lambda's iam-delay). */
    default void useFaults(Faults faults) {}

    /** How many of its resources the service holds, by name (functions, apis), for `lamb local status`. */
    default Map<String, Integer> counts() {
        return Map.of();
    }

    /** What else the service tells `lamb local status` (JSON values), found on demand: it may take a moment. */
    default Map<String, Object> about() {
        return Map.of();
    }

    @Override
    default void close() {}
}
