package dev.lamb.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

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
final class SecretFiles {
    /** Always credentials, whatever they hold (.aws/ and .env are already among the default ignores). */
    static final List<String> NAMES = List.of(".ssh/", ".netrc", "_netrc", ".pgpass", ".git-credentials");

    private static final IgnoreRules BY_NAME = IgnoreRules.of(NAMES);
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----");
    /** How PEM files start: a block, or the attributes `openssl pkcs12 -nodes` writes before one. */
    private static final Pattern PEM_START = Pattern.compile("\\A\\s*(?:-----BEGIN |Bag Attributes)");
    private static final Pattern AWS_KEY = Pattern.compile("(?m)^\\s*aws_(?:secret_access_key|access_key_id)\\s*=");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretFiles() {}

    /** What the path holds, when its name alone says it holds credentials. */
    static Optional<String> byName(String path, boolean directory) {
        if (!BY_NAME.isIgnored(path, directory)) {
            return Optional.empty();
        }
        return Optional.of(directory ? "SSH keys" : "credentials");
    }

    /** What the file holds, when its content is a private key or credentials. */
    static Optional<String> byContent(String name, byte[] bytes) {
        // ISO-8859-1 maps each byte to one char, so the patterns see the bytes of any file unchanged.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.startsWith("PuTTY-User-Key-File-")
                || (PEM_START.matcher(text).lookingAt() && PRIVATE_KEY.matcher(text).find())) {
            return Optional.of("a private key");
        }
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.equals("credentials") && AWS_KEY.matcher(text).find()) {
            return Optional.of("AWS credentials");
        }
        if (base.endsWith(".json") && text.contains("service_account") && text.contains("private_key")
                && isServiceAccountKey(bytes)) {
            return Optional.of("a Google Cloud service-account key");
        }
        return Optional.empty();
    }

    private static boolean isServiceAccountKey(byte[] bytes) {
        try {
            JsonNode json = JSON.readTree(bytes);
            return json != null && json.path("type").asText().equals("service_account") && json.hasNonNull("private_key");
        } catch (IOException e) {
            return false;
        }
    }
}
