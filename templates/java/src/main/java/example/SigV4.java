package example;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 (the IAM user guide, "Create a signed AWS API request"): the headers that sign a request with
 * an access key, its secret and, for a role's temporary credentials, a session token.
 */
final class SigV4 {
    record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {}

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /**
     * The request's headers (lower-case names) with X-Amz-Date, X-Amz-Security-Token and Authorization added. Every
     * header given is signed, and host, which the HTTP client sends from the URI.
     */
    static Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body, Credentials credentials,
            String region, String service, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        Map<String, String> signed = new TreeMap<>(headers);
        signed.put("host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        signed.put("x-amz-date", amzDate);
        if (credentials.sessionToken() != null && !credentials.sessionToken().isEmpty()) {
            signed.put("x-amz-security-token", credentials.sessionToken());
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value.strip().replaceAll("\\s+", " ")).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String canonicalRequest = String.join("\n", method, path, canonicalQuery(uri.getRawQuery()), canonicalHeaders.toString(),
                signedHeaders, hex(sha256(body)));
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = ("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8);
        for (String part : List.of(amzDate.substring(0, 8), region, service, "aws4_request")) {
            key = hmac(key, part);
        }
        signed.put("authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + hex(hmac(key, stringToSign)));
        signed.remove("host");
        return signed;
    }

    /** The query sorted by name, each part percent-encoded as RFC 3986 asks (space as %20). */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            String[] nameValue = pair.split("=", 2);
            pairs.add(escape(nameValue[0]) + "=" + escape(nameValue.length > 1 ? nameValue[1] : ""));
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static String escape(String raw) {
        String text = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
