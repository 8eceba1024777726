package dev.lamb.local.cloud.iam;

import java.util.Set;

/**
 * The AWS managed policies the local IAM knows to exist, so that attaching them works while a
 * misspelt ARN is refused as IAM refuses it. Customer managed policies (CreatePolicy) are not implemented.
 */
final class ManagedPolicies {
    private static final Set<String> KNOWN = Set.of(
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaMSKExecutionRole",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess",
            "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
            "arn:aws:iam::aws:policy/AWSLambdaExecute",
            "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
            "arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess",
            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
            "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
            "arn:aws:iam::aws:policy/AWSXrayReadOnlyAccess",
            "arn:aws:iam::aws:policy/AWSXrayFullAccess",
            "arn:aws:iam::aws:policy/CloudWatchLambdaInsightsExecutionRolePolicy",
            "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
            "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
            "arn:aws:iam::aws:policy/AmazonS3FullAccess",
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
            "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
            "arn:aws:iam::aws:policy/AmazonSQSFullAccess",
            "arn:aws:iam::aws:policy/AmazonSNSFullAccess",
            "arn:aws:iam::aws:policy/AmazonAPIGatewayInvokeFullAccess",
            "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/PowerUserAccess",
            "arn:aws:iam::aws:policy/ReadOnlyAccess");

    private ManagedPolicies() {}

    static boolean exists(String policyArn) {
        return KNOWN.contains(policyArn);
    }

    /** The policy's name: the ARN's last segment. */
    static String name(String policyArn) {
        return policyArn.substring(policyArn.lastIndexOf('/') + 1);
    }

    /** The policy's path: what lies between {@code policy} and its name, e.g. {@code /service-role/}. */
    static String path(String policyArn) {
        int start = policyArn.indexOf(":policy/") + ":policy".length();
        int end = policyArn.lastIndexOf('/');
        return start < ":policy".length() || end < start ? "/" : policyArn.substring(start, end + 1);
    }
}
