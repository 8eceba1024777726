package dev.lamb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.lamb.testing.DeployedCloud;
import dev.lamb.testing.Lamb;

/**
 * Issue 11 (9): values that cannot work are refused before any AWS call, with exit 2 and one line.
 * The deploys go to an in-process local cloud, which must hold nothing afterwards: no function, no
 * role, no REST API, since each refusal comes before the first write.
 */
class ValidateBeforeWriteIT {
    @TempDir
    static Path work;
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();

    /** A project `lamb init` made, with one line of its lamb.toml replaced. */
    private static Path projectWith(String name, String line, String replacement) throws Exception {
        Path dir = DeployedCloud.init(work, name);
        Path toml = dir.resolve("lamb.toml");
        String text = Files.readString(toml);
        assertTrue(text.contains(line), text);
        Files.writeString(toml, text.replace(line, replacement));
        return dir;
    }

    /** The 1-based line of lamb.toml that holds {@code text}, wherever the template puts it. */
    private static int lineOf(Path dir, String text) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("lamb.toml"));
        assertTrue(lines.contains(text), lines.toString());
        return lines.indexOf(text) + 1;
    }

    private static void refusedBeforeAnyWrite(Path dir, String expected) {
        Lamb.Run run = cloud.lamb("deploy", "--dir", dir.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("lamb: " + expected), run.err());
        assertEquals(0, cloud.aws().lambda().listFunctions().functions().size());
        assertEquals(0, cloud.aws().iam().listRoles().roles().size());
        assertEquals(0, cloud.aws().apiGateway().getRestApis().items().size());
    }

    /** 2^64 + 512: read as a 64-bit number it wraps to 512, which was deployed. lamb.toml allows 128..10240 MB. */
    @Test
    void aMemoryPast64BitsIsRefusedNotWrapped() throws Exception {
        Path dir = projectWith("overflow", "memory = 128", "memory = 18446744073709552128");
        refusedBeforeAnyWrite(dir, "lamb.toml:12: function.memory must be a whole number from 128 to 10240 MB, "
                + "not 18446744073709552128");
    }

    @Test
    void noRoutesIsRefused() throws Exception {
        Path dir = projectWith("noroutes", "routes = [\"GET /hello\"]", "routes = []");
        refusedBeforeAnyWrite(dir, "lamb.toml:" + lineOf(dir, "routes = []") + ": api.routes is empty");
    }

    /**
     * Lambda's limit is 4 KB for all variables, measured as the JSON object of them (its error says
     * "String measured: {...}"): {"LOG_LEVEL":"INFO","BIG":"x…"} is 29 bytes plus the value, so 4,068
     * x's make 4,097 bytes.
     */
    @Test
    void anEnvironmentOverFourKilobytesIsRefused() throws Exception {
        Path dir = projectWith("bigenv", "LOG_LEVEL = \"INFO\"", "LOG_LEVEL = \"INFO\"\nBIG = \"" + "x".repeat(4068) + "\"");
        refusedBeforeAnyWrite(dir, "lamb.toml:21: function.environment is 4097 bytes as Lambda measures it");
    }

    /** TOML files are UTF-8 (TOML 1.0, "A TOML file must be a valid UTF-8 encoded Unicode document"). */
    @Test
    void lambTomlThatIsNotUtf8IsAUsageErrorNamingTheLine() throws Exception {
        Path dir = DeployedCloud.init(work, "latin1");
        Path toml = dir.resolve("lamb.toml");
        byte[] text = Files.readString(toml).replace("LOG_LEVEL = \"INFO\"", "LOG_LEVEL = \"caf\u00e9\"")
                .getBytes(StandardCharsets.ISO_8859_1);
        Files.write(toml, text);
        refusedBeforeAnyWrite(dir, "lamb.toml:22: byte 0xe9 is not UTF-8: save lamb.toml as UTF-8");
    }

    /** Lambda's FunctionName: 1 to 64 of letters, digits, '-' and '_' (the plain name a log group carries). */
    @Test
    void aBadFunctionNameIsAUsageError() {
        Lamb.Run run = cloud.lamb("logs", "--function", "no such/name!");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("lamb: --function 'no such/name!' is not a valid function name: use 1 to 64 characters: "
                + "letters, digits, '-' and '_'\n", run.err());
    }

    @Test
    void aSinceBeyondAnyTimeIsAUsageError() {
        Lamb.Run logs = cloud.lamb("logs", "--function", "fn", "--since", "9223372036854775807s");
        assertEquals(2, logs.exitCode(), logs.err());
        assertEquals(1, logs.err().lines().count(), logs.err());
        assertTrue(logs.err().startsWith("lamb: --since 9223372036854775807s is further from now"), logs.err());
        Lamb.Run traces = cloud.lamb("traces", "--dir", work.toString(), "--since", "9223372036854775807s");
        assertEquals(2, traces.exitCode(), traces.err());
        assertEquals(1, traces.err().lines().count(), traces.err());
    }

    /** Issue 11 (9) `--event DIR`, issue 12 (3) `--event /dev/zero`: kind and size checked before reading. */
    @Test
    void anEventThatIsAFolderADeviceOrTooLargeIsRefusedBeforeItIsRead() throws Exception {
        Path dir = DeployedCloud.init(work, "events");
        Lamb.Run folder = Lamb.run("invoke", "--local", "--sources", "--dir", dir.toString(), "--event", work.toString());
        assertEquals(2, folder.exitCode(), folder.err());
        assertEquals("lamb: --event " + work + " is a folder: give a JSON file\n", folder.err());

        Lamb.Run zero = Lamb.run("invoke", "--local", "--sources", "--dir", dir.toString(), "--event", "/dev/zero");
        assertEquals(2, zero.exitCode(), zero.err());
        assertEquals("lamb: --event /dev/zero is a device, not a file: give a JSON file\n", zero.err());

        // Lambda's synchronous Invoke takes at most 6 MB (6,291,456 bytes): RequestTooLargeException past it.
        Path big = work.resolve("big.json");
        byte[] json = new byte[6_291_457];
        Arrays.fill(json, (byte) ' ');
        json[0] = '{';
        json[json.length - 1] = '}';
        Files.write(big, json);
        Lamb.Run large = cloud.lamb("invoke", "--dir", dir.toString(), "--event", big.toString());
        assertEquals(2, large.exitCode(), large.err());
        assertTrue(large.err().startsWith("lamb: --event " + big + " is larger than Lambda's limit for a synchronous "
                + "invoke, 6 MB (6,291,456 bytes)"), large.err());
    }
}
