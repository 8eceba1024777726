package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/**
 * Issue 11 §10, against lamb's local cloud: each item appears once (a result on stdout, not again as
 * progress on stderr), read-only commands are quiet about packaging, a new version is named by its
 * number, the URL deploy prints answers, and an event file gives the same stdout as --query.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OutputOnceIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @Test
    void aDryRunPrintsItsPlanOnceOnStdout() {
        Path project = DeployedCloud.init(tmp, "planned");
        Lamb.Run plan = cloud.lamb("deploy", "--dir", project.toString(), "--dry-run");
        assertEquals(0, plan.exitCode(), plan.err());
        assertTrue(plan.out().contains("  would create planned (python3.14, 128 MB"), plan.out());
        assertFalse(plan.err().contains("would "), "the plan again as progress:\n" + plan.err());
    }

    @Test
    void deployNamesTheVersionAndPrintsAUrlThatAnswers() throws Exception {
        Path project = DeployedCloud.init(tmp, "greeted");
        Lamb.Run run = cloud.lamb("deploy", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("release: created version 1 of greeted (code "), run.err());
        List<String> lines = run.out().lines().toList();
        String url = lines.get(lines.size() - 1);
        // The query comes from the template's events/hello.json, the request that succeeds.
        assertTrue(url.endsWith("/dev/_user_request_/hello?name=World"), url);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("\"Hello, World!\"", answer.body());
    }

    @Test
    void destroyListsEachRemovalOnce() throws IOException {
        Path project = DeployedCloud.init(tmp, "removed");
        cloud.deploy(project);
        Lamb.Run plan = cloud.lamb("destroy", "--dir", project.toString(), "--dry-run");
        assertEquals(0, plan.exitCode(), plan.err());
        assertFalse(plan.err().contains("would "), plan.err());

        Lamb.Run run = cloud.lamb("destroy", "--dir", project.toString(), "--yes");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("  deleted function removed (version 1"), run.out());
        assertFalse(run.err().contains("deleted"), "each removal again as progress:\n" + run.err());
    }

    @Test
    void statusSaysNothingAboutPackaging() {
        Path project = DeployedCloud.init(tmp, "watched");
        cloud.deploy(project);
        Lamb.Run run = cloud.lamb("status", "--stage", "dev", "--dir", project.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("matches dev:     yes"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void anEventFileGivesTheSameStdoutAsQuery() {
        Path project = DeployedCloud.init(tmp, "evented");
        cloud.deploy(project);
        Lamb.Run query = cloud.lamb("invoke", "--dir", project.toString(), "--query", "name=World");
        Lamb.Run event = cloud.lamb("invoke", "--dir", project.toString(), "--event", project.resolve("events/hello.json").toString());
        assertEquals(0, query.exitCode(), query.err());
        assertEquals(0, event.exitCode(), event.err());
        assertEquals("\"Hello, World!\"\n", query.out());
        assertEquals(query.out(), event.out());
        assertTrue(event.err().contains("HTTP 200"), event.err());
    }
}
