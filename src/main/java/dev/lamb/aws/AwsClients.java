package dev.lamb.aws;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.crypto.Mac;

import dev.lamb.lambda.FunctionCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsAsyncClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * Builds lamb's SDK clients, each on first use and once per run, all sharing one HTTP client and one
 * target. Commands hold this, never a client, so that a command that makes no AWS call loads no SDK.
 */
public final class AwsClients implements AutoCloseable {
    private final AwsTarget target;
    private final CallCounter calls = new CallCounter();
    private final List<AutoCloseable> built = new CopyOnWriteArrayList<>();
    private final RetryStrategy retries;
    /**
     * The SDK's standard retries (throttling and 5xx, exponential backoff with jitter), with more attempts
     * than its three: a deploy rides out a burst of throttling instead of failing halfway.
     */
    private static final RetryStrategy RETRIES =
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(6).build();
    private SdkHttpClient http;
    // Each client is built on first use, under a lock of its own (AheadRead's): a deploy's reads of five services build
    // their five clients at once, on the threads that first need them, rather than one after the other.
    private final AheadRead<LambdaClient> lambda = new AheadRead<>(() -> build(LambdaClient::builder));
    private final AheadRead<IamClient> iam = new AheadRead<>(() -> build(IamClient::builder, iamRegion()));
    private final AheadRead<ApiGatewayClient> apiGateway = new AheadRead<>(() -> build(ApiGatewayClient::builder));
    private final AheadRead<CloudWatchLogsClient> logs = new AheadRead<>(() -> build(CloudWatchLogsClient::builder));
    private final AheadRead<CloudWatchClient> cloudWatch = new AheadRead<>(() -> build(CloudWatchClient::builder));
    private CloudWatchLogsAsyncClient logsLive;
    private final AheadRead<XRayClient> xray = new AheadRead<>(() -> build(XRayClient::builder));
    private final AheadRead<S3Client> s3 = new AheadRead<>(() -> build(this::s3Builder));
    private final AheadRead<StsClient> sts = new AheadRead<>(() -> build(StsClient::builder));
    private final AheadRead<SecretsManagerClient> secretsManager = new AheadRead<>(() -> build(SecretsManagerClient::builder));
    private final AheadRead<SsmClient> ssm = new AheadRead<>(() -> build(SsmClient::builder));
    private AwsCredentialsProvider credentials;

    /** Clients whose throttling notice goes to stderr. */
    public AwsClients(AwsTarget target) {
        this(target, line -> System.err.println(line));
    }

    /** {@code notices}: where the one line about throttled, retried calls goes (the command's progress). */
    public AwsClients(AwsTarget target, Consumer<String> notices) {
        this(target, notices, RETRIES);
    }

    /**
     * For tests (through dev.lamb.aws.TestAwsClients): the same retries, which errors and how many attempts, with every
     * delay at most {@code maxDelay}, so that a test riding out throttling does not wait out AWS's 20-second backoff.
     */
    AwsClients(AwsTarget target, Consumer<String> notices, Duration maxDelay) {
        this(target, notices, RETRIES.toBuilder().backoffStrategy(BackoffStrategy.exponentialDelay(maxDelay.dividedBy(16), maxDelay))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(maxDelay.dividedBy(16), maxDelay)).build());
    }

    private AwsClients(AwsTarget target, Consumer<String> notices, RetryStrategy retries) {
        this.target = target;
        this.retries = new ThrottleNotice(retries, notices);
    }

    /**
     * Fails now, with exit 3 and one line, when the SDK finds no credentials: before a command builds or
     * changes anything, rather than at its first call.
     */
    public void requireCredentials() {
        credentials().resolveCredentials();
    }

    /** The AWS calls made through these clients so far, reads and writes. */
    public CallCounter calls() {
        return calls;
    }

    public LambdaClient lambda() {
        return lambda.get();
    }

    public IamClient iam() {
        return iam.get();
    }

    public ApiGatewayClient apiGateway() {
        return apiGateway.get();
    }

    public CloudWatchLogsClient logs() {
        return logs.get();
    }

    /** CloudWatch (metrics and alarms). */
    public CloudWatchClient cloudWatch() {
        return cloudWatch.get();
    }

    /**
     * The async Logs client, for StartLiveTail only: the SDK serves event streams on async clients alone.
     * It has its own Netty HTTP client, built only when a live tail starts.
     */
    public synchronized CloudWatchLogsAsyncClient logsLiveTail() {
        if (logsLive == null) {
            var b = CloudWatchLogsAsyncClient.builder().credentialsProvider(credentials())
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder());
            if (target.region() != null) {
                b.region(Region.of(target.region()));
            }
            if (target.endpoint() != null) {
                // StartLiveTail's host prefix ("streaming-") would otherwise be glued to the override's host.
                b.endpointOverride(target.endpoint()).overrideConfiguration(c -> c.putAdvancedOption(
                        SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true));
            }
            logsLive = b.build();
            built.add(logsLive);
        }
        return logsLive;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    /** SSM, for Parameter Store. */
    public SsmClient ssm() {
        return ssm.get();
    }

    public StsClient sts() {
        return sts.get();
    }

    /**
     * The credentials these clients sign with, as the SDK resolves them (keys, profile, SSO, instance role...):
     * what `--aws-credentials` hands a function run on this machine.
     */
    public FunctionCredentials resolvedCredentials() {
        AwsCredentials resolved = credentials().resolveCredentials();
        return new FunctionCredentials(resolved.accessKeyId(), resolved.secretAccessKey(),
                resolved instanceof AwsSessionCredentials session ? session.sessionToken() : null,
                resolved.expirationTime().orElse(null));
    }

    /** S3, path-style against an endpoint (the local cloud, emulators), whose bucket host names may not resolve. */
    public S3Client s3() {
        return s3.get();
    }

    private S3ClientBuilder s3Builder() {
        // Checksums only where S3 requires them: the parts' MD5 ETags are checked, and a CRC per chunk costs CPU on 120 MB.
        return S3Client.builder().forcePathStyle(target.endpoint() != null).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
    }

    /** IAM is global: it signs for us-east-1 whatever the function's region. */
    private String iamRegion() {
        return target.endpoint() != null ? "us-east-1" : "aws-global";
    }

    public XRayClient xray() {
        return xray.get();
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> C build(Supplier<B> builder) {
        return build(builder, target.region());
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable>
            C build(Supplier<B> builder, String region) {
        B b = builder.get().credentialsProvider(credentials()).httpClient(http())
                .overrideConfiguration(c -> c.addExecutionInterceptor(calls).retryStrategy(retries));
        if (region != null) {
            b.region(Region.of(region));
        }
        if (target.endpoint() != null) {
            b.endpointOverride(target.endpoint());
        }
        C client = b.build();
        built.add(client);
        return client;
    }

    /**
     * Loads the JCE's HmacSHA256, which SigV4 needs before a client's first request: its first use costs some 60 ms, during
     * which every thread about to sign waits. Called on a thread of its own, it overlaps the clients' build.
     */
    public static void warmSigning() {
        try {
            Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            return; // the signer says so on the first request, as before
        }
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            // Synchronous invokes run as long as the function's timeout (up to 15 minutes).
            Apache5HttpClient.Builder builder = Apache5HttpClient.builder().socketTimeout(Duration.ofMinutes(15));
            if (target.endpoint() != null && "http".equalsIgnoreCase(target.endpoint().getScheme())) {
                builder.tlsSocketStrategy(new LazyTls());
            }
            http = builder.build();
        }
        return http;
    }

    /** One provider for every client, so that credentials are found (and cached) once a run. */
    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = target.keys() != null
                    ? StaticCredentialsProvider.create(AwsBasicCredentials.create(target.keys().accessKeyId(), target.keys().secretAccessKey()))
                    : target.profile() != null ? ProfileCredentialsProvider.create(target.profile())
                    : DefaultCredentialsProvider.builder().build();
            if (credentials instanceof AutoCloseable closeable) {
                built.add(closeable);
            }
        }
        return credentials;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : built) {
            try {
                client.close();
            } catch (Exception e) {
                // closing is best effort at the end of a run
            }
        }
        if (http != null) {
            http.close();
        }
    }
}
