package dev.lamb.local.serve;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lamb.config.ProjectConfig;
import dev.lamb.local.apigateway.RouteKey;
import dev.lamb.local.apigateway.Routes;

/**
 * The routes of lamb.toml, matched as API Gateway matches resources ({@link Routes}). A route answers
 * at `/PATH` and also at `/STAGE/PATH`, as the deployed URL has it.
 */
final class RouteTable {
    /** A request that found its route: the path without the stage, the route and the path parameters. */
    record Match(RouteKey route, String path, Map<String, String> pathParameters) {}

    private final ProjectConfig.Api api;
    private final Routes routes;
    private final String stagePrefix;

    RouteTable(ProjectConfig.Api api) {
        this.api = api;
        this.routes = new Routes(api.routes().stream().map(r -> new RouteKey(r.method(), r.path())).toList());
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
    List<RouteKey> routes() {
        return routes.inPrecedence();
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
        return routes.match(method, path).map(m -> new Match(m.route(), path, m.pathParameters()));
    }
}
