package dev.lamb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.ExitCode;
import dev.lamb.FileTrees;
import dev.lamb.LambException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "The whole flow on the local cloud, narrated.",
        description = {"The whole flow on the local cloud, narrated, in a fresh temporary folder: init, deploy, an HTTP "
                + "request, invoke, a short tune, logs and traces. No AWS account needed."})
final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @ParentCommand
    LambCommand root;

    @Option(names = "--keep", description = "Keep the demo's project folder (its path is printed) instead of deleting it.")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        if (root.aws.endpointUrl != null || root.aws.profile != null) {
            throw LambException.usage("lamb demo runs on the local cloud only: drop --endpoint-url and --profile");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("lamb-demo-");
        Path project = work.resolve("hello-demo");
        try {
            say(out, "A Python greeting function, from the template:");
            step(out, "init", "hello-demo", "--runtime", "python", "--yes", "--dir", project.toString());
            say(out, "Deployed to the local cloud (started if it is not running): role, log group, function, version, "
                    + "alias and a REST API route:");
            String url = deployedUrl(out, project);
            say(out, "The route answers over HTTP, as API Gateway would:");
            out.println("$ curl '" + url + "?name=Ada'");
            HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create(url + "?name=Ada")).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofString());
            out.println(answer.body() + "   (HTTP " + answer.statusCode() + ")");
            out.flush();
            if (answer.statusCode() != 200) {
                throw LambException.failed("the deployed route answered HTTP " + answer.statusCode() + ": " + answer.body());
            }
            say(out, "Invoked directly, with its log tail and REPORT line:");
            step(out, "invoke", "--local", "--query", "name=Ada", "--dir", project.toString());
            say(out, "Memory tuned on versions made for the purpose (the live function is not touched):");
            step(out, "tune", "--local", "--memory", "128,256,512", "--invocations", "5", "--no-refine", "--dir", project.toString());
            say(out, "Its logs, from CloudWatch Logs:");
            step(out, "logs", "--local", "--since", "10m", "--dir", project.toString());
            say(out, "Its traces, from X-Ray (cold and warm starts):");
            step(out, "traces", "--local", "--since", "10m", "--dir", project.toString());
            say(out, "That was the whole flow. The local cloud keeps running ('lamb local stop' stops it); on AWS, the same "
                    + "commands without --local.");
            return ExitCode.OK.code();
        } finally {
            if (keep) {
                out.println("the demo project is in " + project);
            } else {
                FileTrees.deleteQuietly(work);
            }
            out.flush();
        }
    }

    private static void say(PrintWriter out, String line) {
        out.println();
        out.println("# " + line);
        out.flush();
    }

    /** Runs one lamb command in this process, showing it as typed; a failure stops the demo with its exit code. */
    private void step(PrintWriter out, String... args) {
        out.println("$ lamb " + String.join(" ", args));
        out.flush();
        int code = subcommand().execute(args);
        if (code != 0) {
            throw new LambException(ExitCode.FAILED, "the demo stopped at 'lamb " + args[0] + "' (exit " + code + ")");
        }
    }

    private String deployedUrl(PrintWriter out, Path project) throws IOException {
        List<String> args = new ArrayList<>(List.of("deploy", "--local", "--dir", project.toString(), "--output", "json"));
        out.println("$ lamb deploy --local --dir " + project);
        out.flush();
        StringWriter json = new StringWriter();
        CommandLine deploy = subcommand();
        deploy.setOut(new PrintWriter(json, true));
        int code = deploy.execute(args.toArray(String[]::new));
        if (code != 0) {
            throw new LambException(ExitCode.FAILED, "the demo stopped at 'lamb deploy' (exit " + code + ")");
        }
        var result = JSON.readTree(json.toString());
        String url = result.path("urls").get(0).asText();
        out.println("deployed " + result.path("function").asText() + ": " + result.path("alias").asText() + " -> version "
                + result.path("version").asText());
        out.println(url);
        return url;
    }

    /** A fresh lamb command line on this one's streams and terminals. */
    private CommandLine subcommand() {
        CommandLine self = spec.commandLine();
        return LambCli.create(self.getOut(), root.stdout(), self.getErr(), root.terminals());
    }
}
