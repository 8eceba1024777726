package dev.lamb.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Files that hold private keys or credentials: a zip on Lambda is readable by anyone who may call
 * GetFunction, so lamb leaves these out of it unless the project's .lambignore includes one on
 * purpose with a '!' line.
 *
 * <p>Some are known by name (.ssh/, .netrc, .pgpass, .git-credentials); the rest by content, since a
 * key can be called anything: a PEM or OpenSSH private key block, a PuTTY key, an AWS credentials
 * file, a Google Cloud service-account key. A certificate or CA bundle holds no private key and stays.
 */
public final class SecretFiles {
    /** Always credentials, whatever they hold (.aws/ and .env are already among the default ignores). */
    static final List<String> NAMES = List.of(".ssh/", ".netrc", "_netrc", ".pgpass", ".git-credentials");

    private static final IgnoreRules BY_NAME = IgnoreRules.of(NAMES);
    public static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----");
    /** How key files start: a PEM block, the attributes `openssl pkcs12 -nodes` writes before one, a PuTTY key. */
    private static final List<byte[]> KEY_STARTS = Stream.of("-----BEGIN ", "Bag Attributes", "PuTTY-User-Key-File-")
            .map(start -> start.getBytes(StandardCharsets.US_ASCII)).toList();
    private static final Pattern AWS_KEY = Pattern.compile("(?m)^\\s*aws_(?:secret_access_key|access_key_id)\\s*=");

    private SecretFiles() {}

    /** Made on the first JSON file that may be a key: an ObjectMapper's set-up costs more than most packagings' scan. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** What the path holds, when its name alone says it holds credentials. */
    public static Optional<String> byName(String path, boolean directory) {
        if (!BY_NAME.isIgnored(path, directory)) {
            return Optional.empty();
        }
        return Optional.of(directory ? "SSH keys" : "credentials");
    }

    /** What the file holds, when its content is a private key or credentials. */
    public static Optional<String> byContent(String name, byte[] bytes) {
        return byContent(name, bytes, bytes.length);
    }

    /** As above, for the first {@code length} bytes of {@code bytes}. */
    static Optional<String> byContent(String name, byte[] bytes, int length) {
        boolean pem = startsLikeAKey(bytes, length);
        // The file's own name, tested at the path's end rather than cut out of it: no copy for each file zipped.
        boolean awsCredentials = name.equals("credentials") || name.endsWith("/credentials");
        boolean json = name.endsWith(".json");
        if (!pem && !awsCredentials && !json) {
            return Optional.empty(); // most files: decided without looking past their first bytes
        }
        // ISO-8859-1 maps each byte to one char, so the patterns see the bytes of any file unchanged.
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        if (pem && (text.startsWith("PuTTY-User-Key-File-") || PRIVATE_KEY.matcher(text).find())) {
            return Optional.of("a private key");
        }
        if (awsCredentials && AWS_KEY.matcher(text).find()) {
            return Optional.of("AWS credentials");
        }
        if (json && text.contains("service_account") && text.contains("private_key") && isServiceAccountKey(bytes, length)) {
            return Optional.of("a Google Cloud service-account key");
        }
        return Optional.empty();
    }

    /** Whether the file starts as PEM and PuTTY key files do, after any blank space. */
    private static boolean startsLikeAKey(byte[] bytes, int length) {
        int i = 0;
        while (i < length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        for (byte[] start : KEY_STARTS) {
            if (Arrays.equals(bytes, i, Math.min(length, i + start.length), start, 0, start.length)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isServiceAccountKey(byte[] bytes, int length) {
        try {
            JsonNode json = Json.MAPPER.readTree(bytes, 0, length);
            return json != null && json.path("type").asText().equals("service_account") && json.hasNonNull("private_key");
        } catch (IOException e) {
            return false;
        }
    }
}
