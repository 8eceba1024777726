package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * The local cloud's one paging rule (issue 14, "Page tokens continue after the last item, and never skip"): a token
 * resumes after the last item returned, whatever was created or deleted between pages, and one not handed out for
 * the listing is refused with the service's error.
 */
class PageAfterTest {
    private static final AwsServiceException INVALID = new AwsServiceException(400, "InvalidRequestException", "Invalid NextToken.");
    private static final Supplier<AwsServiceException> REFUSE = () -> INVALID;

    private static PageAfter.Page<String> page(List<String> items, String token, int max) {
        return PageAfter.page("List\n", items, s -> s, token, max, REFUSE);
    }

    @Test
    void aCleanupThatDeletesWhatItListedSeesEveryItem() {
        List<String> items = new ArrayList<>(List.of("e", "c", "a", "d", "b"));
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            PageAfter.Page<String> page = page(List.copyOf(items), token, 2);
            seen.addAll(page.items());
            items.removeAll(page.items());
            token = page.next();
        } while (token != null);
        assertEquals(List.of("a", "b", "c", "d", "e"), seen);
    }

    @Test
    void anItemMadeBeforeTheTokenMakesNoneRepeat() {
        PageAfter.Page<String> first = page(List.of("b", "c", "d"), null, 2);
        assertEquals(List.of("b", "c"), first.items());
        PageAfter.Page<String> second = page(List.of("a", "b", "c", "d"), first.next(), 2);
        assertEquals(List.of("d"), second.items());
        assertNull(second.next());
    }

    @Test
    void aTokenOfAnotherListingOrNoneAtAllIsRefused() {
        String other = PageAfter.page("Other\n", List.of("a", "b"), s -> s, null, 1, REFUSE).next();
        for (String token : List.of(other, "lamb-100", "not base64!")) {
            assertSame(INVALID, assertThrows(AwsServiceException.class, () -> page(List.of("a", "b"), token, 1)), token);
        }
        assertEquals(List.of("a"), page(List.of("a", "b"), "", 1).items(), "an empty token is the first page");
    }
}
