package dev.lamb.local.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One regional service (Lambda, API Gateway, Logs or X-Ray) as the cloud sees it: each request goes to the
 * service of the region it was signed for, or, on a data plane, of the region its host or API names.
 */
final class RegionRouter implements AwsService {
    private final Regions regions;
    private final Function<Regions.Services, AwsService> pick;
    private final Function<CloudRequest, Optional<String>> dataPlaneRegion;
    /** The home region's service, always open: it answers what every region's answers alike (name, table, body limits, errors). */
    private final AwsService home;

    RegionRouter(Regions regions, Function<Regions.Services, AwsService> pick,
            Function<CloudRequest, Optional<String>> dataPlaneRegion) {
        this.regions = regions;
        this.pick = pick;
        this.dataPlaneRegion = dataPlaneRegion;
        this.home = pick.apply(regions.of(Regions.HOME));
    }

    @Override
    public String signingName() {
        return home.signingName();
    }

    /** A data plane's request reaches only a region that holds something: one naming any other finds nothing there. */
    @Override
    public CloudResponse handle(CloudRequest request) {
        Optional<String> dataPlane = dataPlaneRegion.apply(request);
        if (dataPlane.isPresent()) {
            return regions.existing(dataPlane.get()).map(r -> pick.apply(r).handle(request))
                    .orElseGet(() -> CloudResponse.json(404, Map.of("Message", "lamb's local cloud holds nothing in " + dataPlane.get()
                            + " for " + Optional.ofNullable(request.header("Host")).orElse("") + request.path())));
        }
        return regions.serve(request.region(), r -> pick.apply(r).handle(request));
    }

    @Override
    public OperationTable<?> operations() {
        return home.operations();
    }

    /**
     * The actions as the region {@link #handle} routes to asks for them: a function URL's are known to its region's
     * Lambda only. A data plane naming a region that holds nothing asks for none (it finds nothing there); the others
     * are judged from the request alone, so asking never touches the region's folder.
     */
    @Override
    public List<IamAction> iamActions(CloudRequest request) {
        Optional<String> dataPlane = dataPlaneRegion.apply(request);
        if (dataPlane.isPresent()) {
            return regions.existing(dataPlane.get()).map(r -> pick.apply(r).iamActions(request)).orElse(List.of());
        }
        return pick.apply(regions.of(request.region())).iamActions(request);
    }

    @Override
    public BodyLimit bodyLimit(CloudRequest head) {
        return home.bodyLimit(head);
    }

    @Override
    public CloudResponse error(AwsServiceException e) {
        return home.error(e);
    }

    @Override
    public CloudResponse error(CloudRequest head, AwsServiceException e) {
        return home.error(head, e);
    }

    @Override
    public void servedAt(String endpoint) {
        regions.servedAt(endpoint);
    }

    @Override
    public void useFaults(Faults faults) {
        regions.useFaults(faults);
    }

    /** Every region's resources, added up: `lamb local status` counts the whole cloud. */
    @Override
    public Map<String, Integer> counts() {
        Map<String, Integer> sum = new TreeMap<>();
        regions.all().forEach(r -> pick.apply(r).counts().forEach((name, n) -> sum.merge(name, n, Integer::sum)));
        return sum;
    }

    @Override
    public Map<String, Object> about() {
        return home.about();
    }

    @Override
    public void close() {
        regions.close();
    }
}
