package dev.lamb.local.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One instance's groups, one in each hierarchy lamb uses (v1 has memory and cpu apart; v2 has one group
 * for both): its memory and CPU limits, the peak memory they measured and whether the kernel killed it
 * for memory.
 */
final class CgroupInstance implements MemoryLimit {
    private final List<CgroupTree> trees;
    private final List<Path> groups;
    private final Path memoryGroup;
    private final int memoryVersion;
    /** The peak's file, read on every invocation: kept open. */
    private final KeptOpenFile peakFile;
    private final Consumer<String> problem;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Makes and limits the groups; on failure removes what it made. */
    CgroupInstance(List<CgroupTree> trees, String name, int memoryMb, Consumer<String> problem) throws IOException {
        this.trees = List.copyOf(trees);
        this.problem = problem;
        List<Path> made = new ArrayList<>();
        Path memory = null;
        int version = 0;
        try {
            for (CgroupTree tree : trees) {
                Path group = tree.create(name);
                made.add(group);
                tree.limit(group, memoryMb);
                if (tree.has("memory")) {
                    memory = group;
                    version = tree.version();
                }
            }
        } catch (IOException e) {
            made.forEach(CgroupTree::remove);
            throw e;
        }
        this.groups = List.copyOf(made);
        this.memoryGroup = memory;
        this.memoryVersion = version;
        this.peakFile = memory == null ? null
                : new KeptOpenFile(memory.resolve(version == 1 ? "memory.max_usage_in_bytes" : "memory.peak"));
    }

    /** The instance's group directories (for tests and diagnostics). */
    List<Path> groups() {
        return groups;
    }

    @Override
    public void attach(long pid) {
        for (int i = 0; i < groups.size(); i++) {
            Path group = groups.get(i);
            // cgroup.procs moves the whole process (all its threads); v1's tasks moves one thread.
            try {
                CgroupFiles.write(group.resolve("cgroup.procs"), Long.toString(pid));
            } catch (IOException e) {
                if (ProcessHandle.of(pid).isEmpty()) {
                    return; // it already exited: nothing to limit
                }
                if (trees.get(i).version() != 1 || !CgroupFiles.tryWrite(group.resolve("tasks"), Long.toString(pid))) {
                    problem.accept("could not put process " + pid + " in " + group + " ("
                            + CgroupFiles.why(e, group.resolve("cgroup.procs")) + "): it runs without "
                            + String.join(" and ", trees.get(i).controllers()) + " limits");
                }
            }
        }
    }

    @Override
    public OptionalLong peakKb() {
        if (memoryGroup == null) {
            return OptionalLong.empty();
        }
        OptionalLong bytes;
        try {
            bytes = CgroupFiles.parseLong(peakFile.read());
        } catch (IOException e) {
            bytes = OptionalLong.empty();
        }
        if (bytes.isEmpty() || bytes.getAsLong() <= 0 || bytes.getAsLong() == Long.MAX_VALUE) {
            return OptionalLong.empty();
        }
        return OptionalLong.of((bytes.getAsLong() + 1023) / 1024);
    }

    @Override
    public boolean killedForMemory() {
        if (memoryGroup == null) {
            return false;
        }
        if (memoryVersion == 2) {
            return CgroupFiles.readKeyed(memoryGroup.resolve("memory.events"), "oom_kill").orElse(0) > 0;
        }
        Path control = memoryGroup.resolve("memory.oom_control");
        OptionalLong kills = CgroupFiles.readKeyed(control, "oom_kill");
        if (kills.isPresent()) {
            return kills.getAsLong() > 0;
        }
        // Kernels before 4.13 do not count kills: the group being in OOM, or having hit its limit with
        // memory and swap together, is the sign.
        return CgroupFiles.readKeyed(control, "under_oom").orElse(0) > 0
                || CgroupFiles.readLong(memoryGroup.resolve("memory.memsw.failcnt")).orElse(0) > 0;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (peakFile != null) {
            peakFile.close();
        }
        for (Path group : groups) {
            if (!CgroupTree.remove(group)) {
                problem.accept("could not remove " + group + ": processes the function started are still in it");
            }
        }
    }
}
