package dev.lamb.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;
import dev.lamb.config.ProjectConfig;
import dev.lamb.lambda.PayloadLimits;
import dev.lamb.local.apigateway.ProxyEvent;
import dev.lamb.local.apigateway.ProxyRequest;
import dev.lamb.local.apigateway.RouteTemplate;

/** The event a local invoke sends: a file, a JSON payload, or an API Gateway request to a route. */
public final class LocalEvents {
    /** What the user asked to send; a request is built from the route only when no event or payload is given. */
    public record Input(String method, String path, List<String> query, List<String> headers, String body,
            Path eventFile, String payload) {}

    /** Lambda's limit on a synchronous Invoke's payload (413 past it). */
    public static final int MAX_EVENT_BYTES = PayloadLimits.SYNC_BYTES;
    /** The file type bits of st_mode, and a FIFO's (pipe's) type, as stat(2) gives them. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private LocalEvents() {}

    public static boolean isProxyEvent(Input input) {
        return input.eventFile() == null && input.payload() == null;
    }

    public static byte[] event(ProjectConfig config, Input input) {
        if (input.eventFile() != null) {
            return requireJson(readEventFile(input.eventFile()), input.eventFile().toString());
        }
        if (input.payload() != null) {
            return requireJson(input.payload().getBytes(StandardCharsets.UTF_8), "--payload");
        }
        return ProxyEvent.build(request(config, input));
    }

    /**
     * The bytes of an --event file, its kind and size checked before it is read: a folder, or a
     * device such as /dev/zero that never ends, is refused at once, and nothing over Lambda's
     * synchronous payload limit is read whole. A pipe (`--event <(make-event)`) is read up to the limit.
     */
    public static byte[] readEventFile(Path file) {
        String named = "--event " + file;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw LambException.usage("no event file " + file);
        } catch (IOException e) {
            throw LambException.io("could not read " + file, e);
        }
        if (attributes.isDirectory()) {
            throw LambException.usage(named + " is a folder: give a JSON file");
        }
        if (!attributes.isRegularFile() && !isPipe(file)) {
            throw LambException.usage(named + " is a device, not a file: give a JSON file");
        }
        if (attributes.size() > MAX_EVENT_BYTES) {
            throw tooLarge(named);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
            if (bytes.length > MAX_EVENT_BYTES) {
                throw tooLarge(named);
            }
            return bytes;
        } catch (IOException e) {
            throw LambException.io("could not read " + file, e);
        }
    }

    private static boolean isPipe(Path file) {
        try {
            return (((Integer) Files.getAttribute(file, "unix:mode")) & S_IFMT) == S_IFIFO;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return false;
        }
    }

    private static LambException tooLarge(String named) {
        return LambException.usage(named + " is larger than Lambda's limit for a synchronous invoke, 6 MB "
                + "(6,291,456 bytes): give a smaller event");
    }

    private static ProxyRequest request(ProjectConfig config, Input input) {
        List<ProjectConfig.Route> routes = config.api().routes();
        String method = input.method() == null ? null : input.method().toUpperCase(Locale.ROOT);
        for (ProjectConfig.Route route : routes) {
            boolean methodMatches = method == null || route.method().equals("ANY") || route.method().equals(method);
            String path = input.path() == null ? route.path() : input.path();
            var params = new RouteTemplate(route.path()).match(path);
            if (methodMatches && params.isPresent()) {
                if (input.path() == null && route.path().contains("{")) {
                    throw LambException.usage("route " + route + " has path parameters: give a concrete path with --path");
                }
                return new ProxyRequest(method != null ? method : route.method().equals("ANY") ? "GET" : route.method(),
                        path, route.path(), params.get(), pairs(input.query(), "--query"),
                        headers(input.headers()), input.body() == null ? null : input.body().getBytes(StandardCharsets.UTF_8),
                        config.api().stage(), "local", "127.0.0.1");
            }
        }
        // The requests that were tried: the method on the given path, or else on each route's own path.
        String prefix = method == null ? "" : method + " ";
        String tried = input.path() != null ? prefix + input.path()
                : String.join(" or ", routes.stream().map(r -> prefix + r.path()).toList());
        throw LambException.usage("no route in lamb.toml matches " + tried + ": routes are " + routes);
    }

    private static Map<String, List<String>> headers(List<String> given) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("*/*"));
        headers.put("Host", List.of("local.execute-api.localhost"));
        headers.put("User-Agent", List.of("lamb"));
        headers.put("X-Forwarded-For", List.of("127.0.0.1"));
        headers.put("X-Forwarded-Port", List.of("443"));
        headers.put("X-Forwarded-Proto", List.of("https"));
        headers.putAll(pairs(given, "--header"));
        return headers;
    }

    private static Map<String, List<String>> pairs(List<String> given, String flag) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : given) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw LambException.usage(flag + " " + pair + ": write it as key=value");
            }
            out.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
        }
        return out;
    }

    private static byte[] requireJson(byte[] bytes, String source) {
        try {
            new ObjectMapper().readTree(bytes);
            return bytes;
        } catch (JacksonException e) {
            throw LambException.usage(source + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw LambException.usage(source + " could not be read: " + e.getMessage());
        }
    }
}
