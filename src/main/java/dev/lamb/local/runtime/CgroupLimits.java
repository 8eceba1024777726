package dev.lamb.local.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lambda's limits for local instances, made with Linux cgroups (v1 or v2, whichever holds each
 * controller): memory at the function's memory size with no swap, so that going over gets the process
 * OOM-killed as in Lambda, and CPU time in proportion to memory, 1,769 MB being one vCPU, up to 6.
 * Each instance gets its own group, `<hierarchy>/<lamb's own group>/lamb/<instance>`, removed when the
 * instance closes.
 */
public final class CgroupLimits implements Function<FunctionSpec, MemoryLimit> {
    /** Memory that buys one full vCPU in Lambda. */
    static final double MB_PER_VCPU = 1769.0;
    /** Lambda's most vCPUs (at 10,240 MB). */
    static final double MAX_VCPUS = 6.0;
    static final long CPU_PERIOD_US = 100_000;
    /** The kernel's smallest CFS quota. */
    private static final long MIN_QUOTA_US = 1_000;

    private final List<CgroupTree> trees;
    private final Consumer<String> notice;
    private final AtomicBoolean problemSaid = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final String prefix;

    private CgroupLimits(List<CgroupTree> trees, Consumer<String> notice) {
        this.trees = List.copyOf(trees);
        this.notice = notice;
        this.prefix = CgroupFiles.pidNamespace() + "-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * Limits for instances on this machine: one cgroup per instance when lamb can make them; otherwise
     * tells {@code notice} once, in one line, why not, and runs instances unlimited.
     */
    public static Function<FunctionSpec, MemoryLimit> forThisMachine(Consumer<String> notice) {
        Detection detection = detect(notice);
        detection.notice().ifPresent(notice);
        if (detection.limits().isEmpty()) {
            return spec -> MemoryLimit.none();
        }
        return detection.limits().get();
    }

    /** What {@link #detect(Consumer)} found: the limits when any controller is usable, and a notice when not all are. */
    record Detection(Optional<CgroupLimits> limits, Optional<String> notice) {}

    /**
     * Finds the hierarchies that hold the memory and cpu controllers and tries each for real; the limits
     * found tell {@code problems} (once) when an instance's groups cannot be made later.
     */
    static Detection detect(Consumer<String> problems) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return unavailable("this is not Linux");
        }
        CgroupMounts mounts;
        try {
            mounts = CgroupMounts.ofThisProcess();
        } catch (IOException e) {
            return unavailable("/proc/self/mountinfo cannot be read");
        }
        return detect(mounts, problems);
    }

    static Detection detect(CgroupMounts mounts, Consumer<String> notice) {
        // One tree per hierarchy, handling the controllers that hierarchy holds.
        Map<CgroupMounts.Hierarchy, Set<String>> wanted = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String controller : List.of("memory", "cpu")) {
            Optional<CgroupMounts.Hierarchy> h = mounts.forController(controller);
            if (h.isPresent()) {
                wanted.computeIfAbsent(h.get(), k -> new LinkedHashSet<>()).add(controller);
            } else {
                missing.add(controller);
            }
        }
        if (wanted.isEmpty()) {
            return unavailable("no cgroup hierarchy offers the memory or cpu controller");
        }
        List<CgroupTree> trees = new ArrayList<>();
        Set<String> reasons = new LinkedHashSet<>();
        for (Map.Entry<CgroupMounts.Hierarchy, Set<String>> entry : wanted.entrySet()) {
            try {
                trees.add(CgroupTree.prepare(entry.getKey(), entry.getValue()));
            } catch (IOException e) {
                reasons.add(e.getMessage());
                missing.addAll(entry.getValue());
            }
        }
        if (trees.isEmpty()) {
            return unavailable(String.join("; ", reasons));
        }
        CgroupLimits limits = new CgroupLimits(trees, notice);
        trees.forEach(tree -> tree.sweep(CgroupFiles.pidNamespace()));
        if (missing.isEmpty()) {
            return new Detection(Optional.of(limits), Optional.empty());
        }
        String why = reasons.isEmpty() ? "no cgroup hierarchy offers the " + String.join(" and ", missing) + " controller"
                : String.join("; ", reasons);
        String has = missing.contains("memory") ? "CPU" : "memory";
        String lacks = missing.contains("memory") ? "memory" : "CPU";
        return new Detection(Optional.of(limits), Optional.of("cgroups give lamb no " + lacks + " limit here (" + why
                + "): functions run with " + has + " limits but without " + lacks + " limits"));
    }

    private static Detection unavailable(String why) {
        return new Detection(Optional.empty(), Optional.of("cgroups are not available here (" + why
                + "): functions run without memory and CPU limits"));
    }

    /** A new instance's groups; when they cannot be made the instance runs unlimited, and that is said once. */
    @Override
    public MemoryLimit apply(FunctionSpec spec) {
        String name = prefix + sequence.incrementAndGet() + "-" + spec.name().replaceAll("[^A-Za-z0-9_.-]", "_");
        if (name.length() > 200) {
            name = name.substring(0, 200);
        }
        try {
            return new CgroupInstance(trees, name, spec.memoryMb(), this::problem);
        } catch (IOException e) {
            problem("could not make a cgroup for " + spec.name() + " (" + e.getMessage()
                    + "): it runs without memory and CPU limits");
            return MemoryLimit.none();
        }
    }

    private void problem(String message) {
        if (problemSaid.compareAndSet(false, true)) {
            notice.accept(message);
        }
    }

    /** The `lamb` parent groups instances are made in, one per hierarchy used. */
    List<Path> parents() {
        return trees.stream().map(CgroupTree::parent).toList();
    }

    /** Which controllers are limited, and where. */
    List<CgroupTree> trees() {
        return trees;
    }

    /**
     * The CFS quota for a memory size: memoryMb / 1,769 of a CPU each period, at most 6 CPUs, and at
     * least the kernel's minimum of 1 ms.
     */
    static long cpuQuotaMicros(int memoryMb, long periodUs) {
        double cpus = Math.min(MAX_VCPUS, memoryMb / MB_PER_VCPU);
        return Math.max(MIN_QUOTA_US, Math.round(cpus * periodUs));
    }

    @Override
    public String toString() {
        return "cgroup limits " + trees;
    }
}
