package dev.lamb.local.cloud.lambda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a Lambda list operation. The marker names the last item returned (its sort key, opaque to
 * clients), so the next page resumes after it, whatever was created or deleted in between: a script that
 * deletes while it pages still sees every item. Lambda answers at most 50 items a page, whatever MaxItems says.
 */
final class ListPage {
    static final int MOST_PER_PAGE = 50;
    private static final String MARKER_PREFIX = "lamb-after:";

    /** An item of a list with the key it sorts by, which a marker names. */
    record Keyed(String key, Map<String, Object> item) {}

    private ListPage() {}

    /**
     * The page of items (in their keys' order) after the marker, as {@code listKey} with a NextMarker when more
     * follow; {@code modelMax} is the service model's upper bound on MaxItems.
     */
    static Map<String, Object> of(List<Keyed> items, String marker, String maxItems, int modelMax, String listKey) {
        int max = Math.min(MOST_PER_PAGE, maxItems(maxItems, modelMax));
        String after = marker == null || marker.isEmpty() ? null : afterKey(marker);
        List<Keyed> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Keyed::key));
        List<Map<String, Object>> page = new ArrayList<>();
        Keyed last = null;
        boolean more = false;
        for (Keyed k : sorted) {
            if (after != null && k.key().compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == max) {
                more = true;
                break;
            }
            page.add(k.item());
            last = k;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(listKey, page);
        if (more) {
            out.put("NextMarker", marker(last.key()));
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

    private static String marker(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((MARKER_PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a marker names; a marker this cloud did not hand out is refused as Lambda refuses it. */
    private static String afterKey(String marker) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        if (!decoded.startsWith(MARKER_PREFIX)) {
            throw LambdaErrors.invalid("Invalid marker: " + marker + ". Pass the NextMarker of the previous page, or no marker.");
        }
        return decoded.substring(MARKER_PREFIX.length());
    }
}
