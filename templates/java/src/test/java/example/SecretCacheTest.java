package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SecretCacheTest {

    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
    private static final String PARAMETER_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/app/key";
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(2);

    /** An injected fetch: answers in turn (an exception is thrown; the last answer repeats), recording each ARN asked for. */
    private static final class Fetches implements SecretCache.Fetcher {
        final LinkedList<Object> answers;
        final List<String> arns = new ArrayList<>();

        Fetches(Object... answers) {
            this.answers = new LinkedList<>(List.of(answers));
        }

        @Override
        public String fetch(String arn) throws Exception {
            arns.add(arn);
            Object answer = answers.size() > 1 ? answers.removeFirst() : answers.getFirst();
            if (answer instanceof Exception e) {
                throw e;
            }
            return (String) answer;
        }
    }

    private final AtomicLong now = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();

    private SecretCache cache(Fetches fetches, Map<String, String> env) {
        return new SecretCache(SecretCache.DEFAULT_TTL, fetches, now::get, env::get, new Backoff(BASE, CAP, () -> 0.999999), sleeps::add);
    }

    private SecretCache cache(Fetches fetches) {
        return cache(fetches, Map.of("DB_PASSWORD_SECRET_ARN", SECRET_ARN));
    }

    private static AwsSecretFetcher.AwsException aws(String code, int status) {
        return new AwsSecretFetcher.AwsException(status, code, "from the service");
    }

    @Test
    void oneFetchWithinTheTtlAndANewOneAfter() {
        Fetches fetches = new Fetches("s3cr3t", "rotated");
        SecretCache secrets = cache(fetches);
        assertEquals("s3cr3t", secrets.get("DB_PASSWORD"));
        now.set(SecretCache.DEFAULT_TTL.toNanos() - 1);
        assertEquals("s3cr3t", secrets.get("DB_PASSWORD"));
        assertEquals(List.of(SECRET_ARN), fetches.arns);
        now.set(SecretCache.DEFAULT_TTL.toNanos());
        assertEquals("rotated", secrets.get("DB_PASSWORD"));
        assertEquals(List.of(SECRET_ARN, SECRET_ARN), fetches.arns);
    }

    @Test
    void throttling5xxAndNetworkErrorsAreRetriedWithinTheBackoffsBounds() {
        Fetches fetches = new Fetches(aws("ThrottlingException", 400), aws("InternalServiceError", 500),
                new ConnectException("Connection refused"), "s3cr3t");
        assertEquals("s3cr3t", cache(fetches).get("DB_PASSWORD"));
        assertEquals(4, fetches.arns.size());
        // Full jitter: the delay before retry n is within [0, min(cap, base * 2^n)].
        assertEquals(3, sleeps.size());
        for (int n = 0; n < sleeps.size(); n++) {
            long bound = Math.min(CAP.toNanos(), BASE.toNanos() << n);
            assertTrue(!sleeps.get(n).isNegative() && sleeps.get(n).toNanos() <= bound, "retry " + n + ": " + sleeps.get(n));
        }
    }

    @Test
    void itGivesUpAfterItsAttemptsNamingTheVariable() {
        Fetches fetches = new Fetches(aws("ThrottlingException", 400));
        SecretException e = assertThrows(SecretException.class, () -> cache(fetches).get("DB_PASSWORD"));
        assertTrue(e.getMessage().contains("DB_PASSWORD_SECRET_ARN"), e.getMessage());
        assertEquals(4, fetches.arns.size());
    }

    @Test
    void accessDeniedAndNotFoundFailAtOnceNamingTheVariable() {
        for (String code : List.of("AccessDeniedException", "ResourceNotFoundException", "ParameterNotFound")) {
            Fetches fetches = new Fetches(aws(code, 400));
            SecretException e = assertThrows(SecretException.class, () -> cache(fetches).get("DB_PASSWORD"));
            assertTrue(e.getMessage().contains("DB_PASSWORD_SECRET_ARN") && e.getMessage().contains(code), e.getMessage());
            assertEquals(1, fetches.arns.size(), code + " is not retried");
            assertEquals(List.of(), sleeps);
        }
    }

    @Test
    void aMissingVariableSaysHowToConfigureIt() {
        SecretCache secrets = cache(new Fetches("unused"), Map.of());
        assertFalse(secrets.configured("DB_PASSWORD"));
        SecretException e = assertThrows(SecretException.class, () -> secrets.get("DB_PASSWORD"));
        assertTrue(e.getMessage().startsWith("DB_PASSWORD_SECRET_ARN is not set: add DB_PASSWORD to [function.secrets]"), e.getMessage());
    }

    @Test
    void oneKeyOfAJsonSecretAndOneFetchForTwoKeys() {
        Fetches fetches = new Fetches("{\"user\": \"ada\", \"password\": \"s3cr3t\"}");
        SecretCache secrets = cache(fetches, Map.of("DB_USER_SECRET_ARN", SECRET_ARN + "#user", "DB_PASSWORD_SECRET_ARN",
                SECRET_ARN + "#password", "DB_HOST_SECRET_ARN", SECRET_ARN + "#host"));
        assertEquals(List.of("ada", "s3cr3t"), List.of(secrets.get("DB_USER"), secrets.get("DB_PASSWORD")));
        assertEquals(1, fetches.arns.size());
        SecretException e = assertThrows(SecretException.class, () -> secrets.get("DB_HOST"));
        assertTrue(e.getMessage().contains("DB_HOST_SECRET_ARN names the key \"host\""), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), "the value never appears in an error");
    }

    @Test
    void aVariableThatIsNotAnArnIsRefused() {
        SecretCache secrets = cache(new Fetches("unused"), Map.of("DB_PASSWORD_SECRET_ARN", "db-password"));
        SecretException e = assertThrows(SecretException.class, () -> secrets.get("DB_PASSWORD"));
        assertTrue(e.getMessage().contains("must hold a Secrets Manager secret ARN"), e.getMessage());
    }

    /**
     * The IAM user guide's example of a signed request ("Create a signed AWS API request": IAM ListUsers of 2015-08-30
     * with the documentation's example keys) and the signature it gives.
     */
    @Test
    void signingMatchesTheAwsDocumentationsExample() {
        Map<String, String> headers = SigV4.sign("GET", URI.create("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
                Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8"), new byte[0],
                new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null), "us-east-1", "iam",
                Instant.parse("2015-08-30T12:36:00Z"));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;"
                + "x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", headers.get("authorization"));
    }

    /** The fetcher against a loopback server standing in for the two services: the calls it makes and the errors it reads. */
    @Test
    void theFetcherCallsEachServiceAndReadsItsErrors() throws Exception {
        List<String> calls = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            calls.add(target + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean signed = authorization.startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/")
                    && "token".equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"));
            boolean ssm = "AmazonSSM.GetParameter".equals(target);
            byte[] answer = (ssm ? "{\"Parameter\": {\"Value\": \"p4r4m\"}}"
                    : "{\"__type\": \"AccessDeniedException\", \"message\": \"not authorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ssm && signed ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token");
            AwsSecretFetcher fetcher = new AwsSecretFetcher(env::get);
            assertEquals("p4r4m", fetcher.fetch(PARAMETER_ARN));
            AwsSecretFetcher.AwsException denied = assertThrows(AwsSecretFetcher.AwsException.class, () -> fetcher.fetch(SECRET_ARN));
            assertEquals(List.of("AccessDeniedException", 400, false), List.of(denied.code, denied.status, SecretCache.retryable(denied)));
            assertEquals(List.of("AmazonSSM.GetParameter {\"Name\":\"" + PARAMETER_ARN + "\",\"WithDecryption\":true}",
                    "secretsmanager.GetSecretValue {\"SecretId\":\"" + SECRET_ARN + "\"}"), calls);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void networkFailuresAreRetriedAndBugsAreNot() {
        assertTrue(SecretCache.retryable(new IOException("connection reset")));
        assertTrue(SecretCache.retryable(aws("TooManyRequestsException", 429)));
        assertFalse(SecretCache.retryable(aws("DecryptionFailure", 400)));
        assertFalse(SecretCache.retryable(new IllegalStateException("a bug")));
    }
}
