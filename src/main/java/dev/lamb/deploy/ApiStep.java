package dev.lamb.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.lamb.config.ProjectConfig;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.EndpointType;
import software.amazon.awssdk.services.apigateway.model.GetMethodResponse;
import software.amazon.awssdk.services.apigateway.model.Integration;
import software.amazon.awssdk.services.apigateway.model.IntegrationType;
import software.amazon.awssdk.services.apigateway.model.Method;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.Resource;
import software.amazon.awssdk.services.apigateway.model.RestApi;
import software.amazon.awssdk.services.apigateway.model.Stage;

/**
 * The REST API in front of the stages' aliases: found by lamb's tag (else by name) or created REGIONAL; a
 * resource per path segment, a method per route with an AWS_PROXY integration to the alias the stage variable
 * names, the methods and empty resources of routes taken out of lamb.toml removed, and a deployment to this
 * stage whenever its deployment is not of these routes or the stage does not exist yet. Other stages keep
 * serving their own deployments.
 */
final class ApiStep {
    static final String STEP = "api";

    private final DeployRun run;
    /** This stage as found (null when it does not exist yet), and the description its deployment should carry. */
    private Stage stage;
    private String deployment = "lamb deploy";

    ApiStep(DeployRun run) {
        this.run = run;
    }

    /** The API's id; in a dry run for a new API, a placeholder. */
    String apply(List<ProjectConfig.Route> routes, String aliasArn) {
        ApiGatewayClient apigw = run.aws.apiGateway();
        Optional<RestApi> found = run.reads.api.get();
        if (found.isEmpty()) {
            String[] id = {null};
            run.write(STEP, Change.Action.CREATE, "REST API " + run.names.api(), "REGIONAL", () -> id[0] = apigw.createRestApi(r -> r
                    .name(run.names.api())
                    .description("HTTP routes of the Lambda function " + run.names.function() + ", made by lamb")
                    .endpointConfiguration(e -> e.types(EndpointType.REGIONAL))
                    .tags(run.names.tags())).id());
            if (run.dryRun) {
                routes.forEach(route -> run.write(STEP, Change.Action.CREATE, "route " + route, "AWS_PROXY -> the stage's alias", () -> {}));
                run.write(STEP, Change.Action.CREATE, "stage " + run.names.stage(), DeployNames.STAGE_VARIABLE + " = " + run.names.alias(), () -> {});
                return "(new API)";
            }
            return routes(apigw, id[0], routes, aliasArn, false);
        }
        return routes(apigw, found.get().id(), routes, aliasArn, true);
    }

    /** {@code found}: the API existed before this run, so that what the run read of it holds; a new one is read now. */
    private String routes(ApiGatewayClient apigw, String apiId, List<ProjectConfig.Route> routes, String aliasArn, boolean found) {
        Map<String, Resource> byPath = new HashMap<>();
        (found ? run.reads.apiResources.get() : resources(apigw, apiId)).forEach(r -> byPath.put(r.path(), r));
        String uri = integrationUri(run.region, aliasArn);
        // Removed first, so that a renamed path parameter ({id} to {itemId}) finds its sibling slot free. The
        // stage serves its last deployment until the new one below, so no route is missing in between.
        removeDropped(apigw, apiId, byPath, routes, aliasArn);
        for (ProjectConfig.Route route : routes) {
            String resourceId = resource(apigw, apiId, byPath, route.path());
            method(apigw, apiId, resourceId, embedded(byPath.get(route.path()), route.method()), route, uri);
        }
        // A new API has no stage yet; the routes' writes above leave an existing API's stages as they were read.
        DeployReads.StageFound current = found ? run.reads.apiStage.get() : new DeployReads.StageFound(null, null);
        stage = current.stage();
        deployment = deploymentDescription(routes, uri);
        // Other stages share the API's methods but serve their own deployment: this stage is redeployed when its
        // deployment is not of these routes (changed now, or by a deploy to another stage) or calls another alias.
        if (stage == null || !servesThis(current.deploymentDescription())) {
            deployStage(apiId, stage != null ? Change.Action.UPDATE : Change.Action.CREATE);
        } else {
            run.unchanged(STEP, "REST API " + apiId + " stage " + run.names.stage());
        }
        return apiId;
    }

    /**
     * The integration's URI: the function with the alias left to the stage variable, so that each stage invokes
     * its own alias (API Gateway's documented way to one API for several stages).
     */
    static String integrationUri(String region, String aliasArn) {
        int colon = aliasArn.lastIndexOf(':');
        String function = aliasArn.startsWith("arn:") ? aliasArn.substring(0, colon) : aliasArn;
        return "arn:aws:apigateway:" + region + ":lambda:path/2015-03-31/functions/" + function
                + ":${stageVariables." + DeployNames.STAGE_VARIABLE + "}/invocations";
    }

    /** The description of a deployment of these routes to this integration: how a stage's deployment is known current. */
    private static String deploymentDescription(List<ProjectConfig.Route> routes, String uri) {
        String fingerprint = DeployNames.sha256Hex(new TreeSet<>(routes.stream().map(Object::toString).toList()) + " " + uri);
        return "lamb deploy (routes " + fingerprint.substring(0, 12) + ")";
    }

    /** {@code served}: the description of the deployment the stage serves (null when it is gone). */
    private boolean servesThis(String served) {
        if (stage.variables() == null || !run.names.alias().equals(stage.variables().get(DeployNames.STAGE_VARIABLE))) {
            return false;
        }
        return deployment.equals(served);
    }

    /** The API's resources; embed=methods, as the API reference documents it, so that each lists its methods whole. */
    static List<Resource> resources(ApiGatewayClient apigw, String apiId) {
        return apigw.getResourcesPaginator(r -> r.restApiId(apiId).limit(500).embed("methods")).items().stream().toList();
    }

    /**
     * A new deployment of the stage, with its alias variable set (the stage's other variables kept): what the
     * stage serves changes only with one.
     */
    void deployStage(String apiId, Change.Action action) {
        Map<String, String> variables = new TreeMap<>(stage == null || stage.variables() == null ? Map.of() : stage.variables());
        variables.put(DeployNames.STAGE_VARIABLE, run.names.alias());
        run.write(STEP, action, "stage " + run.names.stage(), "new deployment, " + DeployNames.STAGE_VARIABLE + " = "
                + run.names.alias(), () -> run.aws.apiGateway().createDeployment(r -> r.restApiId(apiId)
                        .stageName(run.names.stage()).description(deployment).variables(variables)));
    }

    /** The id of the resource at {@code path}, creating it and any missing parent; null in a dry run for a new one. */
    private String resource(ApiGatewayClient apigw, String apiId, Map<String, Resource> byPath, String path) {
        Resource existing = byPath.get(path);
        if (existing != null) {
            return existing.id();
        }
        int slash = path.lastIndexOf('/');
        String parentPath = slash == 0 ? "/" : path.substring(0, slash);
        String parentId = resource(apigw, apiId, byPath, parentPath);
        String part = path.substring(slash + 1);
        // In a dry run a new resource has no id (null): its methods are new too.
        Resource[] made = {Resource.builder().path(path).build()};
        run.write(STEP, Change.Action.CREATE, "resource " + path, "", () -> made[0] = Resource.builder()
                .id(apigw.createResource(r -> r.restApiId(apiId).parentId(parentId).pathPart(part)).id()).path(path).build());
        byPath.put(path, made[0]);
        return made[0].id();
    }

    /**
     * The method as GetResources embedded it: whole (its httpMethod set, its integration null only when it has none),
     * or null when the resource was listed without it whole (an emulator that names methods only) or is new.
     */
    private static Method embedded(Resource resource, String httpMethod) {
        Method method = resource == null || !resource.hasResourceMethods() ? null : resource.resourceMethods().get(httpMethod);
        return method != null && method.httpMethod() != null ? method : null;
    }

    /**
     * Puts the route's method and integration where missing or pointing elsewhere. {@code embedded}: the method as the
     * resources' listing gave it whole; without it, GetMethod says whether it exists.
     */
    private void method(ApiGatewayClient apigw, String apiId, String resourceId, Method embedded, ProjectConfig.Route route,
            String uri) {
        String httpMethod = route.method();
        Integration integration = embedded == null ? null : embedded.methodIntegration();
        boolean exists = embedded != null;
        if (embedded == null && resourceId != null) {
            try {
                GetMethodResponse method = apigw.getMethod(r -> r.restApiId(apiId).resourceId(resourceId).httpMethod(httpMethod));
                integration = method.methodIntegration();
                exists = true;
            } catch (NotFoundException e) {
                // not there yet
            }
        }
        if (!exists) {
            run.write(STEP, Change.Action.CREATE, "method " + route, "no authorization", () -> apigw.putMethod(r -> r
                    .restApiId(apiId).resourceId(resourceId).httpMethod(httpMethod).authorizationType("NONE")));
        }
        if (integration == null || !uri.equals(integration.uri()) || integration.type() != IntegrationType.AWS_PROXY) {
            run.write(STEP, integration == null ? Change.Action.CREATE : Change.Action.UPDATE, "integration " + route,
                    "AWS_PROXY -> the stage's alias", () -> apigw.putIntegration(r -> r.restApiId(apiId).resourceId(resourceId)
                            .httpMethod(httpMethod).type(IntegrationType.AWS_PROXY).integrationHttpMethod("POST").uri(uri)));
        }
    }

    /**
     * Removes the methods (and so their integrations) of routes no longer in lamb.toml, then the resources
     * that leaves empty, so that a route the user took out stops answering. Only a method whose integration
     * calls this function is lamb's to remove: one the user added by hand, pointing elsewhere, stays.
     */
    private void removeDropped(ApiGatewayClient apigw, String apiId, Map<String, Resource> byPath,
            List<ProjectConfig.Route> routes, String aliasArn) {
        Set<String> wanted = new HashSet<>();
        routes.forEach(r -> wanted.add(r.toString()));
        int colon = aliasArn.lastIndexOf(':');
        // A function not created yet (a dry run) has no ARN, and no method can call it: nothing is dropped.
        String functionArn = colon < 0 ? null : aliasArn.substring(0, colon);
        Set<String> keep = new HashSet<>();
        routes.forEach(r -> keep.add(r.path()));
        Map<String, String> idOf = new HashMap<>();
        List<ProjectConfig.Route> dropped = new ArrayList<>();
        for (Resource resource : byPath.values()) {
            idOf.put(resource.path(), resource.id());
            for (String httpMethod : resource.resourceMethods().keySet()) {
                ProjectConfig.Route route = new ProjectConfig.Route(httpMethod, resource.path());
                if (wanted.contains(route.toString())) {
                    continue;
                }
                if (callsFunction(apigw, apiId, resource, httpMethod, functionArn)) {
                    dropped.add(route);
                } else {
                    keep.add(resource.path());
                }
            }
        }
        for (ProjectConfig.Route route : dropped) {
            run.write(STEP, Change.Action.REMOVE, route.toString(), "method and integration", () -> apigw.deleteMethod(r -> r
                    .restApiId(apiId).resourceId(idOf.get(route.path())).httpMethod(route.method())));
        }
        // A resource is empty when no method is left on it or below it; deleting the topmost one takes its children.
        Set<String> occupied = new HashSet<>();
        keep.forEach(path -> occupied.addAll(selfAndAncestors(path)));
        Set<String> emptied = new TreeSet<>();
        for (ProjectConfig.Route route : dropped) {
            String top = null;
            for (String path : selfAndAncestors(route.path())) {
                if (!occupied.contains(path)) {
                    top = path;
                }
            }
            if (top != null) {
                emptied.add(top);
            }
        }
        for (String path : emptied) {
            run.write(STEP, Change.Action.DELETE, "resource " + path, "left empty", () -> apigw.deleteResource(r -> r
                    .restApiId(apiId).resourceId(idOf.get(path))));
            // Its children went with it.
            byPath.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
        }
    }

    /** Whether the method's integration (embedded, else read) invokes this function (any alias or version of it). */
    private static boolean callsFunction(ApiGatewayClient apigw, String apiId, Resource resource, String httpMethod,
            String functionArn) {
        if (functionArn == null) {
            return false;
        }
        Method embedded = resource.resourceMethods().get(httpMethod);
        Integration integration = embedded == null ? null : embedded.methodIntegration();
        if (integration == null) {
            try {
                integration = apigw.getMethod(r -> r.restApiId(apiId).resourceId(resource.id()).httpMethod(httpMethod))
                        .methodIntegration();
            } catch (NotFoundException e) {
                return false;
            }
        }
        String uri = integration == null ? null : integration.uri();
        if (uri == null || !uri.endsWith("/invocations") || !uri.contains("/functions/")) {
            return false;
        }
        String target = uri.substring(uri.indexOf("/functions/") + "/functions/".length(), uri.length() - "/invocations".length());
        return target.equals(functionArn) || target.startsWith(functionArn + ":");
    }

    /** /a/b/c, /a/b and /a: the resources a path needs, the root left out. */
    private static List<String> selfAndAncestors(String path) {
        List<String> paths = new ArrayList<>();
        for (String p = path; p.length() > 1; p = p.substring(0, p.lastIndexOf('/'))) {
            paths.add(p);
        }
        return paths;
    }

    /** lamb's API for this function: the one with its tag, else one with its name. */
    static Optional<RestApi> find(ApiGatewayClient apigw, DeployNames names) {
        List<RestApi> all = apigw.getRestApisPaginator(r -> r.limit(500)).items().stream().toList();
        Optional<RestApi> tagged = all.stream()
                .filter(a -> Ownership.isLambs(a.tags(), names)).findFirst();
        return tagged.isPresent() ? tagged : all.stream().filter(a -> names.api().equals(a.name())).findFirst();
    }
}
