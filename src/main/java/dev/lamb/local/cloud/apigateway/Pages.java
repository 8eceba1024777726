package dev.lamb.local.cloud.apigateway;

import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.badRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.lamb.local.cloud.ValidationMessage;

/**
 * API Gateway's paged lists ({@code position} and {@code limit}, paginators-1.json): the items in the order
 * of a key each one keeps for life, and a position that names the key of the last item returned, so that
 * the next page starts after it whatever was created or deleted in between. A cleanup script that deletes
 * what it has listed while it pages therefore skips nothing.
 */
final class Pages {
    private static final int DEFAULT_PAGE = 25;
    private static final int MAX_PAGE = 500;
    private static final String VERSION = "1|";

    private Pages() {}

    /** The page of the items after {@code position} (from the first when none), at most {@code limit} (25 unless given). */
    static <T> Map<String, Object> page(List<T> items, Function<T, String> key, String position, String limitText,
            Function<T, Object> view) {
        int limit = limit(limitText);
        String after = position == null || position.isEmpty() ? null : decode(position);
        List<T> sorted = items.stream().sorted(Comparator.comparing(key)).toList();
        List<T> rest = after == null ? sorted : sorted.stream().filter(i -> key.apply(i).compareTo(after) > 0).toList();
        List<T> page = rest.subList(0, Math.min(limit, rest.size()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("item", page.stream().map(view).toList());
        if (rest.size() > page.size()) {
            answer.put("position", encode(key.apply(page.get(page.size() - 1))));
        }
        return answer;
    }

    /** The key of an item made at {@code createdDate} (epoch seconds) with this id: creation order, then id. */
    static String byCreation(long createdDate, String id) {
        return String.format("%020d:%s", createdDate, id);
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_PAGE;
        }
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw badRequest("Invalid limit parameter");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw badRequest(ValidationMessage.of(limit, "limit", "Member must have value less than or equal to " + MAX_PAGE));
        }
        return limit;
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a position names; one this service did not give answers BadRequestException, as API Gateway does. */
    private static String decode(String position) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(position), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badRequest("Invalid position parameter");
        }
        if (!text.startsWith(VERSION)) {
            throw badRequest("Invalid position parameter");
        }
        return text.substring(VERSION.length());
    }
}
