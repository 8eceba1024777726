package example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Secrets from lamb.toml's [function.secrets]: read once per container, kept for a TTL, never in the environment.
 *
 * <p>For each NAME in [function.secrets], lamb deploy sets NAME_SECRET_ARN to where the secret lives: a Secrets Manager
 * secret's ARN (with "#key" after it for one key of a JSON secret) or an SSM parameter's ARN (a SecureString is
 * decrypted). The value is read with the function's own role ({@link AwsSecretFetcher}); throttling, 5xx answers and
 * network errors are retried with {@link Backoff}. Keep one in a field of the handler, which Lambda creates once per
 * instance:
 *
 * <pre>
 * private final SecretCache secrets = SecretCache.standard();
 * ...
 * String password = secrets.get("DB_PASSWORD"); // fetched on the first call, then served from memory for 5 minutes
 * </pre>
 */
public final class SecretCache {
    /** Reads the secret at an ARN; {@link AwsSecretFetcher} does it, tests inject their own. */
    @FunctionalInterface
    public interface Fetcher {
        String fetch(String arn) throws Exception;
    }

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    private static final int ATTEMPTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(String value, long expiresAtNanos) {}

    private final Duration ttl;
    private final Fetcher fetcher;
    private final LongSupplier nanoClock;
    private final UnaryOperator<String> env;
    private final Backoff backoff;
    private final Retry.Sleeper sleeper;
    private final Map<String, Entry> entries = new HashMap<>();

    public SecretCache(Duration ttl, Fetcher fetcher, LongSupplier nanoClock, UnaryOperator<String> env, Backoff backoff,
            Retry.Sleeper sleeper) {
        this.ttl = ttl;
        this.fetcher = fetcher;
        this.nanoClock = nanoClock;
        this.env = env;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    /** Reads from AWS with the process's environment, the standard backoff and a TTL of {@link #DEFAULT_TTL}. */
    public static SecretCache standard() {
        return withTtl(DEFAULT_TTL);
    }

    public static SecretCache withTtl(Duration ttl) {
        return new SecretCache(ttl, new AwsSecretFetcher(System::getenv), System::nanoTime, System::getenv, Backoff.standard(), Retry::sleep);
    }

    /** The environment variable through which the function finds the secret it calls {@code name}. */
    public static String variable(String name) {
        return name + "_SECRET_ARN";
    }

    /** Whether lamb.toml's [function.secrets] gives the function a secret called {@code name}. */
    public boolean configured(String name) {
        String reference = env.apply(variable(name));
        return reference != null && !reference.isEmpty();
    }

    /** The value of the secret called {@code name}, fetched at most once per TTL. */
    public synchronized String get(String name) {
        if (!configured(name)) {
            throw new SecretException(variable(name) + " is not set: add " + name + " to [function.secrets] in lamb.toml, then run lamb deploy");
        }
        String reference = env.apply(variable(name));
        int hash = reference.indexOf('#');
        String arn = hash < 0 ? reference : reference.substring(0, hash);
        String key = hash < 0 ? "" : reference.substring(hash + 1);
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !(parts[2].equals("secretsmanager") && parts[5].startsWith("secret:")
                || parts[2].equals("ssm") && parts[5].startsWith("parameter"))) {
            throw new SecretException(variable(name) + " must hold a Secrets Manager secret ARN (with #key for one key of a JSON secret) "
                    + "or an SSM parameter ARN, not \"" + reference + "\"");
        }
        long now = nanoClock.getAsLong();
        Entry entry = entries.get(arn);
        if (entry == null || now - entry.expiresAtNanos() >= 0) {
            try {
                entry = new Entry(Retry.call(() -> fetcher.fetch(arn), SecretCache::retryable, ATTEMPTS, backoff, sleeper), now + ttl.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecretException("interrupted while reading " + name, e);
            } catch (Exception e) {
                throw new SecretException("cannot read " + name + " (" + variable(name) + " = " + arn + "): " + e.getMessage(), e);
            }
            entries.put(arn, entry);
        }
        return pick(name, entry.value(), key);
    }

    /** Throttling, a 5xx answer or a network failure: worth another try. AccessDenied, not found: not. */
    static boolean retryable(Exception e) {
        if (e instanceof AwsSecretFetcher.AwsException aws) {
            return aws.retryable();
        }
        return e instanceof IOException;
    }

    /** The whole value, or one key of it when the reference names one. */
    private static String pick(String name, String value, String key) {
        if (key.isEmpty()) {
            return value;
        }
        JsonNode document;
        try {
            document = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            document = null;
        }
        if (document == null || !document.isObject() || !document.has(key)) {
            throw new SecretException(variable(name) + " names the key \"" + key + "\", which the secret (a JSON object?) does not have");
        }
        JsonNode field = document.get(key);
        return field.isTextual() ? field.asText() : field.toString();
    }
}
