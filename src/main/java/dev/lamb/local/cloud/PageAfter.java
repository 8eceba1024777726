package dev.lamb.local.cloud;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The local cloud's one paging rule, whatever a service calls its token (Marker, position, NextToken): the items in
 * the order of a key each keeps for life, and a token, opaque to clients, holding the listing's tag and the key of the
 * last item returned. The next page holds the items whose keys sort after it, so items created or deleted between pages
 * skip nothing (an offset would skip as many as were deleted before it). A token not handed out for that listing is
 * refused with the service's own error.
 */
public final class PageAfter {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private PageAfter() {}

    /** One page, and the token of the next one (null on the last). */
    public record Page<T>(List<T> items, String next) {}

    /**
     * The page of at most {@code max} items after the one {@code token} names (from the first when it is null or
     * empty), in {@code order} of their keys, each key unique within the listing.
     *
     * @param tag what the listing's tokens start with (a token with another tag is refused); a service keeps it for
     *     good, so that tokens handed out before an upgrade still work after it
     */
    public static <T> Page<T> page(String tag, List<T> items, Function<T, String> key, Comparator<String> order,
            String token, int max, Supplier<AwsServiceException> invalidToken) {
        return pageAfterKey(tag, items, key, order, keyAfter(tag, token, invalidToken), max);
    }

    /** The page of at most {@code max} items whose keys sort after {@code after} (from the first when it is null). */
    public static <T> Page<T> pageAfterKey(String tag, List<T> items, Function<T, String> key, Comparator<String> order,
            String after, int max) {
        Comparator<T> byKey = Comparator.comparing(key, order);
        List<T> rest = items.stream().sorted(byKey).filter(i -> after == null || order.compare(key.apply(i), after) > 0).toList();
        if (rest.size() <= max) {
            return new Page<>(rest, null);
        }
        List<T> page = rest.subList(0, max);
        return new Page<>(page, token(tag, key.apply(page.get(max - 1))));
    }

    /** The page of items in their keys' natural order. */
    public static <T> Page<T> page(String tag, List<T> items, Function<T, String> key, String token, int max,
            Supplier<AwsServiceException> invalidToken) {
        return page(tag, items, key, Comparator.naturalOrder(), token, max, invalidToken);
    }

    /** The token naming the last item returned, for a listing that pages by itself (without holding all its items). */
    public static String token(String tag, String lastKey) {
        return ENCODER.encodeToString((tag + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a token of the listing names; null when there is no token (the first page). */
    public static String keyAfter(String tag, String token, Supplier<AwsServiceException> invalidToken) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(DECODER.decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidToken.get();
        }
        if (!decoded.startsWith(tag)) {
            throw invalidToken.get();
        }
        return decoded.substring(tag.length());
    }
}
