package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §1: which folder each region's state is kept in, which regions a cloud opens at its start, and that a name
 * no AWS region could have (Lambda's model: [a-z]{2}(-gov)?-[a-z]+-\d) never becomes a folder.
 */
class RegionsTest {
    private final List<String> opened = new ArrayList<>();

    private Regions regions(Path data) {
        return new Regions(data, (region, dir, all) -> {
            opened.add(region + " " + data.relativize(dir));
            return new Regions.Services(null, null, null, null);
        });
    }

    @Test
    void usEast1KeepsTheDataFolderItselfAndTheOthersAFolderEachOpenedOnFirstUse(@TempDir Path data) {
        Regions regions = regions(data);
        assertEquals(List.of("us-east-1 "), opened);
        regions.of("us-west-2");
        regions.of("us-west-2");
        regions.of("us-gov-west-1");
        assertEquals(List.of("us-east-1 ", "us-west-2 regions/us-west-2", "us-gov-west-1 regions/us-gov-west-1"), opened);
        opened.clear();
        regions(data);
        assertEquals(List.of("us-east-1 ", "us-gov-west-1 regions/us-gov-west-1", "us-west-2 regions/us-west-2"),
                opened.stream().sorted().toList(), "a restart opens every region kept, so that status counts them");
    }

    @Test
    void aNameNoRegionCouldHaveIsRefusedAsAwsRefusesItsSignature(@TempDir Path data) {
        Regions regions = regions(data);
        for (String name : List.of("../../etc", "local", "US-EAST-1", "us-east-1/..", "")) {
            AwsServiceException refused = assertThrows(AwsServiceException.class, () -> regions.of(name));
            assertEquals(403, refused.status());
            assertEquals("InvalidSignatureException", refused.code());
        }
        assertEquals(List.of("us-east-1 "), opened);
    }
}
