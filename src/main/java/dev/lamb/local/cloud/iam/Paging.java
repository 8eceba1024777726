package dev.lamb.local.cloud.iam;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.lamb.local.cloud.AwsServiceException;
import dev.lamb.local.cloud.ValidationMessage;
import dev.lamb.local.cloud.XmlWriter;

/**
 * IAM's paging: MaxItems 1..1000 (default 100), and a Marker that is opaque to the caller but holds the key
 * of the last item returned, so that the next page starts after it even when items before it were deleted
 * meanwhile (an index would skip as many). A marker IAM did not issue for that listing is refused.
 */
final class Paging {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

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
        int max = maxItems(p);
        String marker = p.get("Marker");
        List<T> rest = sorted;
        if (marker != null) {
            String after = lastKey(listing, marker);
            rest = sorted.stream().filter(item -> order.compare(key.apply(item), after) > 0).toList();
        }
        if (rest.size() <= max) {
            return new Page<>(rest, null);
        }
        List<T> items = rest.subList(0, max);
        return new Page<>(items, marker(listing, key.apply(items.get(max - 1))));
    }

    /** The page of items sorted by their keys' natural order. */
    static <T> Page<T> page(String listing, List<T> sorted, Function<T, String> key, Map<String, String> p) {
        return page(listing, sorted, key, Comparator.naturalOrder(), p);
    }

    private static String marker(String listing, String lastKey) {
        return ENCODER.encodeToString((listing + "\n" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String lastKey(String listing, String marker) {
        String decoded;
        try {
            decoded = new String(DECODER.decode(marker.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidMarker();
        }
        if (!decoded.startsWith(listing + "\n")) {
            throw invalidMarker();
        }
        return decoded.substring(listing.length() + 1);
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
