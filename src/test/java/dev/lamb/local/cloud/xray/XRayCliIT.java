package dev.lamb.local.cloud.xray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.AwsCli;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import dev.lamb.testing.ServiceCloud;

/** The local X-Ray through the AWS CLI v2. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class XRayCliIT {
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServiceCloud cloud = ServiceCloud.of((data, engine) -> List.of(new XRayService(data)));
    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        RequiredTools.require("/usr/bin/aws");
    }

    static Processes.Result aws(String... args) {
        return AwsCli.run(work, cloud.endpoint(), args);
    }

    static JsonNode ok(Processes.Result r) throws Exception {
        assertEquals(0, r.exitCode(), r.output());
        return JSON.readTree(r.output());
    }

    @Test
    void putsSummarizesAndGetsTraces() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String trace = XRayFixtures.traceId(now);
        String rootId = "70de5b6f19ff9a0a";
        String childId = "70de5b6f19ff9a0b";
        String root = "{\"name\":\"cli-api\",\"id\":\"" + rootId + "\",\"trace_id\":\"" + trace + "\",\"start_time\":" + now
                + ".1,\"end_time\":" + now + ".4,\"http\":{\"request\":{\"method\":\"GET\",\"url\":\"http://x/y\"},"
                + "\"response\":{\"status\":500}},\"fault\":true,\"annotations\":{\"team\":\"lamb\"}}";
        String child = "{\"name\":\"cli-db\",\"id\":\"" + childId + "\",\"trace_id\":\"" + trace + "\",\"parent_id\":\""
                + rootId + "\",\"start_time\":" + now + ".2,\"end_time\":" + now + ".5}";
        JsonNode put = ok(aws("xray", "put-trace-segments", "--trace-segment-documents", root, child));
        assertEquals(0, put.path("UnprocessedTraceSegments").size(), put.toString());

        JsonNode bad = ok(aws("xray", "put-trace-segments", "--trace-segment-documents", "{\"name\":\"x\"}"));
        assertEquals(1, bad.path("UnprocessedTraceSegments").size(), bad.toString());

        JsonNode summaries = ok(aws("xray", "get-trace-summaries", "--start-time", String.valueOf(now - 60),
                "--end-time", String.valueOf(now + 60)));
        assertEquals(1, summaries.path("TraceSummaries").size(), summaries.toString());
        JsonNode s = summaries.path("TraceSummaries").get(0);
        assertEquals(trace, s.path("Id").asText());
        assertEquals(0.4, s.path("Duration").asDouble(), 1e-6);
        assertEquals(0.3, s.path("ResponseTime").asDouble(), 1e-6);
        assertTrue(s.path("HasFault").asBoolean());
        assertEquals(500, s.path("Http").path("HttpStatus").asInt());
        assertEquals("cli-api", s.path("EntryPoint").path("Name").asText());
        assertEquals(2, s.path("ServiceIds").size());
        assertEquals("lamb", s.path("Annotations").path("team").get(0).path("AnnotationValue").path("StringValue").asText());

        JsonNode byService = ok(aws("xray", "get-trace-summaries", "--start-time", String.valueOf(now - 60),
                "--end-time", String.valueOf(now + 60), "--filter-expression", "service(\"cli-db\")"));
        assertEquals(1, byService.path("TraceSummaries").size());
        JsonNode none = ok(aws("xray", "get-trace-summaries", "--start-time", String.valueOf(now - 60),
                "--end-time", String.valueOf(now + 60), "--filter-expression", "service(\"nobody\")"));
        assertEquals(0, none.path("TraceSummaries").size());

        Processes.Result unsupported = aws("xray", "get-trace-summaries", "--start-time", String.valueOf(now - 60),
                "--end-time", String.valueOf(now + 60), "--filter-expression", "edge(\"a\", \"b\")");
        assertTrue(unsupported.exitCode() != 0, unsupported.output());
        assertTrue(unsupported.output().contains("InvalidRequestException") && unsupported.output().contains("edge"),
                unsupported.output());

        JsonNode traces = ok(aws("xray", "batch-get-traces", "--trace-ids", trace, "1-00000000-000000000000000000000000"));
        assertEquals(1, traces.path("Traces").size(), traces.toString());
        JsonNode t = traces.path("Traces").get(0);
        assertEquals(trace, t.path("Id").asText());
        assertEquals(2, t.path("Segments").size());
        JsonNode doc = JSON.readTree(t.path("Segments").get(0).path("Document").asText());
        assertEquals(rootId, doc.path("id").asText());
        assertEquals("1-00000000-000000000000000000000000", traces.path("UnprocessedTraceIds").get(0).asText());

        // GetServiceGraph (X-Ray API reference): each service a node, the child segment's parent an edge to it.
        JsonNode graph = ok(aws("xray", "get-service-graph", "--start-time", String.valueOf(now - 60),
                "--end-time", String.valueOf(now + 60)));
        JsonNode services = graph.path("Services");
        assertEquals(2, services.size(), graph.toString());
        JsonNode api = services.get(0);
        JsonNode db = services.get(1);
        assertEquals("cli-api", api.path("Name").asText());
        assertTrue(api.path("Root").asBoolean());
        assertEquals(1, api.path("SummaryStatistics").path("FaultStatistics").path("TotalCount").asInt(), graph.toString());
        assertEquals(0, api.path("SummaryStatistics").path("OkCount").asInt());
        assertEquals(0.3, api.path("SummaryStatistics").path("TotalResponseTime").asDouble(), 1e-6);
        assertEquals(1, api.path("Edges").size());
        assertEquals(db.path("ReferenceId").asInt(), api.path("Edges").get(0).path("ReferenceId").asInt());
        assertEquals(1, api.path("Edges").get(0).path("SummaryStatistics").path("OkCount").asInt());
        assertEquals("cli-db", db.path("Name").asText());
        assertFalse(db.path("Root").asBoolean());
        assertEquals(1, db.path("SummaryStatistics").path("TotalCount").asInt());

        Processes.Result backwards = aws("xray", "get-service-graph", "--start-time", String.valueOf(now + 60),
                "--end-time", String.valueOf(now - 60));
        assertTrue(backwards.exitCode() != 0 && backwards.output().contains("InvalidRequestException"), backwards.output());
    }
}
