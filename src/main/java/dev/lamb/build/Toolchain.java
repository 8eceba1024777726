package dev.lamb.build;

/** Whether a build tool is on this machine's PATH, found as the builders find it. */
public final class Toolchain {
    private Toolchain() {}

    public static boolean onPath(String tool) {
        return Tools.fromEnvironment().find(tool).isPresent();
    }
}
