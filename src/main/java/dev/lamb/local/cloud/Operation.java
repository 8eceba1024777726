package dev.lamb.local.cloud;

/**
 * One operation a local-cloud service serves: its name as the AWS API reference and the service model
 * give it ({@code CreateFunction}), and the request that reaches it, as a client sends it
 * ({@code POST /2015-03-31/functions}, {@code X-Amz-Target: Logs_20140328.CreateLogGroup}, {@code Action=CreateRole}).
 */
public record Operation(String name, String request) {}
