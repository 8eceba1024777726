package dev.lamb.local.apigateway;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of routes and the one that answers a request, as API Gateway picks it: resources compared
 * segment by segment, a literal segment before `{param}`, before `{proxy+}`; then, on one resource,
 * the exact method before ANY. lamb serve, invoke --local and the local cloud's execute-api all route
 * through this, so one request reaches the same resource, with the same path parameters, in all three.
 */
public final class Routes {
    /** The route that answers, and the path parameters it takes from the path. */
    public record Match(RouteKey route, Map<String, String> pathParameters) {}

    /** Most specific first; routes that tie keep their given order. */
    public static final Comparator<RouteKey> PRECEDENCE = Comparator.comparing(RouteKey::resource, Routes::bySpecificity)
            .thenComparing(RouteKey::takesAnyMethod);

    private final List<RouteKey> routes;

    public Routes(Collection<RouteKey> routes) {
        this.routes = routes.stream().sorted(PRECEDENCE).toList();
    }

    /** The routes in the order requests are matched in. */
    public List<RouteKey> inPrecedence() {
        return routes;
    }

    /**
     * The route for this method and path, if any. A null method stands for any method (invoke --local
     * without --method): a route of its own method still comes before ANY.
     */
    public Optional<Match> match(String method, String path) {
        for (RouteKey route : routes) {
            if (method == null || route.takesAnyMethod() || route.method().equals(method)) {
                Optional<Map<String, String>> params = new RouteTemplate(route.resource()).match(path);
                if (params.isPresent()) {
                    return Optional.of(new Match(route, params.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Segment by segment: literal first, then `{param}`, then `{proxy+}`; a longer resource before its prefix. */
    private static int bySpecificity(String a, String b) {
        List<String> x = RouteTemplate.segments(a);
        List<String> y = RouteTemplate.segments(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int order = Integer.compare(rank(x.get(i)), rank(y.get(i)));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(y.size(), x.size());
    }

    private static int rank(String segment) {
        if (RouteTemplate.isGreedy(segment)) {
            return 2;
        }
        return RouteTemplate.isVariable(segment) ? 1 : 0;
    }
}
