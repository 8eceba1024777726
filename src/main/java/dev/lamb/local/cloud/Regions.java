package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.lamb.local.cloud.apigateway.ApiGatewayService;
import dev.lamb.local.cloud.cloudwatch.CloudWatchService;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.local.cloud.logs.LogsService;
import dev.lamb.local.cloud.secretsmanager.SecretsManagerService;
import dev.lamb.local.cloud.ssm.SsmService;
import dev.lamb.local.cloud.xray.XRayService;

/**
 * The local cloud's regions, each a cloud of its own as on AWS: its own Lambda, API Gateway, CloudWatch Logs,
 * X-Ray and CloudWatch, with their own state, opened the first time a signed request names the region and kept in a folder of its
 * own from its first write: reading a region nobody uses leaves nothing behind. IAM and STS are global and are not here.
 */
public final class Regions implements AutoCloseable {
    /**
     * The region whose state stays where the local cloud kept all its state before it had regions: the data
     * folder itself. lamb's own --local uses it, and a data folder from before then loads as it. The others are
     * under {@code regions/<name>/}.
     */
    public static final String HOME = "us-east-1";
    static final String FOLDER = "regions";
    /**
     * The regions AWS has, in every partition (commercial, China, GovCloud, the ISO partitions, the European Sovereign
     * Cloud), as botocore 1.43.11 lists them in data/endpoints.json ({@code partitions[].regions}). Any other name is
     * refused, as AWS refuses a signature scoped to it, before it becomes a folder.
     */
    static final Set<String> KNOWN = Set.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
            "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
            "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
            "us-east-2", "us-west-1", "us-west-2",
            "cn-north-1", "cn-northwest-1",
            "us-gov-east-1", "us-gov-west-1",
            "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1",
            "eusc-de-east-1");

    /** One region's services, wired to each other as in an AWS region. */
    record Services(LambdaService lambda, ApiGatewayService apiGateway, LogsService logs, XRayService xray,
            CloudWatchService cloudWatch, SecretsManagerService secretsManager, SsmService ssm) {
        List<AwsService> all() {
            return List.of(lambda, apiGateway, logs, xray, cloudWatch, secretsManager, ssm);
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
    /**
     * Regions opened by a read and not yet written, whose folder is removed after each request: the folders their
     * services made as they opened, to make again for the next request.
     */
    private final Map<String, List<Path>> unwritten = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String endpoint;
    private volatile Faults faults;

    /** Opens the home region and every region the data folder already holds, so that their state is served and counted. */
    Regions(Path dataDir, Factory factory) {
        this.dataDir = dataDir;
        this.factory = factory;
        of(HOME);
        try (Stream<Path> kept = Files.isDirectory(dataDir.resolve(FOLDER)) ? Files.list(dataDir.resolve(FOLDER)) : Stream.empty()) {
            kept.map(p -> p.getFileName().toString()).filter(KNOWN::contains).forEach(this::of);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the regions in " + dataDir.resolve(FOLDER), e);
        }
    }

    /** The region's services, opened on first use; a name no AWS region has is refused as AWS refuses its signature. */
    Services of(String region) {
        if (region == null || !KNOWN.contains(region)) {
            throw new AwsServiceException(403, "InvalidSignatureException", "Credential should be scoped to a valid region. ");
        }
        return regions.computeIfAbsent(region, this::open);
    }

    /** A region that holds something (or us-east-1): what a data plane, which names its region unsigned, may reach. */
    Optional<Services> existing(String region) {
        return region == null || unwritten.containsKey(region) ? Optional.empty() : Optional.ofNullable(regions.get(region));
    }

    /**
     * A call on the region's services. In a region not yet written its folder is there for the call only, and kept
     * once the call has written a file into it; calls on such regions take turns, so that no write is undone.
     */
    <T> T serve(String region, Function<Services, T> call) {
        Services services = of(region);
        if (!unwritten.containsKey(region)) {
            return call.apply(services);
        }
        synchronized (unwritten) {
            List<Path> folders = unwritten.get(region);
            if (folders != null) {
                Path dir = folder(region);
                try {
                    for (Path folder : folders) {
                        DurableFiles.privateDirectories(folder);
                    }
                    return call.apply(services);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not make the local cloud's data folder " + dir, e);
                } finally {
                    if (holdsFiles(dir)) {
                        unwritten.remove(region);
                    } else {
                        remove(dir);
                    }
                }
            }
        }
        return call.apply(services);
    }

    private Services open(String region) {
        if (closed.get()) {
            throw AwsServiceException.cloudStopping("ServiceUnavailableException");
        }
        // Folders of regions are made and removed one region at a time, so that removing the regions folder, once
        // empty, never races making a region's folder in it.
        synchronized (unwritten) {
            Path dir = folder(region);
            boolean used = Files.isDirectory(dir);
            Services services = create(region, dir);
            if (!used && !HOME.equals(region)) {
                unwritten.put(region, folders(dir));
                remove(dir);
            }
            return services;
        }
    }

    private Services create(String region, Path dir) {
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

    private Path folder(String region) {
        return HOME.equals(region) ? dataDir : dataDir.resolve(FOLDER).resolve(region);
    }

    private static List<Path> folders(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            return tree.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local cloud's data folder " + dir, e);
        }
    }

    private static boolean holdsFiles(Path dir) {
        try (Stream<Path> tree = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            return tree.anyMatch(p -> !Files.isDirectory(p));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the local cloud's data folder " + dir, e);
        }
    }

    /** Removes an unwritten region's folder, which holds folders only; the regions folder goes too once it is empty. */
    private static void remove(Path dir) {
        try (Stream<Path> tree = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            try (Stream<Path> left = Files.list(dir.getParent())) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(dir.getParent());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the unused region folder " + dir, e);
        }
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
