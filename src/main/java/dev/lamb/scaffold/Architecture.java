package dev.lamb.scaffold;

import dev.lamb.LambException;

/** Lambda's instruction set architectures, spelled as Lambda spells them. */
public enum Architecture {
    X86_64("x86_64"),
    ARM64("arm64");

    private final String id;

    Architecture(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Architecture parse(String text) {
        for (Architecture a : values()) {
            if (a.id.equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw LambException.usage("unknown architecture '" + text + "': choose x86_64 or arm64");
    }

    @Override
    public String toString() {
        return id;
    }
}
