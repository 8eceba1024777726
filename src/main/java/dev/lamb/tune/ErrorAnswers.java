package dev.lamb.tune;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Most answers at a size were API Gateway proxy responses with an error status: the event took the
 * function's error path (a greeting without its name answers 400), so what was measured is not the
 * request users are served. Said as "measured 400 answers: 98 of 104".
 *
 * @param status the most common error status
 * @param count  answers with a status of 400 or more
 * @param of     all answers (invocations that did not fail)
 */
public record ErrorAnswers(int status, int count, int of) {
    /** The error answers among {@code statuses}, when they are most of the {@code answers}; else null. */
    static ErrorAnswers of(List<Integer> statuses, int answers) {
        List<Integer> errors = statuses.stream().filter(s -> s >= 400).toList();
        if (errors.isEmpty() || 2 * errors.size() <= answers) {
            return null;
        }
        return new ErrorAnswers(mostCommon(errors), errors.size(), answers);
    }

    /** The sizes' error answers together, for the one line under the table; null when there are none. */
    public static ErrorAnswers total(List<ErrorAnswers> sizes) {
        if (sizes.isEmpty()) {
            return null;
        }
        Map<Integer, Integer> byStatus = sizes.stream().collect(Collectors.groupingBy(ErrorAnswers::status,
                Collectors.summingInt(ErrorAnswers::count)));
        int status = byStatus.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return new ErrorAnswers(status, sizes.stream().mapToInt(ErrorAnswers::count).sum(),
                sizes.stream().mapToInt(ErrorAnswers::of).sum());
    }

    private static int mostCommon(List<Integer> statuses) {
        return statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** "measured 400 answers: 98 of 104" */
    public String line() {
        return "measured " + status + " answers: " + count + " of " + of;
    }
}
