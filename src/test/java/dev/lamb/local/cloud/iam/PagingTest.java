package dev.lamb.local.cloud.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * IAM's markers (issue 14 §2): a page resumes after the last item returned, whatever was deleted meanwhile; a
 * marker IAM did not issue, or issued for another listing, answers 400 InvalidInput "Invalid Marker.".
 */
class PagingTest {
    private static Map<String, String> params(Integer max, String marker) {
        Map<String, String> p = new HashMap<>();
        if (max != null) {
            p.put("MaxItems", max.toString());
        }
        if (marker != null) {
            p.put("Marker", marker);
        }
        return p;
    }

    @Test
    void resumesAfterTheLastItemEvenWhenItemsBeforeItAreGone() {
        Paging.Page<String> first = Paging.page("ListRoles", List.of("a", "b", "c", "d", "e"), s -> s, params(2, null));
        assertEquals(List.of("a", "b"), first.items());
        // a, b and c deleted meanwhile: an index marker (2) would skip d.
        Paging.Page<String> second = Paging.page("ListRoles", List.of("d", "e"), s -> s, params(2, first.nextMarker()));
        assertEquals(List.of("d", "e"), second.items());
        assertNull(second.nextMarker());
    }

    @Test
    void followsTheListingsOwnOrder() {
        Comparator<String> newestFirst = Comparator.comparingInt((String v) -> Integer.parseInt(v.substring(1))).reversed();
        List<String> versions = List.of("v12", "v11", "v3", "v1");
        Paging.Page<String> first = Paging.page("ListPolicyVersions", versions, s -> s, newestFirst, params(2, null));
        assertEquals(List.of("v12", "v11"), first.items());
        assertEquals(List.of("v3", "v1"),
                Paging.page("ListPolicyVersions", versions, s -> s, newestFirst, params(2, first.nextMarker())).items());
    }

    @Test
    void refusesAMarkerItDidNotIssueForThatListing() {
        String rolesMarker = Paging.page("ListRoles", List.of("a", "b"), s -> s, params(1, null)).nextMarker();
        for (String marker : List.of("2", "not base64!", rolesMarker)) {
            AwsServiceException e = assertThrows(AwsServiceException.class,
                    () -> Paging.page("ListPolicies", List.of("a"), s -> s, params(null, marker)));
            assertEquals(400, e.status());
            assertEquals("InvalidInput", e.code());
            assertEquals("Invalid Marker.", e.getMessage());
        }
    }
}
