package dev.lamb.config;

import java.util.ArrayList;
import java.util.List;

/** Settings that Lambda accepts but that cannot work as the user means them: said, not refused. */
public final class ConfigWarnings {
    /** API Gateway's integration timeout for a REST API: it answers 504 after this, whatever Lambda's timeout. */
    public static final int API_GATEWAY_TIMEOUT_SECONDS = 29;

    private ConfigWarnings() {}

    public static List<String> of(ProjectConfig config) {
        List<String> warnings = new ArrayList<>();
        int timeout = config.function().timeout();
        if (timeout > API_GATEWAY_TIMEOUT_SECONDS && !config.api().routes().isEmpty()) {
            warnings.add("timeout = " + timeout + " s, but API Gateway gives up on a request after "
                    + API_GATEWAY_TIMEOUT_SECONDS + " s (504): callers through " + config.api().routes().get(0)
                    + " never see a longer run; lower the timeout, or answer sooner and go on asynchronously");
        }
        // The one alias all stages shared before each had its own: still read, so that deploy can remove it.
        String alias = config.deploy().alias();
        if (!alias.equals("live")) {
            warnings.add("deploy.alias = \"" + alias + "\" is no longer used: each stage has its own alias, named after the stage, "
                    + "and deploy removes " + alias + " once no stage calls it; delete the key");
        }
        return warnings;
    }
}
