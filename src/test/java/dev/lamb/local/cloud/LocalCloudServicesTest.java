package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                // S3's requests carry query conditions (?versioning, ?list-type=2) and a header (x-amz-copy-source).
                Matcher m = Pattern.compile("([A-Z]+) ([^?( ]+)(?:\\?(\\S+))?(?: \\((\\S+)\\))?").matcher(op.request());
                assertTrue(m.matches(), op.request());
                String path = m.group(2).replaceAll("\\{[^}]+\\}", "p");
                Map<String, List<String>> query = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    for (String part : m.group(3).split("&")) {
                        String[] kv = part.split("=", 2);
                        query.put(kv[0], List.of(kv.length > 1 ? kv[1] : ""));
                    }
                }
                String header = m.group(4);
                assertEquals(op.name(), table.route(m.group(1), path, query, h -> h.equalsIgnoreCase(header)).operation(),
                        table.service() + " " + op.request());
            }
        }
    }
}
