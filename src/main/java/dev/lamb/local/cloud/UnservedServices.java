package dev.lamb.local.cloud;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How the cloud answers a request for a service it does not serve (S3 and the rest): in the protocol that
 * service's clients parse, so that the AWS CLI and the SDKs show the error's code and message rather than
 * failing to read the answer. The request shows the protocol: an X-Amz-Target header is AWS's JSON protocol,
 * a form post the query protocol (EC2's own variant for EC2); a REST request is XML for S3 and the other
 * rest-xml services (botocore's service models name them), JSON for the rest.
 */
final class UnservedServices {
    private static final Set<String> REST_XML = Set.of("s3", "s3control", "route53", "cloudfront");

    private UnservedServices() {}

    static CloudResponse error(Optional<String> service, String target, String contentType, AwsServiceException e) {
        String name = service.orElse("");
        if (target != null || service.isEmpty()) {
            return AwsService.jsonError(e);
        }
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            return name.equals("ec2") ? ec2Error(e) : QueryProtocol.errorResponse(e, "https://" + name + ".amazonaws.com/doc/");
        }
        if (name.equals("s3")) {
            return s3Error(e);
        }
        if (REST_XML.contains(name)) {
            return QueryProtocol.errorResponse(e, "https://" + name + ".amazonaws.com/doc/");
        }
        return AwsService.jsonError(e);
    }

    /** S3's error: a bare {@code <Error>} with Code, Message and RequestId. */
    private static CloudResponse s3Error(AwsServiceException e) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + new XmlWriter().start("Error")
                .element("Code", e.code())
                .element("Message", e.getMessage())
                .element("RequestId", UUID.randomUUID())
                .end().finish();
        return CloudResponse.of(e.status(), "application/xml", xml);
    }

    /** EC2's error: {@code <Response><Errors><Error>} with Code and Message, then RequestID. */
    private static CloudResponse ec2Error(AwsServiceException e) {
        String xml = new XmlWriter().start("Response").start("Errors").start("Error")
                .element("Code", e.code())
                .element("Message", e.getMessage())
                .end().end()
                .element("RequestID", UUID.randomUUID())
                .end().finish();
        return CloudResponse.of(e.status(), "text/xml", xml);
    }
}
