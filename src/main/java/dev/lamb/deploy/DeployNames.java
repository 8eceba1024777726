package dev.lamb.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import dev.lamb.config.ProjectConfig;

/**
 * The names of everything a deploy owns, derived from lamb.toml and the region alone, so that every
 * later deploy, status and destroy finds the same things without a state file.
 */
public record DeployNames(String function, String role, boolean roleIsLambs, String logGroup, String alias,
        String stage, String api) {
    /** The tag that marks what lamb created, with the function's name as its value. */
    public static final String TAG = "lamb:function";

    public static DeployNames of(ProjectConfig config, String region) {
        ProjectConfig.Function fn = config.function();
        boolean own = fn.role().isEmpty();
        return new DeployNames(fn.name(), own ? roleName(fn.name(), region) : fn.role(), own, fn.logGroupName(),
                config.deploy().alias(), config.api().stage(), fn.name());
    }

    /** lamb-FUNCTION-REGION, shortened with a hash to IAM's 64 characters when the function's name is long. */
    static String roleName(String function, String region) {
        String name = "lamb-" + function + "-" + region;
        if (name.length() <= 64) {
            return name;
        }
        String hash = sha256Hex(name).substring(0, 8);
        int room = 64 - "lamb-".length() - 1 - hash.length() - 1 - region.length();
        return "lamb-" + function.substring(0, room) + "-" + hash + "-" + region;
    }

    public Map<String, String> tags() {
        return Map.of(TAG, function);
    }

    /** A statement id for the API Gateway permission of one source ARN: the same id on every deploy. */
    static String statementId(String sourceArn) {
        return "lamb-apigateway-" + sha256Hex(sourceArn).substring(0, 16);
    }

    /** The statement id of one of the two permissions that make a stage's Function URL public: lamb-url-InvokeFunctionUrl... */
    static String urlStatementId(String action) {
        return "lamb-url-" + action.substring(action.indexOf(':') + 1);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
