package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * Lambda's list markers (issue 14 §2): they resume after the last item returned, whatever was deleted in between;
 * the service model's MaxItems bounds, and at most 50 a page (the API reference for ListFunctions and
 * ListVersionsByFunction).
 */
class ListPageTest {
    private static List<ListPage.Keyed> items(String... keys) {
        return List.of(keys).stream().map(k -> new ListPage.Keyed(k, Map.<String, Object>of("Name", k))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("Items")).stream().map(m -> (String) m.get("Name")).toList();
    }

    @Test
    void deletingWhatWasListedSkipsNothing() {
        List<ListPage.Keyed> all = new ArrayList<>(items("a", "b", "c", "d", "e"));
        List<String> seen = new ArrayList<>();
        String marker = null;
        do {
            Map<String, Object> page = ListPage.of(all, marker, "2", 10000, "Items");
            List<String> names = names(page);
            seen.addAll(names);
            all.removeIf(k -> names.contains(k.key()));
            marker = (String) page.get("NextMarker");
        } while (marker != null);
        assertEquals(List.of("a", "b", "c", "d", "e"), seen);
    }

    @Test
    void aMarkerResumesAfterItsItemEvenWhenThatItemIsGone() {
        Map<String, Object> first = ListPage.of(items("a", "b", "c"), null, "1", 10000, "Items");
        Map<String, Object> rest = ListPage.of(items("b", "c"), (String) first.get("NextMarker"), null, 10000, "Items");
        assertEquals(List.of("b", "c"), names(rest));
        assertNull(rest.get("NextMarker"));
    }

    @Test
    void fiftyAPageAtMostAndTheModelsBoundsOnMaxItems() {
        List<ListPage.Keyed> many = items(IntStream.range(0, 60).mapToObj(i -> String.format("f%02d", i)).toArray(String[]::new));
        assertEquals(50, names(ListPage.of(many, null, "1000", 10000, "Items")).size());
        assertEquals("ValidationException",
                assertThrows(AwsServiceException.class, () -> ListPage.of(many, null, "51", 50, "Items")).code());
        assertEquals("ValidationException",
                assertThrows(AwsServiceException.class, () -> ListPage.of(many, null, "0", 10000, "Items")).code());
    }

    @Test
    void aMarkerThisCloudNeverHandedOutIsInvalidParameterValue() {
        for (String marker : List.of("bogus", "!!!", "MTA")) {
            AwsServiceException e = assertThrows(AwsServiceException.class, () -> ListPage.of(items("a"), marker, null, 50, "Items"));
            assertEquals(400, e.status());
            assertEquals("InvalidParameterValueException", e.code());
        }
    }
}
