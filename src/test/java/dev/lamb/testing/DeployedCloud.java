package dev.lamb.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.local.cloud.InvocationLimits;
import dev.lamb.local.cloud.LocalCloud;
import dev.lamb.local.cloud.LocalCloudCredentials;
import dev.lamb.local.cloud.LocalCloudServices;
import dev.lamb.local.cloud.lambda.AsyncDelayScale;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.ui.Terminals;

/**
 * lamb's local cloud, in-process, and Python projects deployed to it through lamb as a user deploys them
 * (--endpoint-url, with the SDK's default credentials read from system properties). {@link #aws} reads back
 * what lamb did, through the SDK.
 *
 * <p>As a JUnit extension: {@code @RegisterExtension static final DeployedCloud cloud = DeployedCloud.perClass();},
 * or {@link #perTest()} on an instance field (see {@link CloudLifecycle}). {@link #start} is for a cloud a test
 * closes itself, on a folder it names.
 */
public final class DeployedCloud extends CloudLifecycle implements AutoCloseable {
    private static final String ACCESS_KEY = "aws.accessKeyId";
    private static final String SECRET_KEY = "aws.secretAccessKey";

    private LocalCloud cloud;
    private AwsClients aws;
    private double asyncDelayScale = AsyncDelayScale.of(null, System.getenv());
    private Duration stateDelay = LambdaService.defaultStateDelay();
    private Optional<LocalCloudCredentials> keys = Optional.empty();
    private Clock clock = Clock.systemUTC();

    private DeployedCloud(boolean perTest) {
        super(perTest);
    }

    /** One cloud for the whole test class: register it on a static field. */
    public static DeployedCloud perClass() {
        return new DeployedCloud(false);
    }

    /** A fresh cloud for each test: register it on an instance field. */
    public static DeployedCloud perTest() {
        return new DeployedCloud(true);
    }

    /** Asynchronous invocation's clock at {@code scale} of Lambda's (0.01: a 1-minute retry delay is 0.6 s), before it starts. */
    public DeployedCloud asyncDelayScale(double scale) {
        this.asyncDelayScale = scale;
        return this;
    }

    /** Lambda's invocations and CloudWatch's metrics and alarms on {@code clock}, before it starts: a test moves it a minute on. */
    public DeployedCloud clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Functions Active and updates Successful at once, before it starts: for a class that publishes many versions and
     * proves something else than lamb's waits (each wait is a second, the SDK waiter's delay, at Lambda's state delay).
     */
    public DeployedCloud withoutStateDelay() {
        this.stateDelay = Duration.ZERO;
        return this;
    }

    /**
     * Verifies every signature (as `lamb local start --auth` does) against the keys the SDK signs with here, and a role
     * session's against its secret, before it starts: for a class that proves a client's own SigV4 signing.
     */
    public DeployedCloud verifyingSignatures() {
        this.keys = Optional.of(LocalCloudCredentials.TEST);
        return this;
    }

    public static DeployedCloud start(Path data) {
        DeployedCloud deployed = new DeployedCloud(false);
        deployed.open(data);
        return deployed;
    }

    @Override
    void open(Path data) {
        RequiredTools.require("python3");
        System.setProperty(ACCESS_KEY, "test");
        System.setProperty(SECRET_KEY, "test");
        cloud = LocalCloud.start(0, LocalCloudServices.create(data, notice -> {}, InvocationLimits.defaults(), asyncDelayScale,
                stateDelay, clock), keys);
        aws = new AwsClients(AwsTarget.localCloud(URI.create(cloud.endpoint())));
    }

    @Override
    void shut() {
        if (cloud != null) {
            close();
        }
    }

    /** The local cloud itself: its endpoint, port and faults. */
    public LocalCloud local() {
        return cloud;
    }

    /** SDK clients pointed at this cloud. */
    public AwsClients aws() {
        return aws;
    }

    public String endpoint() {
        return cloud.endpoint();
    }

    /** A new Python project named {@code name}, made by `lamb init`. */
    public static Path init(Path parent, String name) {
        Path dir = parent.resolve(name);
        Lamb.Run run = Lamb.run("init", name, "--runtime", "python", "--yes", "--dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        return dir;
    }

    public Lamb.Run lamb(String... args) {
        return lamb(Terminals.none(), args);
    }

    /** lamb with the given arguments, sending its AWS calls to this cloud. */
    public Lamb.Run lamb(Terminals terminals, String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--endpoint-url", cloud.endpoint(), "--region", "us-east-1"))
                .toArray(String[]::new);
        return Lamb.run(terminals, all);
    }

    /** A new Python project under {@code parent} whose handler.py is {@code handler}, deployed here. */
    public Path deployed(Path parent, String name, String handler) {
        Path dir = init(parent, name);
        try {
            Files.writeString(dir.resolve("handler.py"), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deploy(dir);
        return dir;
    }

    /** The function's versions, $LATEST first, as Lambda lists them. */
    public List<String> versions(String function) {
        return aws.lambda().listVersionsByFunctionPaginator(r -> r.functionName(function)).versions().stream()
                .map(v -> v.version()).toList();
    }

    /** Deploys the project and returns the URL its route answers at, without the example query deploy prints. */
    public String deploy(Path project) {
        Lamb.Run run = lamb("deploy", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> lines = run.out().lines().toList();
        return lines.get(lines.size() - 1).replaceFirst("\\?.*", "");
    }

    /** The handler's greeting, changed in place: "Hello, Ada!" becomes "GREETING, Ada!". */
    public static void greetWith(Path project, String greeting) {
        Path handler = project.resolve("handler.py");
        try {
            String code = Files.readString(handler);
            Files.writeString(handler, code.replaceAll("f\"[A-Za-z]+, \\{name\\}!\"", "f\"" + greeting + ", {name}!\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET url?name=Ada through API Gateway's data plane, as a browser would: the body of a 200. */
    public static String greet(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "?name=Ada"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        aws.close();
        cloud.close();
        cloud = null;
        System.clearProperty(ACCESS_KEY);
        System.clearProperty(SECRET_KEY);
    }
}
