package dev.lamb.local.runtime;

import java.nio.file.Path;

/** An AWS SDK found on this machine (boto3, the AWS SDK for JavaScript v3): its version and the folder it is in. */
record Sdk(String name, String version, Path path) {}
