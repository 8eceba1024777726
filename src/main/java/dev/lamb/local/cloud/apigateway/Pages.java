package dev.lamb.local.cloud.apigateway;

import static dev.lamb.local.cloud.apigateway.ApiGatewayErrors.badRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.lamb.local.cloud.PageAfter;
import dev.lamb.local.cloud.ValidationMessage;

/**
 * API Gateway's paged lists ({@code position} and {@code limit}, paginators-1.json), cut by {@link PageAfter}: the
 * items in the order of a key each one keeps for life, and a position that names the key of the last item returned,
 * so that the next page starts after it whatever was created or deleted in between. A cleanup script that deletes
 * what it has listed while it pages therefore skips nothing.
 */
final class Pages {
    private static final int DEFAULT_PAGE = 25;
    private static final int MAX_PAGE = 500;
    private static final String POSITION_TAG = "1|";

    private Pages() {}

    /** The page of the items after {@code position} (from the first when none), at most {@code limit} (25 unless given). */
    static <T> Map<String, Object> page(List<T> items, Function<T, String> key, String position, String limitText,
            Function<T, Object> view) {
        PageAfter.Page<T> page = PageAfter.page(POSITION_TAG, items, key, position, limit(limitText),
                () -> badRequest("Invalid position parameter"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("item", page.items().stream().map(view).toList());
        if (page.next() != null) {
            answer.put("position", page.next());
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
}
