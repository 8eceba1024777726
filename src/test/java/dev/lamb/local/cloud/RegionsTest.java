package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §1 and review item 6: which folder each region's state is kept in (made on the region's first write), which
 * regions a cloud opens at its start, and that a name no AWS region has (botocore's endpoints.json) never becomes a folder.
 */
class RegionsTest {
    private final List<String> opened = new ArrayList<>();

    private Regions regions(Path data) {
        return new Regions(data, (region, dir, all) -> {
            opened.add(region + " " + data.relativize(dir));
            return new Regions.Services(null, null, null, null, null, null, null);
        });
    }

    @Test
    void usEast1KeepsTheDataFolderItselfAndTheOthersAFolderEachFromTheirFirstWrite(@TempDir Path data) throws IOException {
        Regions regions = regions(data);
        assertEquals(List.of("us-east-1 "), opened);
        regions.of("us-west-2");
        regions.serve("us-west-2", s -> s);
        assertFalse(Files.exists(data.resolve("regions")), "a region only read leaves no folder");
        regions.serve("us-gov-west-1", s -> write(data.resolve("regions/us-gov-west-1/kept.json")));
        assertEquals(List.of("us-east-1 ", "us-west-2 regions/us-west-2", "us-gov-west-1 regions/us-gov-west-1"), opened);
        assertTrue(regions.existing("us-gov-west-1").isPresent());
        assertTrue(regions.existing("us-west-2").isEmpty(), "a data plane finds no region that holds nothing");
        assertTrue(regions.existing("eu-west-3").isEmpty(), "nor opens one");
        opened.clear();
        regions(data);
        assertEquals(List.of("us-east-1 ", "us-gov-west-1 regions/us-gov-west-1"), opened.stream().sorted().toList(),
                "a restart opens every region kept, so that status counts them");
    }

    private static Path write(Path file) {
        try {
            return Files.writeString(file, "{}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** botocore's endpoints.json lists these regions (ISO partitions and China included); the rest are names no region has. */
    @Test
    void onlyTheRegionsAwsHasAreOpenedAsAwsRefusesASignatureScopedToAnyOther(@TempDir Path data) {
        Regions regions = regions(data);
        for (String name : List.of("../../etc", "local", "US-EAST-1", "us-east-1/..", "", "zz-qqqqqq-1", "us-east-9")) {
            AwsServiceException refused = assertThrows(AwsServiceException.class, () -> regions.of(name));
            assertEquals(403, refused.status());
            assertEquals("InvalidSignatureException", refused.code());
        }
        assertEquals(List.of("us-east-1 "), opened);
        for (String name : List.of("us-iso-east-1", "us-isob-east-1", "cn-north-1", "eu-west-3", "us-gov-east-1")) {
            regions.of(name);
        }
        assertEquals(6, opened.size());
    }
}
