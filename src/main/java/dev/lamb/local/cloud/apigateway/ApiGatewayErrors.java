package dev.lamb.local.cloud.apigateway;

import dev.lamb.local.cloud.AwsServiceException;

/** API Gateway's errors, with the codes its service model gives them. */
final class ApiGatewayErrors {
    static final String SERVICE = "API Gateway";

    private ApiGatewayErrors() {}

    static AwsServiceException notFound(String message) {
        return new AwsServiceException(404, "NotFoundException", message);
    }

    static AwsServiceException badRequest(String message) {
        return new AwsServiceException(400, "BadRequestException", message);
    }

    static AwsServiceException conflict(String message) {
        return new AwsServiceException(409, "ConflictException", message);
    }

    static AwsServiceException notImplemented(String operation) {
        return AwsServiceException.notImplemented(SERVICE, operation);
    }
}
