package dev.lamb.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.lamb.aws.AwsClients;
import dev.lamb.aws.AwsTarget;
import dev.lamb.testing.Processes;
import dev.lamb.testing.RequiredTools;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Issue 12's browser attack, in a real browser: a page from another origin (another port of 127.0.0.1)
 * sends the three requests that need no CORS preflight (IAM CreateRole form-urlencoded, Lambda
 * CreateFunction and Invoke as text/plain), which created and ran a function before. Debian's chromium,
 * headless, loads it; the cloud's state afterwards shows that nothing was created.
 */
class LocalCloudBrowserIT {
    private static final int CHROMIUM_SECONDS = 90;

    @Test
    @Timeout(value = CHROMIUM_SECONDS + 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPageFromAnotherOriginCannotCreateOrRunAFunction(@TempDir Path dir) throws IOException {
        Path chromium = RequiredTools.require("chromium");
        Path timeout = RequiredTools.require("timeout");
        try (LocalCloud cloud = LocalCloud.start(0, LocalCloudServices.create(dir.resolve("data"), n -> {}));
             AwsClients aws = new AwsClients(AwsTarget.localCloud(URI.create(cloud.endpoint())))) {
            aws.iam().createRole(r -> r.roleName("kept").assumeRolePolicyDocument(URLDecoder.decode(LocalCloudAdmissionIT.TRUST,
                    StandardCharsets.UTF_8)));
            HttpServer page = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
            byte[] html = page(cloud.endpoint()).getBytes(StandardCharsets.UTF_8);
            page.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, html.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(html);
                }
            });
            page.start();
            try {
                Processes.Result run = Processes.run(dir, Map.of("HOME", dir.toString()), CHROMIUM_SECONDS + 30, List.of(
                        timeout.toString(), "--kill-after=10", Integer.toString(CHROMIUM_SECONDS), chromium.toString(),
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--log-level=3",
                        "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=5000", "--dump-dom",
                        "http://127.0.0.1:" + page.getAddress().getPort() + "/"));
                assertEquals(0, run.exitCode(), "chromium failed:\n" + run.output());
                assertTrue(run.output().contains("data-tried=\"iam,create,invoke\""), "the page ran its script:\n" + run.output());
                assertTrue(run.output().contains("data-images=\"2\""), "the page's images were fetched:\n" + run.output());
            } finally {
                page.stop(0);
            }
            assertThrows(NoSuchEntityException.class, () -> aws.iam().getRole(r -> r.roleName("pwned")));
            assertThrows(ResourceNotFoundException.class, () -> aws.lambda().getFunction(r -> r.functionName("pwned")));
            assertTrue(aws.lambda().listFunctions().functions().isEmpty());
            assertEquals("kept", aws.iam().getRole(r -> r.roleName("kept")).role().roleName(), "no image ran IAM's DeleteRole");
        }
    }

    /**
     * Synchronous XHRs, so the requests are sent before chromium prints the DOM; errors are expected and ignored. Then two
     * images whose URLs look presigned for IAM's DeleteRole (review item 2), on lamb's code-download path and on the root;
     * each counts itself once fetched.
     */
    private static String page(String cloud) throws IOException {
        String function = "{\"FunctionName\":\"pwned\",\"Runtime\":\"python3.12\",\"Handler\":\"h.h\",\"Role\":"
                + "\"arn:aws:iam::000000000000:role/pwned\",\"Code\":{\"ZipFile\":\""
                + Base64.getEncoder().encodeToString(LocalCloudAdmissionIT.pythonZip()) + "\"}}";
        return """
                <!doctype html><html><body><script>
                const cloud = '%s';
                const tried = [];
                const TRUST = '%s';
                function send(name, path, type, body) {
                  const xhr = new XMLHttpRequest();
                  try {
                    xhr.open('POST', cloud + path, false);
                    xhr.setRequestHeader('Content-Type', type);
                    xhr.send(body);
                  } catch (e) {}
                  tried.push(name);
                }
                send('iam', '/', 'application/x-www-form-urlencoded',
                     'Action=CreateRole&Version=2010-05-08&RoleName=pwned&AssumeRolePolicyDocument=' + TRUST);
                send('create', '/2015-03-31/functions', 'text/plain', %s);
                send('invoke', '/2015-03-31/functions/pwned/invocations', 'text/plain', '{}');
                document.body.setAttribute('data-tried', tried.join(','));
                let images = 0;
                for (const path of ['/2015-03-31/_lamb/code/x', '/']) {
                  const img = document.createElement('img');
                  img.onload = img.onerror = () => document.body.setAttribute('data-images', String(++images));
                  img.src = cloud + path + '?X-Amz-Credential=a%%2F20260101%%2Fus-east-1%%2Fiam%%2Faws4_request&X-Amz-Signature=0'
                      + '&Action=DeleteRole&RoleName=kept';
                  document.body.appendChild(img);
                }
                </script></body></html>
                """.formatted(cloud, LocalCloudAdmissionIT.TRUST, "'" + function.replace("'", "\\'") + "'");
    }
}
