package dev.lamb.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.lambda.InvocationResult;
import dev.lamb.testing.RequiredTools;

/**
 * Lambda's memory and CPU limits with real cgroups and real processes. Where cgroups cannot be used
 * (not root, read-only, no controllers) the tests that need them skip, except under LAMB_TEST_STRICT=1.
 */
class CgroupLimitsIT {

    // ---- pure parts -------------------------------------------------------------------------------

    @Test
    void cpuIsInProportionToMemoryAsInLambda() {
        assertEquals(7_236, CgroupLimits.cpuQuotaMicros(128, 100_000)); // ~7% of a CPU
        assertEquals(57_886, CgroupLimits.cpuQuotaMicros(1_024, 100_000));
        assertEquals(100_000, CgroupLimits.cpuQuotaMicros(1_769, 100_000)); // one vCPU
        assertEquals(200_000, CgroupLimits.cpuQuotaMicros(3_538, 100_000));
        assertEquals(578_858, CgroupLimits.cpuQuotaMicros(10_240, 100_000)); // 5.79 vCPUs
        assertEquals(600_000, CgroupLimits.cpuQuotaMicros(20_000, 100_000)); // capped at 6
        assertEquals(1_000, CgroupLimits.cpuQuotaMicros(1, 100_000)); // the kernel's minimum
    }

    @Test
    void findsV1HierarchiesAndOwnGroups() throws Exception {
        CgroupMounts mounts = fixture("v1", "");
        CgroupMounts.Hierarchy memory = mounts.forController("memory").orElseThrow();
        assertEquals(1, memory.version());
        assertEquals(Path.of("/sys/fs/cgroup/memory/process_api/766544d90173403bfa8a6a956c714ead"), memory.ownDir());
        CgroupMounts.Hierarchy cpu = mounts.forController("cpu").orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/cpu"), cpu.ownDir());
        assertFalse(cpu.readOnly());
        // cpu, cpuacct, memory and the v2 mount; name=systemd holds no controller
        assertEquals(4, mounts.hierarchies().size());
        assertEquals(Set.of(), mounts.hierarchies().get(3).controllers());
    }

    @Test
    void findsTheV2HierarchyWhenItHoldsTheControllers() throws Exception {
        CgroupMounts mounts = fixture("v2", "cpuset cpu io memory hugetlb pids rdma misc");
        CgroupMounts.Hierarchy memory = mounts.forController("memory").orElseThrow();
        assertEquals(2, memory.version());
        assertEquals(memory, mounts.forController("cpu").orElseThrow());
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope"), memory.ownDir());
        assertEquals(Path.of("/sys/fs/cgroup"), memory.mountPoint());
    }

    @Test
    void aContainersOwnGroupIsItsMountAndReadOnlyIsSeen() throws Exception {
        CgroupMounts mounts = fixture("docker-v1", "");
        CgroupMounts.Hierarchy cpu = mounts.forController("cpu").orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), cpu.ownDir());
        assertTrue(cpu.readOnly());
        CgroupLimits.Detection detection = CgroupLimits.detect(mounts, message -> {});
        assertTrue(detection.limits().isEmpty());
        assertEquals("cgroups are not available here (/sys/fs/cgroup/memory is mounted read-only; "
                + "/sys/fs/cgroup/cpu,cpuacct is mounted read-only): functions run without memory and CPU limits",
                detection.notice().orElseThrow());
    }

    @Test
    void saysOnceInOneLineWhenThereAreNoControllers() throws Exception {
        CgroupLimits.Detection detection = CgroupLimits.detect(fixture("no-cgroup", ""), message -> {});
        assertTrue(detection.limits().isEmpty());
        assertEquals("cgroups are not available here (no cgroup hierarchy offers the memory or cpu controller): "
                + "functions run without memory and CPU limits", detection.notice().orElseThrow());
    }

    @Test
    void aDirectoryThatIsNotCgroupfsIsTriedAndRefused(@TempDir Path fake) throws Exception {
        // mounted where a plain directory is: making groups works, limiting them does not
        String mountinfo = "35 31 0:32 / " + fake + " rw,relatime - cgroup cgroup rw,memory,cpu";
        CgroupMounts mounts = CgroupMounts.parse(List.of(mountinfo), List.of("4:memory,cpu:/"), p -> "");
        CgroupLimits.Detection detection = CgroupLimits.detect(mounts, message -> {});
        assertTrue(detection.limits().isEmpty());
        String notice = detection.notice().orElseThrow();
        assertTrue(notice.startsWith("cgroups are not available here (" + fake + "/lamb/"), notice);
        assertTrue(notice.endsWith("memory.limit_in_bytes does not exist): functions run without memory and CPU limits"),
                notice);
        assertFalse(notice.contains("\n"));
        try (Stream<Path> left = Files.list(fake.resolve("lamb"))) {
            assertEquals(0, left.count(), "the probe group is removed");
        }
    }

    // ---- real cgroups, plain processes ------------------------------------------------------------

    @Test
    void aProcessOverItsMemoryIsKilledAndTheKillIsSeen() throws Exception {
        Path python = RequiredTools.require("python3");
        CgroupLimits limits = requireCgroups();
        CgroupInstance instance = (CgroupInstance) limits.apply(spec("cg-direct-" + shortId(), 128));
        List<Path> groups = instance.groups();
        assertEquals(limits.parents().size(), groups.size());
        groups.forEach(group -> assertTrue(Files.isDirectory(group), group + " exists"));
        try {
            // each waits a moment first, so that it is in the group before it allocates
            Process small = start(python, "import time; time.sleep(0.2); b = b'x' * (40 << 20)");
            instance.attach(small.pid());
            assertEquals(0, small.waitFor());
            assertFalse(instance.killedForMemory());
            OptionalLong peak = instance.peakKb();
            assertTrue(peak.isPresent() && peak.getAsLong() >= 40 * 1024, "peak " + peak);

            Process big = start(python, "import time; time.sleep(0.2); b = b'x' * (300 << 20)");
            instance.attach(big.pid());
            assertEquals(137, big.waitFor(), "killed by SIGKILL");
            assertTrue(instance.killedForMemory());
            assertTrue(instance.peakKb().getAsLong() <= 128 * 1024 + 1024, "peak " + instance.peakKb());
        } finally {
            instance.close();
        }
        groups.forEach(group -> assertFalse(Files.exists(group), group + " removed"));
    }

    @Test
    void closeKillsWhatTheFunctionLeftRunning() throws Exception {
        Path python = RequiredTools.require("python3");
        CgroupLimits limits = requireCgroups();
        CgroupInstance instance = (CgroupInstance) limits.apply(spec("cg-straggler-" + shortId(), 256));
        // the process starts a child that outlives it, as a handler's subprocess may
        Process parent = start(python, "import subprocess, time\n"
                + "p = subprocess.Popen(['sleep', '300'])\nprint(p.pid, flush=True)\ntime.sleep(300)");
        instance.attach(parent.pid());
        long child = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.US_ASCII)).readLine().trim());
        parent.destroyForcibly().waitFor();
        assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "child still runs");
        instance.close();
        // killed; it was orphaned, so it is gone once init reaps it
        long until = System.nanoTime() + 5_000_000_000L;
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "child killed");
        instance.groups().forEach(group -> assertFalse(Files.exists(group), group + " removed"));
    }

    // ---- real cgroups, through the engine ---------------------------------------------------------

    @Test
    void lessMemoryMeansLessCpu() throws Exception {
        RequiredTools.require("python3");
        Function<FunctionSpec, MemoryLimit> limits = forThisMachine();
        String id = shortId();
        FunctionSpec small = spec("cg-cpu-small-" + id, 128);
        FunctionSpec large = spec("cg-cpu-large-" + id, 1_024);
        byte[] burn = "{\"burn\": 8000000}".getBytes(StandardCharsets.UTF_8);
        double smallMs = Double.MAX_VALUE;
        double largeMs = Double.MAX_VALUE;
        try (LocalEngine engine = new LocalEngine(2, Duration.ofMinutes(5), limits)) {
            invokeOk(engine, small, "{}");
            invokeOk(engine, large, "{}");
            for (int i = 0; i < 2; i++) {
                largeMs = Math.min(largeMs, invokeOk(engine, large, burn).report().durationMs());
                smallMs = Math.min(smallMs, invokeOk(engine, small, burn).report().durationMs());
            }
        }
        System.out.printf("CPU-bound handler: %.0f ms at 128 MB, %.0f ms at 1024 MB (%.1fx)%n", smallMs, largeMs,
                smallMs / largeMs);
        assertTrue(smallMs / largeMs > 3, "128 MB took " + smallMs + " ms, 1024 MB took " + largeMs + " ms");
    }

    @Test
    void aFunctionOverItsMemoryIsOutOfMemoryAndTheNextInvocationWorks() throws Exception {
        RequiredTools.require("python3");
        Function<FunctionSpec, MemoryLimit> limits = forThisMachine();
        FunctionSpec spec = spec("cg-oom-" + shortId(), 128);
        try (LocalEngine engine = new LocalEngine(2, Duration.ofMinutes(5), limits)) {
            InvocationResult oom = engine.invoke(spec, "{\"allocateMb\": 300}".getBytes(StandardCharsets.UTF_8));
            assertTrue(oom.failed(), oom.payloadText());
            assertEquals("Unhandled", oom.functionError());
            assertTrue(oom.payloadText().startsWith("{\"errorType\":\"Runtime.OutOfMemory\",\"errorMessage\":\"RequestId: "
                    + oom.requestId() + " Error: Runtime exited with error: signal: killed\"}"), oom.payloadText());
            assertEquals("error", oom.report().status());
            assertEquals("Runtime.OutOfMemory", oom.report().errorType());
            assertTrue(oom.report().text().contains("\tStatus: error\tError Type: Runtime.OutOfMemory\t"),
                    oom.report().text());
            assertTrue(oom.report().maxMemoryUsedMb() >= 120 && oom.report().maxMemoryUsedMb() <= 129,
                    oom.report().text());

            InvocationResult next = invokeOk(engine, spec, "{\"allocateMb\": 10}");
            assertEquals("{\"allocatedMb\": 10}", next.payloadText());
            assertTrue(next.report().cold(), "a new instance replaced the killed one");
        }
    }

    @Test
    void maxMemoryUsedIsTheGroupsPeak() throws Exception {
        RequiredTools.require("python3");
        Function<FunctionSpec, MemoryLimit> limits = forThisMachine();
        FunctionSpec spec = spec("cg-peak-" + shortId(), 256);
        try (LocalEngine engine = new LocalEngine(2, Duration.ofMinutes(5), limits)) {
            InvocationResult first = invokeOk(engine, spec, "{}");
            assertTrue(first.report().maxMemoryUsedMb() < 60, first.report().text());
            InvocationResult result = invokeOk(engine, spec, "{\"allocateMb\": 60}");
            int used = result.report().maxMemoryUsedMb();
            assertTrue(used >= 60 && used < 256, result.report().text());
        }
    }

    @Test
    void groupsAreRemovedWhenTheEngineCloses() throws Exception {
        RequiredTools.require("python3");
        Function<FunctionSpec, MemoryLimit> limits = forThisMachine();
        List<Path> parents = ((CgroupLimits) limits).parents();
        String name = "cg-close-" + shortId();
        FunctionSpec spec = spec(name, 512);
        try (LocalEngine engine = new LocalEngine(2, Duration.ofMinutes(5), limits)) {
            invokeOk(engine, spec, "{}");
            for (Path parent : parents) {
                assertEquals(1, groupsNamed(parent, name).size(), "one group for the instance in " + parent);
            }
        }
        for (Path parent : parents) {
            assertEquals(List.of(), groupsNamed(parent, name), "left in " + parent);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The cgroup limits of this machine, or a skip (a failure under LAMB_TEST_STRICT=1) when there are none. */
    private static CgroupLimits requireCgroups() {
        List<String> notices = new ArrayList<>();
        CgroupLimits.Detection detection = CgroupLimits.detect(notices::add);
        if (detection.limits().isEmpty() || detection.notice().isPresent()) {
            unavailable(detection.notice().orElse("no cgroup limits"));
        }
        return detection.limits().get();
    }

    /** {@link CgroupLimits#forThisMachine} as the engine gets it; skips when it gives no cgroups. */
    private static Function<FunctionSpec, MemoryLimit> forThisMachine() {
        List<String> notices = new ArrayList<>();
        Function<FunctionSpec, MemoryLimit> limits = CgroupLimits.forThisMachine(notices::add);
        if (!(limits instanceof CgroupLimits) || !notices.isEmpty()) {
            unavailable(String.join(" ", notices));
        }
        assertTrue(notices.size() <= 1, "at most one notice: " + notices);
        return limits;
    }

    private static void unavailable(String why) {
        if ("1".equals(System.getenv("LAMB_TEST_STRICT"))) {
            throw new AssertionError(why + ", and LAMB_TEST_STRICT=1 forbids skipping (CI runs as root with cgroups)");
        }
        Assumptions.abort(why + "; skipping");
    }

    private static CgroupMounts fixture(String name, String v2Controllers) throws IOException, URISyntaxException {
        Path dir = Path.of(CgroupLimitsIT.class.getResource("/functions/cgroup/proc").toURI());
        return CgroupMounts.parse(Files.readAllLines(dir.resolve(name + "-mountinfo.txt")),
                Files.exists(dir.resolve(name + "-cgroup.txt")) ? Files.readAllLines(dir.resolve(name + "-cgroup.txt"))
                        : List.of(),
                mountPoint -> v2Controllers);
    }

    private static FunctionSpec spec(String name, int memoryMb) throws URISyntaxException {
        Path taskRoot = Path.of(CgroupLimitsIT.class.getResource("/functions/cgroup/task").toURI());
        return new FunctionSpec(name, "python3.13", "handler.handler", taskRoot, memoryMb, 30, Map.of(), "us-east-1",
                FunctionSpec.LogFormat.TEXT);
    }

    private static InvocationResult invokeOk(LocalEngine engine, FunctionSpec spec, String event) {
        return invokeOk(engine, spec, event.getBytes(StandardCharsets.UTF_8));
    }

    private static InvocationResult invokeOk(LocalEngine engine, FunctionSpec spec, byte[] event) {
        InvocationResult result = engine.invoke(spec, event);
        assertFalse(result.failed(), () -> result.payloadText() + "\n" + result.logText());
        return result;
    }

    private static Process start(Path python, String code) throws IOException {
        return new ProcessBuilder(python.toString(), "-c", code).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static List<String> groupsNamed(Path parent, String functionName) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            return children.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-" + functionName)).toList();
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
