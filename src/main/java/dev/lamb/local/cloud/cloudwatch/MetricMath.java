package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

import dev.lamb.local.cloud.AwsServiceException;

/**
 * The part of CloudWatch's metric math that alarms and {@code lamb metrics} use: numbers, the ids of other queries,
 * {@code + - * / ^} between series and scalars (series meet at the timestamps both have; a division by zero leaves no
 * value), arrays such as {@code [m1, m2]}, {@code FILL(x, value|REPEAT)}, {@code METRICS()} and {@code METRICS("text")} (the metrics whose query Id
 * contains the text, as the user guide's function table says), {@code SUM AVG MIN MAX}
 * (across an array, a series per timestamp; over one series, a scalar), {@code ABS CEIL FLOOR LOG LOG10}, the comparisons
 * {@code == != < <= > >=} (1 or 0), {@code AND && OR || NOT !}, and {@code IF(condition, then[, otherwise])}. Any other function AWS has
 * answers NotImplemented, naming it.
 */
final class MetricMath {
    /** A value: a scalar, a series, or an array of series. */
    sealed interface Value permits Scalar, Series, SeriesArray {}

    record Scalar(double value) implements Value {}

    record Series(TimeSeries series) implements Value {}

    record SeriesArray(List<TimeSeries> series) implements Value {}

    /** What an expression can reach: other queries' values by id, the request's metrics, and the grid FILL fills. */
    interface Scope {
        Value valueOf(String id);

        /** The MetricStat queries' series whose query Id contains {@code idContains} (all of them when null). */
        List<TimeSeries> metrics(String idContains);

        /** The period starts from the request's start to its end, at a period. */
        List<Instant> grid(int period);
    }

    private static final Set<String> KNOWN_FUNCTIONS = Set.of("ANOMALY_DETECTION_BAND", "AVG", "CEIL", "DATAPOINT_COUNT",
            "DIFF", "DIFF_TIME", "FIRST", "FLOOR", "IF", "INSIGHT_RULE_METRIC", "LAMBDA", "LAST", "LOG", "LOG10",
            "MAX", "METRIC_COUNT", "METRICS", "MIN", "MINUTE", "HOUR", "DAY", "DATE", "MONTH", "YEAR", "EPOCH", "PERIOD",
            "RATE", "REMOVE_EMPTY", "RUNNING_SUM", "SEARCH", "SERVICE_QUOTA", "SLICE", "SORT", "STDDEV", "SUM",
            "TIME_SERIES", "PERCENTILE", "SQRT");

    private final String text;
    private final Scope scope;
    private final String id;
    private int at;

    private MetricMath(String id, String text, Scope scope) {
        this.id = id;
        this.text = text;
        this.scope = scope;
    }

    /** The value of one query's expression. */
    static Value evaluate(String id, String expression, Scope scope) {
        MetricMath math = new MetricMath(id, expression, scope);
        Value value = math.expression();
        math.skipSpace();
        if (math.at < expression.length()) {
            throw math.error("unexpected '" + expression.charAt(math.at) + "' at position " + (math.at + 1));
        }
        return value;
    }

    /** The top of the grammar: ORs of ANDs of NOTs of comparisons of sums (the user guide's operators, lowest first). */
    private Value expression() {
        Value left = conjunction();
        while (takeWord("OR") || take("||")) {
            left = combine(left, conjunction(), (a, b) -> truth(a != 0 || b != 0));
        }
        return left;
    }

    private Value conjunction() {
        Value left = negation();
        while (takeWord("AND") || take("&&")) {
            left = combine(left, negation(), (a, b) -> truth(a != 0 && b != 0));
        }
        return left;
    }

    private Value negation() {
        skipSpace();
        if (takeWord("NOT") || !text.startsWith("!=", at) && take("!")) {
            return combine(negation(), new Scalar(0), (a, b) -> truth(a == 0));
        }
        return comparison();
    }

    /** A comparison gives 1 where it holds and 0 where it does not. */
    private Value comparison() {
        Value left = sum();
        for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
            if (take(op)) {
                DoubleBinaryOperator compare = switch (op) {
                    case "==" -> (a, b) -> truth(a == b);
                    case "!=" -> (a, b) -> truth(a != b);
                    case "<=" -> (a, b) -> truth(a <= b);
                    case ">=" -> (a, b) -> truth(a >= b);
                    case "<" -> (a, b) -> truth(a < b);
                    default -> (a, b) -> truth(a > b);
                };
                return combine(left, sum(), compare);
            }
        }
        return left;
    }

    private static double truth(boolean holds) {
        return holds ? 1 : 0;
    }

    private Value sum() {
        Value left = product();
        while (true) {
            if (take('+')) {
                left = combine(left, product(), Double::sum);
            } else if (take('-')) {
                left = combine(left, product(), (a, b) -> a - b);
            } else {
                return left;
            }
        }
    }

    private Value product() {
        Value left = unary();
        while (true) {
            if (take('*')) {
                left = combine(left, unary(), (a, b) -> a * b);
            } else if (take('/')) {
                left = combine(left, unary(), (a, b) -> a / b);
            } else {
                return left;
            }
        }
    }

    private Value unary() {
        if (take('-')) {
            return combine(new Scalar(0), unary(), (a, b) -> a - b);
        }
        Value base = primary();
        return take('^') ? combine(base, unary(), Math::pow) : base;
    }

    private Value primary() {
        skipSpace();
        if (take('(')) {
            Value inner = expression();
            expect(')');
            return inner;
        }
        if (take('[')) {
            return array();
        }
        if (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
            int from = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || ".eE".indexOf(text.charAt(at)) >= 0)) {
                at++;
            }
            try {
                return new Scalar(Double.parseDouble(text.substring(from, at)));
            } catch (NumberFormatException e) {
                throw error("'" + text.substring(from, at) + "' is not a number");
            }
        }
        String name = word();
        if (name.isEmpty()) {
            throw error(at < text.length() ? "unexpected '" + text.charAt(at) + "' at position " + (at + 1) : "it ends too soon");
        }
        skipSpace();
        if (at < text.length() && text.charAt(at) == '(') {
            at++;
            return call(name);
        }
        return scope.valueOf(name);
    }

    /** An array literal, {@code [m1, m2]} or {@code [METRICS("a"), m3]}: its items' series, arrays flattened. */
    private Value array() {
        List<TimeSeries> all = new ArrayList<>();
        do {
            Value item = expression();
            if (item instanceof Series one) {
                all.add(one.series());
            } else if (item instanceof SeriesArray many) {
                all.addAll(many.series());
            } else {
                throw error("an array holds time series, not numbers");
            }
        } while (take(','));
        expect(']');
        return new SeriesArray(all);
    }

    private Value call(String function) {
        switch (function) {
            case "METRICS" -> {
                String filter = take(')') ? null : stringThenClose();
                return new SeriesArray(scope.metrics(filter));
            }
            case "FILL" -> {
                Value series = expression();
                expect(',');
                skipSpace();
                int mark = at;
                String word = word();
                Function<TimeSeries, TimeSeries> fill;
                if (word.equals("REPEAT")) {
                    fill = this::repeat;
                } else {
                    at = mark;
                    Value with = expression();
                    if (!(with instanceof Scalar scalar)) {
                        throw error("FILL fills with a number or REPEAT");
                    }
                    fill = s -> fill(s, scalar.value());
                }
                expect(')');
                return map(series, fill);
            }
            case "SUM", "AVG", "MIN", "MAX" -> {
                Value argument = expression();
                expect(')');
                return reduce(function, argument);
            }
            case "ABS", "CEIL", "FLOOR", "LOG", "LOG10" -> {
                Value argument = expression();
                expect(')');
                DoubleUnaryOperator f = switch (function) {
                    case "ABS" -> Math::abs;
                    case "CEIL" -> Math::ceil;
                    case "FLOOR" -> Math::floor;
                    case "LOG" -> Math::log;
                    default -> Math::log10;
                };
                return combine(argument, new Scalar(0), (a, b) -> f.applyAsDouble(a));
            }
            case "IF" -> {
                Value condition = expression();
                expect(',');
                Value then = expression();
                Value otherwise = take(',') ? expression() : null;
                expect(')');
                return choose(condition, then, otherwise);
            }
            default -> throw KNOWN_FUNCTIONS.contains(function)
                    ? AwsServiceException.notImplemented("CloudWatch", "the metric math function " + function)
                    : error("there is no function " + function);
        }
    }

    /**
     * IF(condition, then[, otherwise]): at each timestamp of the condition, then's value where the condition is not 0,
     * else otherwise's; no value where the one picked has none, or is not given.
     */
    private Value choose(Value condition, Value then, Value otherwise) {
        if (condition instanceof SeriesArray || then instanceof SeriesArray || otherwise instanceof SeriesArray) {
            throw AwsServiceException.notImplemented("CloudWatch", "IF over arrays of time series");
        }
        if (condition instanceof Scalar c) {
            Value picked = c.value() != 0 ? then : otherwise;
            return picked != null ? picked : new Series(new TimeSeries(id, new TreeMap<>(), 60));
        }
        TimeSeries c = ((Series) condition).series();
        NavigableMap<Instant, Double> points = new TreeMap<>();
        c.points().forEach((t, v) -> {
            Value picked = v != 0 ? then : otherwise;
            Double value = picked instanceof Scalar s ? Double.valueOf(s.value()) : picked instanceof Series p ? p.series().points().get(t) : null;
            if (value != null) {
                points.put(t, value);
            }
        });
        return new Series(new TimeSeries(id, points, c.period()));
    }

    private static Value reduce(String function, Value argument) {
        if (argument instanceof Scalar) {
            return argument;
        }
        if (argument instanceof Series one) {
            List<Double> values = new ArrayList<>(one.series().points().values());
            return new Scalar(values.isEmpty() ? Double.NaN : aggregate(function, values));
        }
        List<TimeSeries> all = ((SeriesArray) argument).series();
        NavigableMap<Instant, List<Double>> byTime = new TreeMap<>();
        all.forEach(s -> s.points().forEach((t, v) -> byTime.computeIfAbsent(t, k -> new ArrayList<>()).add(v)));
        NavigableMap<Instant, Double> points = new TreeMap<>();
        byTime.forEach((t, values) -> points.put(t, aggregate(function, values)));
        int period = all.stream().mapToInt(TimeSeries::period).min().orElse(60);
        return new Series(new TimeSeries(function, points, period));
    }

    private static double aggregate(String function, List<Double> values) {
        return switch (function) {
            case "SUM" -> values.stream().mapToDouble(Double::doubleValue).sum();
            case "AVG" -> values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            case "MIN" -> values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            default -> values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        };
    }

    private TimeSeries fill(TimeSeries s, double value) {
        NavigableMap<Instant, Double> points = new TreeMap<>(s.points());
        scope.grid(s.period()).forEach(t -> points.putIfAbsent(t, value));
        return s.withPoints(points);
    }

    /** REPEAT: each missing period takes the last value before it; periods before the first value stay empty. */
    private TimeSeries repeat(TimeSeries s) {
        NavigableMap<Instant, Double> points = new TreeMap<>(s.points());
        Double last = null;
        for (Instant t : new TreeSet<>(union(points.keySet(), scope.grid(s.period())))) {
            Double v = points.get(t);
            if (v != null) {
                last = v;
            } else if (last != null) {
                points.put(t, last);
            }
        }
        return s.withPoints(points);
    }

    private static Set<Instant> union(Set<Instant> a, List<Instant> b) {
        Set<Instant> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Value map(Value v, Function<TimeSeries, TimeSeries> f) {
        if (v instanceof Series s) {
            return new Series(f.apply(s.series()));
        }
        if (v instanceof SeriesArray a) {
            return new SeriesArray(a.series().stream().map(f).toList());
        }
        return v;
    }

    /**
     * An operator between two values: element by element, series meeting at shared timestamps, arrays item by item
     * (each keeping its series' label).
     */
    private Value combine(Value left, Value right, DoubleBinaryOperator op) {
        if (left instanceof Scalar a && right instanceof Scalar b) {
            return new Scalar(op.applyAsDouble(a.value(), b.value()));
        }
        if (left instanceof SeriesArray a) {
            return new SeriesArray(a.series().stream()
                    .map(s -> ((Series) combine(new Series(s), right, op)).series().withLabel(s.label())).toList());
        }
        if (right instanceof SeriesArray b) {
            return new SeriesArray(b.series().stream()
                    .map(s -> ((Series) combine(left, new Series(s), op)).series().withLabel(s.label())).toList());
        }
        TimeSeries shape = left instanceof Series s ? s.series() : ((Series) right).series();
        NavigableMap<Instant, Double> points = new TreeMap<>();
        for (Instant t : timestamps(left, right)) {
            double result = op.applyAsDouble(at(left, t), at(right, t));
            if (Double.isFinite(result)) {
                points.put(t, result);
            }
        }
        return new Series(new TimeSeries(id, points, shape.period()));
    }

    private static Set<Instant> timestamps(Value left, Value right) {
        if (left instanceof Series a && right instanceof Series b) {
            Set<Instant> shared = new TreeSet<>(a.series().points().keySet());
            shared.retainAll(b.series().points().keySet());
            return shared;
        }
        return (left instanceof Series a ? a : (Series) right).series().points().keySet();
    }

    private static double at(Value v, Instant t) {
        return v instanceof Scalar s ? s.value() : ((Series) v).series().points().get(t);
    }

    private String stringThenClose() {
        skipSpace();
        if (!take('"')) {
            throw error("METRICS takes a quoted text");
        }
        int end = text.indexOf('"', at);
        if (end < 0) {
            throw error("a quoted text does not end");
        }
        String filter = text.substring(at, end);
        at = end + 1;
        expect(')');
        return filter;
    }

    private String word() {
        skipSpace();
        int from = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        return text.substring(from, at);
    }

    private boolean take(String token) {
        skipSpace();
        if (text.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    /** The keyword (AND, OR, NOT) when it is the next word, else nothing taken. */
    private boolean takeWord(String keyword) {
        int mark = at;
        if (word().equals(keyword)) {
            return true;
        }
        at = mark;
        return false;
    }

    private boolean take(char c) {
        skipSpace();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!take(c)) {
            throw error("'" + c + "' expected at position " + (at + 1));
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private AwsServiceException error(String why) {
        return CloudWatchErrors.invalid("Error in expression " + id + ": " + why + ".");
    }
}
