package dev.lamb.local.cloud.lambda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lamb.local.cloud.PageAfter;

/**
 * One page of a Lambda list operation, cut by {@link PageAfter}: the marker names the last item returned, so a
 * script that deletes while it pages still sees every item. Lambda answers at most 50 items a page, whatever MaxItems says.
 */
final class ListPage {
    static final int MOST_PER_PAGE = 50;
    private static final String MARKER_TAG = "lamb-after:";

    /** An item of a list with the key it sorts by, which a marker names. */
    record Keyed(String key, Map<String, Object> item) {}

    private ListPage() {}

    /**
     * The page of items (in their keys' order) after the marker, as {@code listKey} with a NextMarker when more
     * follow; {@code modelMax} is the service model's upper bound on MaxItems.
     */
    static Map<String, Object> of(List<Keyed> items, String marker, String maxItems, int modelMax, String listKey) {
        int max = Math.min(MOST_PER_PAGE, maxItems(maxItems, modelMax));
        PageAfter.Page<Keyed> page = PageAfter.page(MARKER_TAG, items, Keyed::key, marker, max, () -> LambdaErrors.invalid(
                "Invalid marker: " + marker + ". Pass the NextMarker of the previous page, or no marker."));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(listKey, page.items().stream().map(Keyed::item).toList());
        if (page.next() != null) {
            out.put("NextMarker", page.next());
        }
        return out;
    }

    /** A version's sort key: $LATEST first, then the published versions by number. */
    static String versionKey(String version) {
        return "$LATEST".equals(version) ? "" : String.format("%010d", Long.parseLong(version));
    }

    private static int maxItems(String maxItems, int modelMax) {
        if (maxItems == null) {
            return MOST_PER_PAGE;
        }
        int max;
        try {
            max = Integer.parseInt(maxItems);
        } catch (NumberFormatException e) {
            throw LambdaErrors.validation(maxItems, "maxItems", "Member must be a number");
        }
        if (max < 1 || max > modelMax) {
            throw LambdaErrors.validation(maxItems, "maxItems", "Member must have value between 1 and " + modelMax);
        }
        return max;
    }
}
