package dev.lamb.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import dev.lamb.audit.scan.PackageScanner;

/**
 * The secret scan of a package, run by bench/secret-scan.sh: for each zip or folder, the files read, the binary ones
 * skipped, the ones read in part, the matches, and the best wall and CPU milliseconds of a few scans (the first is a
 * warm-up, as lamb audit's JVM is cold: its figure is printed too).
 *
 *   PackageScanBench RUNS PATH...
 */
public final class PackageScanBench {
    private PackageScanBench() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: PackageScanBench RUNS PATH...");
            System.exit(2);
        }
        int runs = Integer.parseInt(args[0]);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        PackageScanner scanner = new PackageScanner();
        for (int a = 1; a < args.length; a++) {
            Path path = Path.of(args[a]);
            long bestWall = Long.MAX_VALUE;
            long bestCpu = Long.MAX_VALUE;
            long firstWall = 0;
            PackageScanner.Result result = null;
            for (int run = 0; run < runs; run++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                result = Files.isDirectory(path) ? scanner.scanTree(path) : scanner.scanZip(path);
                wall = System.nanoTime() - wall;
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                firstWall = run == 0 ? wall : firstWall;
                bestWall = Math.min(bestWall, wall);
                bestCpu = Math.min(bestCpu, cpu);
            }
            System.out.printf(Locale.ROOT, "%s: %d files (%d binary, %d read in part), %d matches; first %d ms, best %d ms wall, "
                    + "%d ms CPU%n", path.getFileName(), result.files(), result.binary(), result.truncated(), result.matches().size(),
                    firstWall / 1_000_000, bestWall / 1_000_000, bestCpu / 1_000_000);
        }
    }
}
