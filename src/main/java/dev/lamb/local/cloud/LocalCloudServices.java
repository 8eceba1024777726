package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.lamb.lambda.FunctionCredentials;
import dev.lamb.local.cloud.apigateway.ApiGatewayService;
import dev.lamb.local.cloud.cloudwatch.CloudWatchService;
import dev.lamb.local.cloud.iam.IamService;
import dev.lamb.local.cloud.lambda.AsyncDelayScale;
import dev.lamb.local.cloud.lambda.LambdaService;
import dev.lamb.local.cloud.logs.LogsService;
import dev.lamb.local.cloud.s3.S3Service;
import dev.lamb.local.cloud.secretsmanager.SecretsManagerService;
import dev.lamb.local.cloud.ssm.SsmService;
import dev.lamb.local.cloud.sts.StsService;
import dev.lamb.local.cloud.xray.XRayService;
import dev.lamb.local.runtime.FunctionSpec;
import dev.lamb.local.runtime.LocalEngine;

/** The services a local cloud serves, sharing one data folder and one engine: IAM, STS and S3 global, the others per region. */
public final class LocalCloudServices {
    private LocalCloudServices() {}

    public static List<AwsService> create(Path dataDir, Consumer<String> notice) {
        return create(dataDir, notice, InvocationLimits.defaults());
    }

    /** The engine never holds an invocation back itself: Lambda's limits, which answer 429, are the ones that apply. */
    public static List<AwsService> create(Path dataDir, Consumer<String> notice, InvocationLimits limits) {
        return create(dataDir, notice, limits, AsyncDelayScale.of(null, System.getenv()));
    }

    /** The same with asynchronous invocation's clock running at {@code asyncDelayScale} of Lambda's (retry delays, event ages). */
    public static List<AwsService> create(Path dataDir, Consumer<String> notice, InvocationLimits limits, double asyncDelayScale) {
        return create(dataDir, notice, limits, asyncDelayScale, LambdaService.defaultStateDelay());
    }

    /** The same with functions Pending after create, and InProgress after an update, for {@code stateDelay}. */
    public static List<AwsService> create(Path dataDir, Consumer<String> notice, InvocationLimits limits, double asyncDelayScale,
            Duration stateDelay) {
        return create(dataDir, notice, limits, asyncDelayScale, stateDelay, Clock.systemUTC());
    }

    /**
     * The same with Lambda's invocations (and so their metrics, log events and traces) and CloudWatch's alarms on
     * {@code clock} (a test's, to move a minute on). API Gateway's metrics and Logs' own times keep the system clock.
     */
    public static List<AwsService> create(Path dataDir, Consumer<String> notice, InvocationLimits limits, double asyncDelayScale,
            Duration stateDelay, Clock clock) {
        try {
            // Function environments hold secrets: no other user may enter the folder.
            DurableFiles.privateDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the local cloud's data folder " + dataDir, e);
        }
        IamService iam = new IamService(dataDir);
        LocalEngine engine = new LocalEngine(notice, limits.account());
        S3Service s3 = new S3Service(dataDir);
        Regions regions = new Regions(dataDir, (region, dir, all) -> {
            LambdaService lambda = new LambdaService(dir, region, engine, role -> lambdaMayAssume(iam, role), stateDelay, limits);
            LogsService logs = new LogsService(dir);
            XRayService xray = new XRayService(dir);
            lambda.roleCreatedAt(iam::roleCreatedAt);
            lambda.codeObjects(s3::objectFile);
            lambda.recordBuckets(s3::putRecord);
            lambda.asyncInvocation(asyncDelayScale, notice);
            lambda.clock(clock);
            lambda.onInvocation(logs::record);
            lambda.onInvocation(xray::record);
            CloudWatchService cloudWatch = new CloudWatchService(region, clock, dir, asyncDelayScale, notice);
            lambda.onInvocation(cloudWatch.recorder()::invoked);
            lambda.onThrottle(cloudWatch.recorder()::throttled);
            lambda.onAsyncEvent(cloudWatch.recorder()::asyncEvent);
            ApiGatewayService apiGateway = ApiGatewayService.regional(dir, r -> all.of(r).lambda());
            apiGateway.onRequest(cloudWatch.recorder()::apiRequest);
            return new Regions.Services(lambda, apiGateway, logs, xray, cloudWatch, new SecretsManagerService(region, dir),
                    new SsmService(dir));
        });
        StsService sts = new StsService(iam::assumableRole, iam::decide);
        engine.functionsCredentials(spec -> roleCredentials(iam, sts, spec));
        return List.of(iam,
                regions.service(Regions.Services::lambda, LambdaService::dataPlaneRegion),
                regions.service(Regions.Services::apiGateway, r -> ApiGatewayService.dataPlaneApi(r)
                        .flatMap(api -> regions.find(region -> region.apiGateway().holds(api)))),
                regions.service(Regions.Services::logs, r -> Optional.empty()),
                regions.service(Regions.Services::xray, r -> Optional.empty()),
                regions.service(Regions.Services::cloudWatch, r -> Optional.empty()),
                regions.service(Regions.Services::secretsManager, r -> Optional.empty()),
                regions.service(Regions.Services::ssm, r -> Optional.empty()),
                sts, s3);
    }

    /**
     * Whether CreateFunction and UpdateFunctionConfiguration take the role: it exists, and its trust policy lets Lambda
     * assume it for this account (Lambda sets aws:SourceAccount when it assumes an execution role).
     */
    private static boolean lambdaMayAssume(IamService iam, String role) {
        return iam.roleExists(role) && iam.trusts(role, "lambda.amazonaws.com", Map.of("aws:SourceAccount", LocalAccount.ID));
    }

    /**
     * What Lambda gives an execution environment as it starts: its role's temporary credentials, the session named
     * after the function, lasting as long as the role allows (the engine replaces an instance before they expire).
     * None when the role is gone or the function's name is too short for a session name: the stand-in keys then.
     */
    private static Optional<FunctionCredentials> roleCredentials(IamService iam, StsService sts, FunctionSpec spec) {
        try {
            return iam.assumableRole(spec.role()).map(role -> sts.assume(role.arn(), spec.name(), role.maxSessionDuration()))
                    .map(s -> new FunctionCredentials(s.accessKeyId(), s.secretAccessKey(), s.sessionToken(), s.expiration()));
        } catch (AwsServiceException e) {
            return Optional.empty();
        }
    }

    /**
     * The dispatch tables of the services {@link #create} serves, read without starting any (the tables are
     * the services' own, static): what `lamb local operations` and docs/local-cloud.md list.
     */
    public static List<OperationTable<?>> operationTables() {
        return List.of(IamService.operationTable(), LambdaService.operationTable(), ApiGatewayService.operationTable(),
                LogsService.operationTable(), XRayService.operationTable(), CloudWatchService.operationTable(),
                SecretsManagerService.operationTable(), StsService.operationTable(), S3Service.operationTable(),
                SsmService.operationTable());
    }

    /**
     * Whether {@link #create} serves the service of this table per region: every one but IAM and STS, global as on AWS,
     * and S3, whose bucket names are one namespace as on AWS (each bucket keeps its region).
     */
    public static boolean regional(OperationTable<?> table) {
        return table != IamService.operationTable() && table != StsService.operationTable() && table != S3Service.operationTable();
    }
}
