package dev.lamb.build;

import dev.lamb.LambException;

/** Lambda's two architectures, with the names pip and Go use for them. */
enum InstructionSet {
    X86_64("x86_64", "amd64", "manylinux2014_x86_64"),
    ARM64("arm64", "arm64", "manylinux2014_aarch64");

    private final String lambdaName;
    private final String goArch;
    private final String pipPlatform;

    InstructionSet(String lambdaName, String goArch, String pipPlatform) {
        this.lambdaName = lambdaName;
        this.goArch = goArch;
        this.pipPlatform = pipPlatform;
    }

    /** Lambda's spelling ("x86_64", "arm64"); null or blank means x86_64, Lambda's default. */
    static InstructionSet parse(String text) {
        if (text == null || text.isBlank()) {
            return X86_64;
        }
        for (InstructionSet set : values()) {
            if (set.lambdaName.equalsIgnoreCase(text.trim())) {
                return set;
            }
        }
        throw LambException.usage("unknown architecture '" + text + "': choose x86_64 or arm64");
    }

    String goArch() {
        return goArch;
    }

    String pipPlatform() {
        return pipPlatform;
    }

    @Override
    public String toString() {
        return lambdaName;
    }
}
