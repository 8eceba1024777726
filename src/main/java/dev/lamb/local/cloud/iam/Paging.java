package dev.lamb.local.cloud.iam;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.PageAfter;
import dev.lamb.local.cloud.ValidationMessage;
import dev.lamb.local.cloud.XmlWriter;

/**
 * IAM's paging: MaxItems 1..1000 (default 100), and a Marker cut by {@link PageAfter}, so that the next page starts
 * after the last item returned even when items before it were deleted meanwhile. A marker IAM did not issue for that
 * listing is refused.
 */
final class Paging {
    private Paging() {}

    /** One page of a list, and the marker of the next one (null on the last). */
    record Page<T>(List<T> items, String nextMarker) {
        void writeTruncation(XmlWriter x) {
            x.element("IsTruncated", nextMarker != null);
            x.element("Marker", nextMarker);
        }
    }

    /**
     * The page the request's MaxItems and Marker ask for.
     *
     * @param listing what is listed, written into the marker so that one listing's marker is refused by another
     * @param sorted the items, sorted by {@code order} of their keys, each key unique
     */
    static <T> Page<T> page(String listing, List<T> sorted, Function<T, String> key, Comparator<String> order,
            Map<String, String> p) {
        PageAfter.Page<T> page = PageAfter.page(listing + "\n", sorted, key, order, p.get("Marker"), maxItems(p), Paging::invalidMarker);
        return new Page<>(page.items(), page.next());
    }

    /** The page of items sorted by their keys' natural order. */
    static <T> Page<T> page(String listing, List<T> sorted, Function<T, String> key, Map<String, String> p) {
        return page(listing, sorted, key, Comparator.naturalOrder(), p);
    }

    private static AwsServiceException invalidMarker() {
        return new AwsServiceException(400, "InvalidInput", "Invalid Marker.");
    }

    private static int maxItems(Map<String, String> p) {
        String raw = p.get("MaxItems");
        if (raw == null) {
            return 100;
        }
        int max;
        try {
            max = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new AwsServiceException(400, "InvalidInput", "Invalid value for MaxItems: " + raw);
        }
        if (max < 1 || max > 1000) {
            throw new AwsServiceException(400, "ValidationError",
                    ValidationMessage.shown(String.valueOf(max), "maxItems", "Member must have value between 1 and 1000"));
        }
        return max;
    }
}
