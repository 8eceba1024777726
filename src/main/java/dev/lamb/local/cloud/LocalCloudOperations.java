package dev.lamb.local.cloud;

import java.util.List;

/**
 * The operations the local cloud serves, per service, as the services' dispatch tables give them: what
 * {@code lamb local operations} prints and docs/local-cloud.md holds, so the list cannot drift from the code.
 */
public record LocalCloudOperations(List<Served> services) {
    /** One service and the operations its table serves. */
    public record Served(String service, boolean regional, List<Operation> operations) {}

    /** The local cloud's services, from their tables; none is started. */
    public static LocalCloudOperations ofLocalCloud() {
        return of(LocalCloudServices.operationTables());
    }

    static LocalCloudOperations of(List<OperationTable<?>> tables) {
        return new LocalCloudOperations(tables.stream().map(t -> new Served(t.service(), LocalCloudServices.regional(t), t.operations())).toList());
    }

    /** The list as docs/local-cloud.md holds it. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Operations the local cloud serves\n\n")
                .append("`lamb local start` serves these AWS operations on 127.0.0.1, for the AWS CLI, the SDKs, boto3 and lamb.\n")
                .append("Any other operation answers HTTP 400 `NotImplemented`, naming it, so a client never mistakes it for success.\n\n")
                .append("This file is generated from the services' dispatch tables: `lamb local operations` prints it, and\n")
                .append("`bin/update-local-cloud-doc` rewrites it (a test fails while it is stale).\n\n")
                .append("A service marked \"per region\" serves each region as a cloud of its own, the region a request is signed\n")
                .append("for: its resources, names and persisted state are that region's. IAM and STS are global, as on AWS, and so is S3's\n")
                .append("one namespace of bucket names: each bucket keeps the region it was made in (GetBucketLocation).\n");
        for (Served served : services) {
            md.append("\n## ").append(served.service()).append(served.regional() ? " (per region, " : " (global, ")
                    .append(served.operations().size())
                    .append(served.operations().size() == 1 ? " operation" : " operations").append(")\n\n");
            md.append("| Operation | Request |\n|---|---|\n");
            for (Operation op : served.operations()) {
                md.append("| ").append(op.name()).append(" | `").append(op.request()).append("` |\n");
            }
        }
        return md.toString();
    }
}
