package dev.lamb.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Issue 11, section 3: a size is marked when most of its answers are proxy responses with a 4xx or 5xx status. */
class ErrorAnswersTest {
    @Test
    void mostAnswersAnErrorIsSaidAsTheIssueWritesIt() {
        List<Integer> statuses = new ArrayList<>(Collections.nCopies(98, 400));
        statuses.addAll(Collections.nCopies(6, 200));
        ErrorAnswers errors = ErrorAnswers.of(statuses, 104);
        assertEquals(new ErrorAnswers(400, 98, 104), errors);
        assertEquals("measured 400 answers: 98 of 104", errors.line());
    }

    @Test
    void halfOrFewerIsNotMost() {
        assertNull(ErrorAnswers.of(List.of(400, 400, 200, 200), 4));
        assertNull(ErrorAnswers.of(List.of(200, 200, 200), 3));
        assertNull(ErrorAnswers.of(List.of(), 5), "answers that are not proxy responses say nothing");
    }

    @Test
    void fourHundredsAndFiveHundredsCountTogetherUnderTheCommonestStatus() {
        assertEquals(new ErrorAnswers(502, 3, 4), ErrorAnswers.of(List.of(502, 502, 404, 200), 4));
        assertEquals(new ErrorAnswers(400, 9, 10), ErrorAnswers.total(List.of(new ErrorAnswers(400, 4, 5),
                new ErrorAnswers(400, 3, 3), new ErrorAnswers(500, 2, 2))));
        assertNull(ErrorAnswers.total(List.of()));
    }
}
