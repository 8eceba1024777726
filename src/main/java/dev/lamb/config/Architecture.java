package dev.lamb.config;

import dev.lamb.LambException;

/** Lambda's two instruction set architectures, with the names Go and pip give them. */
public enum Architecture {
    X86_64("x86_64", "amd64", "manylinux2014_x86_64"),
    ARM64("arm64", "arm64", "manylinux2014_aarch64");

    private final String id;
    private final String goArch;
    private final String pipPlatform;

    Architecture(String id, String goArch, String pipPlatform) {
        this.id = id;
        this.goArch = goArch;
        this.pipPlatform = pipPlatform;
    }

    /** Lambda's spelling ("x86_64", "arm64"); null or blank means x86_64, Lambda's default. */
    public static Architecture parse(String text) {
        if (text == null || text.isBlank()) {
            return X86_64;
        }
        for (Architecture a : values()) {
            if (a.id.equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw LambException.usage("unknown architecture '" + text + "': choose x86_64 or arm64");
    }

    public String id() {
        return id;
    }

    public String goArch() {
        return goArch;
    }

    public String pipPlatform() {
        return pipPlatform;
    }

    @Override
    public String toString() {
        return id;
    }
}
