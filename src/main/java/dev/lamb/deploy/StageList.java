package dev.lamb.deploy;

import java.util.List;

/**
 * What `lamb status` without --stage tells: each stage, from the cloud (the REST API's stages, the function's
 * aliases) and from lamb.toml (its declared stages, deployed or not), with the version its alias serves and
 * where it answers.
 */
public record StageList(String function, String region, boolean deployed, List<Stage> stages) {
    /**
     * One stage: its alias's version (null when it has no alias) and when that version was published (Lambda's
     * LastModified of the version), its URLs (empty when there is no API stage), its alias's Function URL (null when
     * none), whether lamb.toml declares it, and whether it is the default stage (api.stage).
     */
    public record Stage(String name, String version, String lastModified, List<String> urls, String functionUrl,
            boolean declared, boolean isDefault) {
        public boolean deployed() {
            return version != null;
        }
    }
}
