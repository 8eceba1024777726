package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;
import software.amazon.awssdk.core.SdkBytes;

/** `lamb rollback` against lamb's local cloud: which code answers on the deployed URL before and after. */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RollbackCommandIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    @TempDir
    Path tmp;

    @Test
    void rollbackChangesWhichCodeAnswers() {
        Path project = DeployedCloud.init(tmp, "rolling");
        String url = cloud.deploy(project);
        DeployedCloud.greetWith(project, "Hi");
        cloud.deploy(project);
        DeployedCloud.greetWith(project, "Hey");
        cloud.deploy(project);
        assertEquals("\"Hey, Ada!\"", DeployedCloud.greet(url));
        // Version 2 is gone (deleted by hand): the previous version that still exists is 1.
        cloud.aws().lambda().deleteFunction(r -> r.functionName("rolling").qualifier("2"));

        Lamb.Run dryRun = cloud.lamb("rollback", "--dry-run", "--dir", project.toString());
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertEquals("would move dev: version 3 -> 1 (nothing was changed)\n", dryRun.out());
        assertEquals("3", aliasVersion());
        assertEquals("\"Hey, Ada!\"", DeployedCloud.greet(url));

        Lamb.Run back = cloud.lamb("rollback", "--dir", project.toString());
        assertEquals(0, back.exitCode(), back.err());
        assertEquals("dev: version 3 -> 1\n", back.out());
        assertEquals("1", aliasVersion());
        assertEquals("\"Hello, Ada!\"", DeployedCloud.greet(url));
        assertEquals("\"Hello, Ada!\"", invokeAlias(), "the alias itself, not only the API, serves version 1");

        Lamb.Run forward = cloud.lamb("rollback", "--to", "3", "--dir", project.toString(), "--output", "json");
        assertEquals(0, forward.exitCode(), forward.err());
        assertTrue(forward.out().contains("\"from\":\"1\",\"to\":\"3\",\"dry_run\":false"), forward.out());
        assertEquals("\"Hey, Ada!\"", DeployedCloud.greet(url));

        Lamb.Run missing = cloud.lamb("rollback", "--to", "2", "--dir", project.toString());
        assertEquals(4, missing.exitCode(), missing.err());
        assertEquals("lamb: version 2 of rolling does not exist (published: 1, 3)\n", missing.err());
        assertEquals("3", aliasVersion());

        Lamb.Run same = cloud.lamb("rollback", "--to", "3", "--dir", project.toString());
        assertEquals(0, same.exitCode(), same.err());
        assertEquals("dev: already at version 3; nothing to do\n", same.out());

        Lamb.Run notANumber = cloud.lamb("rollback", "--to", "$LATEST", "--dir", project.toString());
        assertEquals(2, notANumber.exitCode(), notANumber.err());
    }

    @Test
    void withNoEarlierVersionItExits1AndSaysSo() {
        Path project = DeployedCloud.init(tmp, "first-only");
        cloud.deploy(project);
        Lamb.Run run = cloud.lamb("rollback", "--dir", project.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("lamb: no version of first-only that alias dev served before 1 to roll back to (--to VERSION moves it anyway; "
                + "published: 1)\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void anUndeployedFunctionExits4() {
        Path project = DeployedCloud.init(tmp, "not-there");
        Lamb.Run run = cloud.lamb("rollback", "--dir", project.toString());
        assertEquals(4, run.exitCode(), run.err());
        assertTrue(run.err().contains("not-there is not deployed in us-east-1"), run.err());
    }

    private static String aliasVersion() {
        return cloud.aws().lambda().getAlias(r -> r.functionName("rolling").name("dev")).functionVersion();
    }

    /** The alias invoked directly through the SDK with a proxy event: the body the handler returned. */
    private static String invokeAlias() {
        String event = "{\"httpMethod\":\"GET\",\"path\":\"/hello\",\"queryStringParameters\":{\"name\":\"Ada\"}}";
        String payload = cloud.aws().lambda().invoke(r -> r.functionName("rolling").qualifier("dev")
                .payload(SdkBytes.fromUtf8String(event))).payload().asUtf8String();
        try {
            return new ObjectMapper().readTree(payload).get("body").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
