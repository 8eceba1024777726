package dev.lamb.local.cloud;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 as the SDKs and the AWS CLI compute it for every service but S3 (AWS's
 * "Create a signed AWS API request" guide): the canonical request, the string to sign, and the HMAC
 * chain from the secret key through date, region and service. The cloud verifies with it; lamb's own
 * admin client signs with it.
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /**
     * The canonical request. {@code rawPath} is the path as sent (already percent-encoded); the SDKs encode
     * it once more for every service but S3. {@code headers} lists each signed header's values.
     */
    static String canonicalRequest(String method, String rawPath, String rawQuery, List<String> signedHeaders,
            Function<String, List<String>> headers, String payloadHash, String skipQueryParam) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        StringBuilder out = new StringBuilder();
        out.append(method).append('\n');
        out.append(encode(path, false)).append('\n');
        out.append(canonicalQuery(rawQuery, skipQueryParam)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = headers.apply(name);
            out.append(name).append(':').append(values == null ? "" : values.stream()
                    .map(v -> v.trim().replaceAll(" +", " ")).collect(Collectors.joining(","))).append('\n');
        }
        out.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return out.toString();
    }

    /** Query parameters decoded, encoded again strictly, and sorted by name, then value. */
    private static String canonicalQuery(String rawQuery, String skip) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, List<String>> param : LocalCloud.query(rawQuery).entrySet()) {
            if (param.getKey().equals(skip)) {
                continue;
            }
            for (String value : param.getValue()) {
                pairs.add(new String[] {encode(param.getKey(), true), encode(value, true)});
            }
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The signature of {@code stringToSign}, with a key derived from the secret for scope date/region/service. */
    static String signature(String secretKey, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    /** The X-Amz-Date and Authorization headers of a request lamb's own admin client sends, signed for us-east-1. */
    static Map<String, String> sign(LocalCloudCredentials keys, String method, String host, String rawPath, String rawQuery,
            byte[] body, String service, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        Map<String, List<String>> headers = Map.of("host", List.of(host), "x-amz-date", List.of(amzDate));
        List<String> signed = List.of("host", "x-amz-date");
        String canonical = canonicalRequest(method, rawPath, rawQuery, signed, headers::get, sha256Hex(body), null);
        String scope = date + "/us-east-1/" + service + "/aws4_request";
        String signature = signature(keys.secretAccessKey(), date, "us-east-1", service, stringToSign(amzDate, scope, canonical));
        return Map.of("X-Amz-Date", amzDate, "Authorization", ALGORITHM + " Credential=" + keys.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + String.join(";", signed) + ", Signature=" + signature);
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares in constant time, so a forger learns nothing from how long a refusal takes. */
    static boolean sameSignature(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3986 encoding: unreserved characters stay, the rest become %XX; '/' stays in paths. */
    private static String encode(String value, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
