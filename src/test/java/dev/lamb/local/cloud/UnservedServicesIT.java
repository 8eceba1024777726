package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lamb.local.cloud.iam.IamService;
import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;

/**
 * A service the cloud does not serve answers NotImplemented in the protocol its clients parse (botocore's
 * service models name each one's: rest-xml for S3, query for SNS and, in the CLI's botocore, SQS, ec2 for EC2,
 * json for DynamoDB and Secrets Manager), so the AWS CLI v2 and boto3 show "An error occurred (NotImplemented)"
 * and the message naming the service, not "Unable to parse response".
 */
class UnservedServicesIT {
    private static final Path SCRIPTS = Path.of("src/test/resources/boto3").toAbsolutePath();

    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(new IamService(data)));

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"s3api, list-buckets, ListBuckets, s3", "sns, list-topics, ListTopics, sns", "sqs, list-queues, ListQueues, sqs",
        "ec2, describe-regions, DescribeRegions, ec2", "dynamodb, list-tables, ListTables, dynamodb"})
    void theCliReadsTheError(String command, String subcommand, String operation, String service) {
        RequiredTools.require(AwsCli.PATH);
        Processes.Result r = AwsCli.run(dir, cloud.endpoint(), command, subcommand);
        assertEquals(254, r.exitCode(), r.output());
        assertTrue(r.output().contains("An error occurred (NotImplemented) when calling the " + operation
                + " operation: lamb's local cloud does not serve the " + service + " service yet"), r.output());
    }

    @Test
    void boto3ReadsTheError() {
        Path python = RequiredTools.requirePythonModule("boto3", "boto3");
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "PYTHONDONTWRITEBYTECODE", "1", "AWS_MAX_ATTEMPTS", "1");
        Processes.Result run = Processes.run(dir, env, 90,
                List.of(python.toString(), SCRIPTS.resolve("unserved.py").toString(), cloud.endpoint()));
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("ok unserved", run.output().strip(), run.output());
    }
}
