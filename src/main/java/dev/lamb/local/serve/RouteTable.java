package dev.lamb.local.serve;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lamb.config.ProjectConfig;
import dev.lamb.local.apigateway.RouteTemplate;

/**
 * The routes of lamb.toml, matched as API Gateway matches resources: the most specific path wins
 * (a literal segment beats `{param}`, which beats `{proxy+}`), and on one path a method beats ANY.
 * A route answers at `/PATH` and also at `/STAGE/PATH`, as the deployed URL has it.
 */
final class RouteTable {
    /** A request that found its route: the path without the stage, the route's template and the path parameters. */
    record Match(ProjectConfig.Route route, String path, Map<String, String> pathParameters) {}

    private final ProjectConfig.Api api;
    private final List<ProjectConfig.Route> routes;
    private final String stagePrefix;

    RouteTable(ProjectConfig.Api api) {
        this.api = api;
        this.routes = api.routes().stream().sorted(Comparator.comparing(ProjectConfig.Route::path, RouteTable::bySpecificity)
                .thenComparing(route -> route.method().equals("ANY"))).toList();
        this.stagePrefix = "/" + api.stage();
    }

    /** The [api] table of lamb.toml this was made from. */
    ProjectConfig.Api api() {
        return api;
    }

    String stage() {
        return api.stage();
    }

    /** Most specific first, the order requests are matched in. */
    List<ProjectConfig.Route> routes() {
        return routes;
    }

    /** A path that starts with the stage is read as `/STAGE/PATH` first, so `{proxy+}` at the root does not take the stage. */
    Optional<Match> match(String method, String path) {
        if (path.equals(stagePrefix) || path.startsWith(stagePrefix + "/")) {
            String rest = path.substring(stagePrefix.length());
            Optional<Match> staged = find(method, rest.isEmpty() ? "/" : rest);
            if (staged.isPresent()) {
                return staged;
            }
        }
        return find(method, path);
    }

    private Optional<Match> find(String method, String path) {
        for (ProjectConfig.Route route : routes) {
            if (route.method().equals(method) || route.method().equals("ANY")) {
                Optional<Map<String, String>> params = new RouteTemplate(route.path()).match(path);
                if (params.isPresent()) {
                    return Optional.of(new Match(route, path, params.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Segment by segment: literal first, then `{param}`, then `{proxy+}`; longer paths before their prefixes. */
    private static int bySpecificity(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int order = Integer.compare(rank(x[i]), rank(y[i]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(y.length, x.length);
    }

    private static int rank(String segment) {
        if (segment.startsWith("{") && segment.endsWith("+}")) {
            return 2;
        }
        return segment.startsWith("{") ? 1 : 0;
    }
}
