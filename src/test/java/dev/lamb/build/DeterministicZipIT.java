package dev.lamb.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.RequiredTools;

/** The zip writer, checked byte by byte and by three independent readers: Info-ZIP, Python, the JDK. */
class DeterministicZipIT {
    @TempDir
    Path temp;

    /** Small and large, compressible and not, empty, executable, non-ASCII: every path through the writer. */
    private static List<ZipSource> mixedEntries() {
        Random random = new Random(42);
        byte[] noise = new byte[100_000];
        random.nextBytes(noise);
        byte[] bigNoise = new byte[9 << 20]; // above the streaming threshold, and incompressible
        random.nextBytes(bigNoise);
        byte[] bigText = "all work and no play makes a dull zip\n".repeat(260_000).getBytes(StandardCharsets.UTF_8);
        return List.of(
                entry("handler.py", "def handler(event, context):\n    return {}\n".getBytes(StandardCharsets.UTF_8), false),
                entry("bin/run", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8), true),
                entry("empty.txt", new byte[0], false),
                entry("data/noise.bin", noise, false),
                entry("data/big-noise.bin", bigNoise, false),
                entry("data/big-text.txt", bigText, false),
                entry("café/naïve.txt", "ünïcödé\n".getBytes(StandardCharsets.UTF_8), false),
                entry("a.b", "sorts before a/".getBytes(StandardCharsets.UTF_8), false),
                entry("a/z", "inside a".getBytes(StandardCharsets.UTF_8), false));
    }

    private static ZipSource entry(String name, byte[] bytes, boolean executable) {
        return new ZipSource(name, bytes.length, executable, () -> new ByteArrayInputStream(bytes));
    }

    @Test
    void theSameEntriesGiveTheSameBytesInAnyOrderOnAnyNumberOfThreads() throws Exception {
        List<ZipSource> entries = mixedEntries();
        List<ZipSource> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled, new Random(7));
        Path one = temp.resolve("one.zip");
        Path two = temp.resolve("two.zip");
        Path three = temp.resolve("three.zip");
        DeterministicZip.write(entries, one, 1);
        DeterministicZip.write(shuffled, two, 4);
        DeterministicZip.write(entries, three, 2);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(three));
    }

    @Test
    void headersHoldOnlyFixedValuesAndNoExtraFields() throws Exception {
        Path zip = temp.resolve("fixed.zip");
        long length = DeterministicZip.write(mixedEntries(), zip, 2).length();
        byte[] bytes = Files.readAllBytes(zip);
        assertEquals(length, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = bytes.length - 22;
        assertEquals(0x06054b50, b.getInt(eocd));
        assertEquals(0, b.getShort(eocd + 20), "no archive comment");
        int count = Short.toUnsignedInt(b.getShort(eocd + 10));
        int at = b.getInt(eocd + 16);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertEquals(0x02014b50, b.getInt(at));
            assertEquals(0x0314, Short.toUnsignedInt(b.getShort(at + 4)), "made by Unix, zip 2.0");
            int flags = b.getShort(at + 8);
            assertEquals(0, b.getShort(at + 12), "time 00:00:00");
            assertEquals(0x21, b.getShort(at + 14), "date 1980-01-01");
            int nameLength = b.getShort(at + 28);
            assertEquals(0, b.getShort(at + 30), "no extra field in the central directory");
            assertEquals(0, b.getShort(at + 32), "no entry comment");
            int mode = b.getInt(at + 38) >>> 16;
            int local = b.getInt(at + 42);
            String name = new String(bytes, at + 46, nameLength, StandardCharsets.UTF_8);
            names.add(name);
            assertEquals(name.equals("bin/run") ? 0100755 : 0100644, mode, name);
            assertEquals(!name.equals(new String(name.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII)),
                    (flags & 0x0800) != 0, "UTF-8 flag only on non-ASCII names: " + name);
            assertEquals(0, flags & ~0x0800, "no data descriptor or other flags: " + name);
            assertEquals(0x04034b50, b.getInt(local));
            assertEquals(0, b.getShort(local + 28), "no extra field in the local header: " + name);
            at += 46 + nameLength;
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort((x, y) -> Arrays.compareUnsigned(
                x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sorted, names, "entries in UTF-8 byte order");
        assertEquals(List.of("a.b", "a/z", "bin/run", "café/naïve.txt", "data/big-noise.bin", "data/big-text.txt",
                "data/noise.bin", "empty.txt", "handler.py"), names);
    }

    @Test
    void infoZipPythonAndTheJdkReadItBack() throws Exception {
        Path unzip = RequiredTools.require("unzip");
        Path zipinfo = RequiredTools.require("zipinfo");
        Path python = RequiredTools.require("python3");
        Path zip = temp.resolve("read.zip");
        List<ZipSource> entries = mixedEntries();
        DeterministicZip.write(entries, zip, 2);

        Command test = Command.run(temp, unzip.toString(), "-t", zip.toString());
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("No errors detected"), test.output());

        Command listing = Command.run(temp, zipinfo.toString(), zip.toString());
        assertTrue(listing.output().lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" bin/run")), listing.output());
        assertTrue(listing.output().lines().anyMatch(l -> l.startsWith("-rw-r--r--") && l.endsWith(" handler.py")), listing.output());
        assertTrue(listing.output().contains("80-Jan-01 00:00"), listing.output());
        // Both large entries were streamed; the incompressible one was then rewritten stored.
        assertTrue(listing.output().lines().anyMatch(l -> l.contains(" stor ") && l.endsWith(" data/big-noise.bin")), listing.output());
        assertTrue(listing.output().lines().anyMatch(l -> l.contains(" defN ") && l.endsWith(" data/big-text.txt")), listing.output());

        Command verbose = Command.run(temp, zipinfo.toString(), "-v", zip.toString());
        Matcher extra = Pattern.compile("length of extra field:\\s+(\\d+) bytes").matcher(verbose.output());
        int fields = 0;
        while (extra.find()) {
            assertEquals("0", extra.group(1), verbose.output());
            fields++;
        }
        assertEquals(entries.size(), fields);
        assertTrue(verbose.output().contains("Unix"), verbose.output());
        assertFalse(verbose.output().contains("extended local header: yes"), "no data descriptors");
        assertTrue(verbose.output().contains("compression method:                             none (stored)"), "incompressible data is stored");
        assertTrue(verbose.output().contains("compression method:                             deflated"));

        Command py = Command.python(python, """
                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1]) as z:
                    assert z.testzip() is None
                    for i in z.infolist():
                        assert i.date_time == (1980, 1, 1, 0, 0, 0), i
                        assert i.create_system == 3, i
                        assert i.extra == b'', i
                    print(len(z.infolist()), z.read('café/naïve.txt').decode())
                """, zip.toString());
        assertEquals(0, py.exitCode(), py.output());
        assertEquals("9 ünïcödé", py.output().strip());

        try (ZipFile jdk = new ZipFile(zip.toFile())) {
            for (ZipSource source : entries) {
                ZipEntry entry = jdk.getEntry(source.name());
                try (var in = jdk.getInputStream(entry); var expected = source.content().open()) {
                    assertArrayEquals(expected.readAllBytes(), in.readAllBytes(), source.name());
                }
            }
        }
    }

    @Test
    void moreThan65535EntriesGetTheZip64EndRecordsThatReadersUnderstand() throws Exception {
        Path unzip = RequiredTools.require("unzip");
        Path python = RequiredTools.require("python3");
        List<ZipSource> entries = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            entries.add(entry(String.format("f/%05d", i), ("file " + i).getBytes(StandardCharsets.UTF_8), false));
        }
        Path zip = temp.resolve("many.zip");
        DeterministicZip.write(entries, zip, 2);

        Command test = Command.run(temp, unzip.toString(), "-tq", zip.toString());
        assertEquals(0, test.exitCode(), test.output());
        Command py = Command.python(python, "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                + "print(len(z.namelist()), z.read('f/69999').decode())", zip.toString());
        assertEquals("70000 file 69999", py.output().strip());
        try (ZipFile jdk = new ZipFile(zip.toFile())) {
            assertEquals(70_000, jdk.size());
        }
    }

    @Test
    void refusesTwoEntriesWithOneName() {
        List<ZipSource> twice = List.of(entry("a.txt", new byte[1], false), entry("a.txt", new byte[2], false));
        assertThrows(IllegalArgumentException.class, () -> DeterministicZip.write(twice, temp.resolve("x.zip"), 1));
    }

    /**
     * Issue 11 (5): `lamb deploy > deploy.log` in the project folder failed with "deploy.log changed
     * while it was being zipped". The zip now holds the bytes read, whatever size was listed, on both
     * the in-memory path and the streamed one (sources listed above 8 MB), and unzips to them.
     */
    @Test
    void anEntryThatGrowsOrShrinksAfterListingIsZippedAsRead() throws Exception {
        byte[] grown = "longer than it was when listed".getBytes(StandardCharsets.UTF_8);
        byte[] shrunk = "short".getBytes(StandardCharsets.UTF_8);
        byte[] bigGrown = "a line of a log that keeps growing\n".repeat(300_000).getBytes(StandardCharsets.UTF_8);
        List<ZipSource> changed = List.of(
                new ZipSource("grown.log", 5, false, () -> new ByteArrayInputStream(grown)),
                new ZipSource("shrunk.txt", 5_000, false, () -> new ByteArrayInputStream(shrunk)),
                new ZipSource("big.log", 9 << 20, false, () -> new ByteArrayInputStream(bigGrown)),
                new ZipSource("small-then-big.log", 10, false, () -> new ByteArrayInputStream(bigGrown)));
        Path zip = temp.resolve("changed.zip");
        DeterministicZip.Written written = DeterministicZip.write(changed, zip, 2);
        assertEquals(grown.length + shrunk.length + 2L * bigGrown.length, written.unzipped());
        try (ZipFile jdk = new ZipFile(zip.toFile())) {
            assertArrayEquals(grown, jdk.getInputStream(jdk.getEntry("grown.log")).readAllBytes());
            assertArrayEquals(shrunk, jdk.getInputStream(jdk.getEntry("shrunk.txt")).readAllBytes());
            assertArrayEquals(bigGrown, jdk.getInputStream(jdk.getEntry("big.log")).readAllBytes());
            assertArrayEquals(bigGrown, jdk.getInputStream(jdk.getEntry("small-then-big.log")).readAllBytes());
        }
        Path again = temp.resolve("again.zip");
        DeterministicZip.write(changed, again, 1);
        assertArrayEquals(Files.readAllBytes(zip), Files.readAllBytes(again), "the same bytes read give the same zip");
    }

    /** Each source is opened once: a second read could see other bytes than the first. */
    @Test
    void readsEachSourceOnceEvenWhenALargeEntryEndsUpStored() throws Exception {
        byte[] noise = new byte[9 << 20];
        new Random(3).nextBytes(noise);
        AtomicInteger opens = new AtomicInteger();
        List<ZipSource> sources = List.of(new ZipSource("noise.bin", noise.length, false, () -> {
            opens.incrementAndGet();
            return new ByteArrayInputStream(noise);
        }));
        Path zip = temp.resolve("once.zip");
        DeterministicZip.write(sources, zip, 1);
        assertEquals(1, opens.get());
        try (ZipFile jdk = new ZipFile(zip.toFile())) {
            ZipEntry entry = jdk.getEntry("noise.bin");
            assertEquals(ZipEntry.STORED, entry.getMethod(), "incompressible data is stored");
            assertArrayEquals(noise, jdk.getInputStream(entry).readAllBytes());
        }
        try (var left = Files.list(temp)) {
            assertEquals(List.of(zip), left.toList(), "no spool file left behind");
        }
    }

    /**
     * Issue 15 (6), the S3 deploy bench: deflating already-compressed data was most of a 120 MB package's time. An
     * entry of at least 256 KiB whose first 64 KiB do not deflate is stored without trying the rest, on the in-memory
     * path and the streamed one alike (so the same bytes give the same zip whatever size was listed); smaller ones, and
     * ones that start compressible, are deflated as before.
     */
    @Test
    void anEntryThatStartsAlreadyCompressedIsStoredWithoutDeflatingTheRest() throws Exception {
        byte[] noiseThenZeros = new byte[2 << 20];
        new Random(5).nextBytes(noiseThenZeros);
        Arrays.fill(noiseThenZeros, 64 << 10, noiseThenZeros.length, (byte) 0);
        byte[] smallNoiseThenZeros = Arrays.copyOf(noiseThenZeros, (256 << 10) - 1);
        byte[] zerosThenNoise = new byte[2 << 20];
        new Random(6).nextBytes(zerosThenNoise);
        Arrays.fill(zerosThenNoise, 0, 1 << 20, (byte) 0);
        List<ZipSource> listedSmall = List.of(entry("noise-then-zeros.bin", noiseThenZeros, false),
                entry("small.bin", smallNoiseThenZeros, false), entry("zeros-then-noise.bin", zerosThenNoise, false));
        List<ZipSource> listedLarge = listedSmall.stream()
                .map(e -> new ZipSource(e.name(), 9 << 20, e.executable(), e.content())).toList();
        Path inMemory = temp.resolve("in-memory.zip");
        Path streamed = temp.resolve("streamed.zip");
        DeterministicZip.write(listedSmall, inMemory, 2);
        DeterministicZip.write(listedLarge, streamed, 2);
        assertArrayEquals(Files.readAllBytes(inMemory), Files.readAllBytes(streamed));
        try (ZipFile jdk = new ZipFile(streamed.toFile())) {
            assertEquals(ZipEntry.STORED, jdk.getEntry("noise-then-zeros.bin").getMethod());
            assertEquals(ZipEntry.DEFLATED, jdk.getEntry("small.bin").getMethod());
            assertEquals(ZipEntry.DEFLATED, jdk.getEntry("zeros-then-noise.bin").getMethod());
            assertArrayEquals(noiseThenZeros, jdk.getInputStream(jdk.getEntry("noise-then-zeros.bin")).readAllBytes());
            assertArrayEquals(zerosThenNoise, jdk.getInputStream(jdk.getEntry("zeros-then-noise.bin")).readAllBytes());
        }
    }

    @Test
    void aSourceDeletedBeforeItIsReadIsLeftOutAndNoted() throws Exception {
        LeftOut leftOut = new LeftOut(null);
        List<ZipSource> sources = List.of(entry("kept.txt", "here".getBytes(StandardCharsets.UTF_8), false),
                new ZipSource("gone.txt", 4, false, () -> { throw new NoSuchFileException("gone.txt"); }),
                new ZipSource("gone-big.bin", 9 << 20, false, () -> { throw new NoSuchFileException("gone-big.bin"); }));
        Path zip = temp.resolve("vanished.zip");
        assertEquals(1, DeterministicZip.write(sources, zip, 2, leftOut).entries());
        assertEquals(List.of("gone-big.bin", "gone.txt"), leftOut.all().stream().map(PackageResult.Omitted::path).toList());
        try (ZipFile jdk = new ZipFile(zip.toFile())) {
            assertEquals(1, jdk.size());
        }
    }

    /**
     * Small entries are read in batches; one that cannot be read fails the zip only after the entries listed before it,
     * in the same batch, were written or noted, as when each was read alone: the note for the deleted one is given.
     */
    @Test
    void anUnreadableEntryFailsTheZipAfterTheEntriesBeforeIt() {
        LeftOut leftOut = new LeftOut(null);
        List<ZipSource> sources = List.of(new ZipSource("a-gone.txt", 4, false, () -> { throw new NoSuchFileException("a-gone.txt"); }),
                new ZipSource("b-unreadable.txt", 4, false, () -> { throw new IOException("b-unreadable.txt: Permission denied"); }),
                entry("c-kept.txt", "here".getBytes(StandardCharsets.UTF_8), false));
        IOException failure = assertThrows(IOException.class, () -> DeterministicZip.write(sources, temp.resolve("failed.zip"), 2, leftOut));
        assertEquals("b-unreadable.txt: Permission denied", failure.getMessage());
        assertEquals(List.of("a-gone.txt"), leftOut.all().stream().map(PackageResult.Omitted::path).toList());
    }

    /** Issue 11 (5): a project file deleted after the walk listed it is left out and noted, not a failure. */
    @Test
    void aListedFileDeletedBeforeZippingIsLeftOut() throws Exception {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("handler.py"), "def handler(event, context):\n    return {}\n");
        Files.writeString(project.resolve("scratch.tmp"), "an editor's swap file");
        LeftOut leftOut = new LeftOut(IgnoreRules.none());
        List<ZipSource> listed = SourceTree.collect(project, "", "the project", IgnoreRules.none(), Set.of(), leftOut);
        assertEquals(2, listed.size());
        Files.delete(project.resolve("scratch.tmp"));
        Path zip = temp.resolve("out.zip");
        assertEquals(1, DeterministicZip.write(listed, zip, 2, leftOut).entries());
        assertEquals(List.of(new PackageResult.Omitted("scratch.tmp", "deleted while lamb was packaging")), leftOut.all());
    }
}
