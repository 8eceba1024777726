package dev.lamb.local.cloud.iam;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The AWS managed policies the local IAM knows, with the document of each one's default version as AWS
 * publishes it (aws-managed-policies.json, taken from moto's copy of AWS's list): attaching them works,
 * GetPolicy and GetPolicyVersion read them, and a misspelt ARN is refused as IAM refuses it. The roles lamb
 * made in earlier versions attach AWSLambdaBasicExecutionRole and AWSXRayDaemonWriteAccess, which deploy now detaches.
 */
final class ManagedPolicies {
    private static final String RESOURCE = "aws-managed-policies.json";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final Map<String, ManagedPolicy> BY_ARN = load();

    private record Published(String arn, String defaultVersionId, String createDate, String updateDate, String document) {}

    private ManagedPolicies() {}

    static boolean exists(String policyArn) {
        return BY_ARN.containsKey(policyArn);
    }

    static Optional<ManagedPolicy> get(String policyArn) {
        return Optional.ofNullable(BY_ARN.get(policyArn));
    }

    /** All of them, ordered by name. */
    static List<ManagedPolicy> all() {
        return List.copyOf(BY_ARN.values());
    }

    /** The policy's name: the ARN's last segment. */
    static String name(String policyArn) {
        return policyArn.substring(policyArn.lastIndexOf('/') + 1);
    }

    /** The policy's path: what lies between {@code policy} and its name, e.g. {@code /service-role/}. */
    static String path(String policyArn) {
        int start = policyArn.indexOf(":policy/") + ":policy".length();
        int end = policyArn.lastIndexOf('/');
        return start < ":policy".length() || end < start ? "/" : policyArn.substring(start, end + 1);
    }

    private static Map<String, ManagedPolicy> load() {
        try (InputStream in = ManagedPolicies.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("lamb's jar lacks " + RESOURCE);
            }
            List<Published> published = new ObjectMapper().readValue(in, new TypeReference<List<Published>>() {});
            Map<String, ManagedPolicy> byArn = new LinkedHashMap<>();
            for (Published p : published) {
                var version = new ManagedPolicy.PolicyVersion(p.defaultVersionId(), p.document(), p.updateDate());
                int number = Integer.parseInt(p.defaultVersionId().substring(1));
                byArn.put(p.arn(), new ManagedPolicy(name(p.arn()), policyId(p.arn()), p.arn(), path(p.arn()), null,
                        p.createDate(), p.updateDate(), p.defaultVersionId(), List.of(version), Map.of(), number));
            }
            return byArn;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE + " from lamb's jar", e);
        }
    }

    /** A policy id of IAM's form (ANPA and 17 letters or digits), the same for an ARN every time. */
    private static String policyId(String arn) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(arn.getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder("ANPA");
            for (int i = 0; i < 17; i++) {
                id.append(ALPHANUMERIC.charAt((hash[i] & 0xff) % ALPHANUMERIC.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }
}
