package dev.lamb.local.cloud.s3;

import java.io.IOException;
import java.util.Map;

import dev.lamb.local.cloud.CloudRequest;
import dev.lamb.local.cloud.CloudResponse;

/**
 * One S3 request as its operation sees it: its head, its body (read as the operation wants it), the buckets, and the
 * bucket and key it names, by path or by host.
 */
record S3Call(CloudRequest head, S3Payload body, Buckets buckets, String bucketName, String key) {
    /** The largest configuration document (tags, lifecycle, a list of keys to delete) read whole. */
    static final int XML_LIMIT = 2 * 1024 * 1024;

    Bucket bucket() {
        return buckets.get(bucketName);
    }

    String param(String name) {
        return head.queryParam(name);
    }

    String header(String name) {
        return head.header(name);
    }

    byte[] xmlBody() throws IOException {
        return body.readSmall(XML_LIMIT);
    }

    static CloudResponse xml(int status, String document) {
        return CloudResponse.of(status, "application/xml", document);
    }

    static CloudResponse ok(Map<String, String> headers) {
        CloudResponse response = CloudResponse.empty(200);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            response = response.withHeader(h.getKey(), h.getValue());
        }
        return response;
    }
}
