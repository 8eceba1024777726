package dev.lamb.local.cloud;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A service's one dispatch table: from operation to handler, so that what a service serves is written
 * once and can be listed ({@code lamb local operations}, docs/local-cloud.md). The JSON and query
 * protocols name the operation in the request (Logs' {@code X-Amz-Target}, IAM's form {@code Action});
 * the REST protocols reach it by HTTP method and a path template from the service model
 * ({@code GET /2015-03-31/functions/{FunctionName}}), whose {@code {Param}} takes one path segment and
 * {@code {Param+}} the rest of the path. A template may end in query conditions, as S3's model writes them
 * ({@code /{Bucket}?versioning}, {@code ?list-type=2}): the request's query must hold each name (with that value), and
 * a route may ask for a header too (CopyObject's {@code x-amz-copy-source}); routes are tried in the order added, so
 * the specific come first. A request for anything else answers NotImplemented, naming it.
 *
 * @param <H> the handler shape the service chose (what its operations take and give)
 */
public final class OperationTable<H> {
    private final String service;
    private final Addressing addressing;
    private final String targetPrefix;
    private final Map<String, H> byName;
    private final List<Route<H>> routes;
    private final List<Operation> operations;
    private final Set<String> notServedNames;
    private final Function<String, AwsServiceException> unknown;

    private enum Addressing { TARGET, ACTION, PATH }

    private OperationTable(Builder<H> b) {
        this.service = b.service;
        this.addressing = b.addressing;
        this.targetPrefix = b.targetPrefix;
        this.byName = Map.copyOf(b.byName);
        this.routes = List.copyOf(b.routes);
        this.operations = List.copyOf(b.operations.values());
        this.notServedNames = Set.copyOf(b.notServedNames);
        this.unknown = b.unknown;
    }

    /** A JSON-protocol service whose X-Amz-Target header is {@code targetPrefix} + the operation (Logs_20140328.). */
    public static <H> Builder<H> byTarget(String service, String targetPrefix) {
        return new Builder<>(service, Addressing.TARGET, targetPrefix);
    }

    /** A query-protocol service whose form or query parameter {@code Action} names the operation (IAM). */
    public static <H> Builder<H> byAction(String service) {
        return new Builder<>(service, Addressing.ACTION, null);
    }

    /** A REST service: HTTP method and path template name the operation (Lambda, X-Ray, API Gateway). */
    public static <H> Builder<H> byPath(String service) {
        return new Builder<>(service, Addressing.PATH, null);
    }

    /** The service as its NotImplemented answers name it: Lambda, IAM, CloudWatch Logs, X-Ray. */
    public String service() {
        return service;
    }

    /** What X-Amz-Target starts with before the operation's name (Logs_20140328.), for a table by target; else null. */
    public String targetPrefix() {
        return targetPrefix;
    }

    /** The operations served, in the order the table lists them. */
    public List<Operation> operations() {
        return operations;
    }

    /**
     * The handler of the operation a target or an action names. One the service model has but the table does
     * not serve answers NotImplemented, naming it; one the service does not have at all answers the service's
     * error for an unknown operation when the table was given one, else NotImplemented too.
     */
    public H named(String operation) {
        H handler = byName.get(operation);
        if (handler != null) {
            return handler;
        }
        if (unknown != null && !notServedNames.contains(operation)) {
            throw unknown.apply(operation);
        }
        throw AwsServiceException.notImplemented(service, operation);
    }

    /**
     * The operation a method and a path reach, with the path's parameters; NotImplemented when none,
     * naming the operation if the table knows it as one not served, else the request.
     */
    public Routed<H> route(String method, String path) {
        return route(method, path, Map.of(), header -> false);
    }

    /** The same for a table whose routes ask for query names or headers (S3's). */
    public Routed<H> route(String method, String path, Map<String, List<String>> query, Predicate<String> hasHeader) {
        Routed<H> routed = find(method, path, query, hasHeader)
                .orElseThrow(() -> AwsServiceException.notImplemented(service, method + " " + path));
        if (routed.handler() == null) {
            throw AwsServiceException.notImplemented(service, routed.operation());
        }
        return routed;
    }

    /** The name of the operation a method and a path reach, served or not, judged before the body is read. */
    public Optional<String> operationAt(String method, String path) {
        return find(method, path).map(Routed::operation);
    }

    private Optional<Routed<H>> find(String method, String path) {
        return find(method, path, Map.of(), header -> false);
    }

    /** The operation a request reaches, served or not, with its path's parameters; for tables with query or header routes. */
    public Optional<Routed<H>> find(String method, String path, Map<String, List<String>> query, Predicate<String> hasHeader) {
        List<String> segments = segments(path);
        for (Route<H> route : routes) {
            if (route.method.equals(method) && route.conditions.test(query, hasHeader)) {
                Optional<Map<String, String>> params = route.match(segments);
                if (params.isPresent()) {
                    return Optional.of(new Routed<>(route.name, route.handler, params.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** The operation a request reached, its handler, and the values of its path's {@code {Param}}s. */
    public record Routed<H>(String operation, H handler, Map<String, String> params) {
        public String param(String name) {
            return params.get(name);
        }
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** What a route asks of the query (names, or name=value) and of the headers, beyond its method and path. */
    private record Conditions(Map<String, String> query, String header) {
        static Conditions of(String template, String header) {
            int mark = template.indexOf('?');
            Map<String, String> query = new LinkedHashMap<>();
            if (mark >= 0) {
                for (String part : template.substring(mark + 1).split("&")) {
                    int eq = part.indexOf('=');
                    query.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? null : part.substring(eq + 1));
                }
            }
            return new Conditions(query, header);
        }

        boolean test(Map<String, List<String>> params, Predicate<String> hasHeader) {
            for (Map.Entry<String, String> wanted : query.entrySet()) {
                List<String> values = params.get(wanted.getKey());
                if (values == null || wanted.getValue() != null && !values.contains(wanted.getValue())) {
                    return false;
                }
            }
            return header == null || hasHeader.test(header);
        }
    }

    private static String pathOf(String template) {
        int mark = template.indexOf('?');
        return mark < 0 ? template : template.substring(0, mark);
    }

    private record Route<H>(String method, List<String> template, Conditions conditions, String name, H handler) {
        Optional<Map<String, String>> match(List<String> path) {
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < template.size(); i++) {
                String part = template.get(i);
                if (i >= path.size()) {
                    return Optional.empty();
                }
                if (part.startsWith("{") && part.endsWith("+}")) {
                    params.put(part.substring(1, part.length() - 2), String.join("/", path.subList(i, path.size())));
                    return Optional.of(params);
                }
                if (part.startsWith("{") && part.endsWith("}")) {
                    params.put(part.substring(1, part.length() - 1), path.get(i));
                } else if (!part.equals(path.get(i))) {
                    return Optional.empty();
                }
            }
            return path.size() == template.size() ? Optional.of(params) : Optional.empty();
        }
    }

    /** Fills a table once, at class initialisation; the table itself never changes. */
    public static final class Builder<H> {
        private final String service;
        private final Addressing addressing;
        private final String targetPrefix;
        private final Map<String, H> byName = new LinkedHashMap<>();
        private final List<Route<H>> routes = new ArrayList<>();
        private final Map<String, Operation> operations = new LinkedHashMap<>();
        private final Set<String> notServedNames = new HashSet<>();
        private Function<String, AwsServiceException> unknown;

        private Builder(String service, Addressing addressing, String targetPrefix) {
            this.service = service;
            this.addressing = addressing;
            this.targetPrefix = targetPrefix;
        }

        /** An operation named by its target or action. */
        public Builder<H> add(String name, H handler) {
            if (addressing == Addressing.PATH) {
                throw new IllegalStateException(service + " reaches its operations by path: give " + name + " a method and a path");
            }
            if (byName.putIfAbsent(name, handler) != null) {
                throw new IllegalStateException(service + " lists " + name + " twice");
            }
            String request = addressing == Addressing.TARGET ? "X-Amz-Target: " + targetPrefix + name : "Action=" + name;
            operations.put(name, new Operation(name, request));
            return this;
        }

        /**
         * An operation reached by method and path template. The same operation may be added at more than
         * one path (a model's older API date); the first is the one listed.
         */
        public Builder<H> add(String method, String template, String name, H handler) {
            return add(method, template, null, name, handler);
        }

        /** An operation reached by method, path template and a header the request carries (S3's CopyObject). */
        public Builder<H> add(String method, String template, String header, String name, H handler) {
            if (addressing != Addressing.PATH) {
                throw new IllegalStateException(service + " names its operations in the request: add " + name + " by name");
            }
            routes.add(new Route<>(method, segments(pathOf(template)), Conditions.of(template, header), name, handler));
            operations.putIfAbsent(name, new Operation(name, method + " " + template + (header == null ? "" : " (" + header + ")")));
            return this;
        }

        /** An operation of the service model that is not served: its requests answer NotImplemented naming it. */
        public Builder<H> notServed(String method, String template, String name) {
            routes.add(new Route<>(method, segments(pathOf(template)), Conditions.of(template, null), name, null));
            return this;
        }

        /** Operations of the service model, named by target or action, that are not served: they answer NotImplemented. */
        public Builder<H> notServed(String... names) {
            notServedNames.addAll(Arrays.asList(names));
            return this;
        }

        /** What a request naming an operation the service model does not have answers (Logs' UnknownOperationException). */
        public Builder<H> unknownOperation(Function<String, AwsServiceException> error) {
            this.unknown = error;
            return this;
        }

        public OperationTable<H> build() {
            return new OperationTable<>(this);
        }
    }
}
