package dev.lamb.tune;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.lamb.LambException;
import dev.lamb.config.Architecture;

/** The architectures to compare, from {@code --arch x86_64,arm64}: in the order given, each once. */
public final class ArchList {
    private ArchList() {}

    public static List<Architecture> parse(String text) {
        String spec = text == null ? "" : text.strip();
        if (spec.isEmpty()) {
            throw LambException.usage("no architecture given: write x86_64, arm64 or x86_64,arm64");
        }
        Set<Architecture> archs = new LinkedHashSet<>();
        for (String item : spec.split(",", -1)) {
            if (item.isBlank()) {
                throw LambException.usage("architecture list '" + spec + "' has an empty item: write x86_64,arm64");
            }
            archs.add(Architecture.parse(item));
        }
        return new ArrayList<>(archs);
    }
}
