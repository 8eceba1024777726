package example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a secret by its ARN: Secrets Manager's GetSecretValue or SSM's GetParameter (WithDecryption), in the ARN's
 * region. Lambda's Java runtimes come with no AWS SDK, and the SDK's clients would add some 11 MB to the jar and most
 * of a second of CPU to the first call, so the two calls are made with the JDK and signed with {@link SigV4}. The
 * credentials are those Lambda gives the function (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), and
 * AWS_ENDPOINT_URL is honoured as the SDKs honour it.
 */
final class AwsSecretFetcher implements SecretCache.Fetcher {

    /** An error answer of Secrets Manager or SSM: its HTTP status and error code. */
    static final class AwsException extends Exception {
        private static final long serialVersionUID = 1L;
        /** Error codes that mean "slow down", so a later try may succeed. */
        private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
                "RequestLimitExceeded");

        final int status;
        final String code;

        AwsException(int status, String code, String message) {
            super(code + ": " + message);
            this.status = status;
            this.code = code;
        }

        boolean retryable() {
            return THROTTLING.contains(code) || status == 429 || status >= 500;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MILLIS = 10_000;

    private final UnaryOperator<String> env;

    AwsSecretFetcher(UnaryOperator<String> env) {
        this.env = env;
    }

    @Override
    public String fetch(String arn) throws Exception {
        String[] parts = arn.split(":", 6);
        String service = parts[2];
        String region = parts[3];
        if (service.equals("ssm")) {
            return call(service, region, "AmazonSSM.GetParameter", JSON.createObjectNode().put("Name", arn).put("WithDecryption", true))
                    .path("Parameter").path("Value").asText();
        }
        JsonNode answer = call(service, region, "secretsmanager.GetSecretValue", JSON.createObjectNode().put("SecretId", arn));
        return answer.has("SecretString")
                ? answer.get("SecretString").asText()
                : new String(answer.path("SecretBinary").binaryValue(), StandardCharsets.UTF_8);
    }

    /** One signed request of the AWS JSON 1.1 protocol, which both services speak. */
    private JsonNode call(String service, String region, String target, ObjectNode input) throws Exception {
        String accessKey = env.apply("AWS_ACCESS_KEY_ID");
        String secretKey = env.apply("AWS_SECRET_ACCESS_KEY");
        if (accessKey == null || accessKey.isEmpty() || secretKey == null || secretKey.isEmpty()) {
            throw new IllegalStateException("no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set "
                    + "(Lambda sets them from the function's role)");
        }
        URI uri = URI.create(endpoint(service, region));
        byte[] body = JSON.writeValueAsBytes(input);
        Map<String, String> headers = SigV4.sign("POST", uri, Map.of("content-type", "application/x-amz-json-1.1", "x-amz-target", target),
                body, new SigV4.Credentials(accessKey, secretKey, env.apply("AWS_SESSION_TOKEN")), region, service, Instant.now());
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            headers.forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status >= 300) {
                throw error(status, connection);
            }
            try (InputStream in = connection.getInputStream()) {
                return JSON.readTree(in);
            }
        } finally {
            connection.disconnect();
        }
    }

    private static AwsException error(int status, HttpURLConnection connection) throws IOException {
        JsonNode problem = JSON.createObjectNode();
        try (InputStream in = connection.getErrorStream()) {
            if (in != null) {
                byte[] text = in.readAllBytes();
                problem = text.length == 0 ? problem : JSON.readTree(text);
            }
        } catch (IOException e) {
            // An answer that is not JSON still has its status and, maybe, the X-Amzn-ErrorType header.
        }
        String code = problem.path("__type").asText("");
        String header = connection.getHeaderField("X-Amzn-ErrorType");
        if (code.isEmpty()) {
            code = header != null ? header.split(":")[0] : "HTTP " + status;
        }
        // The code may come qualified by its namespace: "com.amazonaws.secretsmanager#ResourceNotFoundException".
        code = code.substring(code.lastIndexOf('#') + 1);
        String message = problem.path("message").asText(problem.path("Message").asText(""));
        return new AwsException(status, code, message);
    }

    /** The service's own AWS_ENDPOINT_URL_SERVICE, else AWS_ENDPOINT_URL, else the service in that region. */
    private String endpoint(String service, String region) {
        String own = env.apply(service.equals("ssm") ? "AWS_ENDPOINT_URL_SSM" : "AWS_ENDPOINT_URL_SECRETS_MANAGER");
        if (own != null && !own.isEmpty()) {
            return own;
        }
        String shared = env.apply("AWS_ENDPOINT_URL");
        return shared != null && !shared.isEmpty() ? shared : "https://" + service + "." + region + ".amazonaws.com";
    }
}
