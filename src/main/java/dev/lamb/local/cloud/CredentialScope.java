package dev.lamb.local.cloud;

/**
 * Whose key signs a request and for what, as its SigV4 credential scope says it ({@code KEY/DATE/REGION/SERVICE/aws4_request}):
 * read once per request, by admission, and the one answer routing, the request's region, the policy check and STS use.
 */
public record CredentialScope(String accessKeyId, String date, String region, String service) {}
