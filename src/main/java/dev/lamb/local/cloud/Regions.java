package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.lamb.local.cloud.apigateway.ApiGatewayService;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.local.cloud.logs.LogsService;
import dev.lamb.local.cloud.xray.XRayService;

/**
 * The local cloud's regions, each a cloud of its own as on AWS: its own Lambda, API Gateway, CloudWatch Logs and
 * X-Ray, with their own state, made the first time a request names the region and kept in a folder of its own.
 * IAM and STS are global and are not here.
 */
final class Regions implements AutoCloseable {
    /**
     * The region whose state stays where the local cloud kept all its state before it had regions: the data
     * folder itself. lamb's own --local uses it, and a data folder from before then loads as it. The others are
     * under {@code regions/<name>/}.
     */
    static final String HOME = "us-east-1";
    static final String FOLDER = "regions";
    // The regions Lambda's ARNs allow (its service model's pattern): a name that could not be one is refused before it
    // becomes a folder.
    private static final Pattern NAME = Pattern.compile("^[a-z]{2}(-gov)?-[a-z]+-\\d$");

    /** One region's services, wired to each other as in an AWS region. */
    record Services(LambdaService lambda, ApiGatewayService apiGateway, LogsService logs, XRayService xray) {
        List<AwsService> all() {
            return List.of(lambda, apiGateway, logs, xray);
        }
    }

    /** Makes a region's services over its data folder; {@code regions} gives the others (an integration's Lambda). */
    @FunctionalInterface
    interface Factory {
        Services create(String region, Path dataDir, Regions regions);
    }

    private final Path dataDir;
    private final Factory factory;
    private final Map<String, Services> regions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String endpoint;
    private volatile Faults faults;

    /** Opens the home region and every region the data folder already holds, so that their state is served and counted. */
    Regions(Path dataDir, Factory factory) {
        this.dataDir = dataDir;
        this.factory = factory;
        of(HOME);
        try (Stream<Path> kept = Files.isDirectory(dataDir.resolve(FOLDER)) ? Files.list(dataDir.resolve(FOLDER)) : Stream.empty()) {
            kept.map(p -> p.getFileName().toString()).filter(n -> NAME.matcher(n).matches()).forEach(this::of);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the regions in " + dataDir.resolve(FOLDER), e);
        }
    }

    /** The region's services, made on first use; a name no region could have is refused as AWS refuses its signature. */
    Services of(String region) {
        if (region == null || !NAME.matcher(region).matches()) {
            throw new AwsServiceException(403, "InvalidSignatureException", "Credential should be scoped to a valid region. ");
        }
        return regions.computeIfAbsent(region, this::open);
    }

    private Services open(String region) {
        if (closed.get()) {
            throw new AwsServiceException(503, "ServiceUnavailableException", "lamb's local cloud is stopping");
        }
        Path dir = HOME.equals(region) ? dataDir : dataDir.resolve(FOLDER).resolve(region);
        try {
            // Function environments hold secrets: no other user may enter the folder.
            DurableFiles.privateDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the local cloud's data folder " + dir, e);
        }
        Services services = factory.create(region, dir, this);
        if (endpoint != null) {
            services.all().forEach(s -> s.servedAt(endpoint));
        }
        if (faults != null) {
            services.all().forEach(s -> s.useFaults(faults));
        }
        return services;
    }

    /** The first region whose services pass the test (the one holding an API, whose id is unique across regions). */
    Optional<String> find(Predicate<Services> holds) {
        return regions.entrySet().stream().filter(e -> holds.test(e.getValue())).map(Map.Entry::getKey).findFirst();
    }

    /** One service of every region, as one service: the router that hands each request to its region's. */
    AwsService service(Function<Services, AwsService> pick, Function<CloudRequest, Optional<String>> dataPlaneRegion) {
        return new RegionRouter(this, pick, dataPlaneRegion);
    }

    Stream<Services> all() {
        return regions.values().stream();
    }

    void servedAt(String endpoint) {
        this.endpoint = endpoint;
        regions.values().forEach(r -> r.all().forEach(s -> s.servedAt(endpoint)));
    }

    void useFaults(Faults faults) {
        this.faults = faults;
        regions.values().forEach(r -> r.all().forEach(s -> s.useFaults(faults)));
    }

    /** Closes every region's services once, however many of their routers close it. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            regions.values().forEach(r -> r.all().forEach(AwsService::close));
        }
    }
}
