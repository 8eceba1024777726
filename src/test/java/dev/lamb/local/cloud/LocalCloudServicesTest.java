package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 §5: the list of operations served is the services' own dispatch tables, each reaching what it lists. */
class LocalCloudServicesTest {
    @Test
    void everyServiceWithATableIsListed(@TempDir Path data) {
        List<AwsService> services = LocalCloudServices.create(data, notice -> {});
        try {
            for (AwsService service : services) {
                OperationTable<?> table = service.operations();
                assertTrue(table.operations().isEmpty() || LocalCloudServices.operationTables().contains(table),
                        service.signingName() + " serves operations that `lamb local operations` does not list: "
                                + "add its table to LocalCloudServices.operationTables()");
            }
        } finally {
            services.forEach(AwsService::close);
        }
    }

    @Test
    void eachListedPathReachesItsOperation() {
        for (OperationTable<?> table : LocalCloudServices.operationTables()) {
            for (Operation op : table.operations()) {
                if (!op.request().matches("[A-Z]+ /.*")) {
                    assertTrue(table.named(op.name()) != null, table.service() + " " + op.name());
                    continue;
                }
                String method = op.request().substring(0, op.request().indexOf(' '));
                String path = op.request().substring(method.length() + 1).replaceAll("\\{[^}]+\\}", "p");
                assertEquals(op.name(), table.route(method, path).operation(), table.service() + " " + op.request());
            }
        }
    }
}
