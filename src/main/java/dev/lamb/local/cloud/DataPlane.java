package dev.lamb.local.cloud;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for which requests are a data plane, which AWS does not authorize with IAM: API Gateway's execute-api
 * ({@code <api>.execute-api[.<region>].localhost}, or {@code /restapis/<api>/<stage>/_user_request_/...} on the cloud's
 * own host), function URLs ({@code <url-id>.lambda-url.<region>.localhost}, or {@code /_lamb/url/<region>/<url-id>/...} on the
 * cloud's own host, for clients that cannot resolve a wildcard name) and lamb's code downloads (where
 * GetFunction's Code.Location points, {@code /2015-03-31/_lamb/code/<region>/<file>}, open as S3's presigned URLs are).
 * Admission, the router and the two services that serve them all ask it.
 *
 * @param id the API's id, the URL's id, or the code file's name
 * @param region the region the request names, when it names one (an API is found in whichever region holds it)
 * @param path the path within the data plane: for execute-api {@code /<stage>/<path>}, for a function URL the path after
 *     its host or its {@code /_lamb/url/<region>/<url-id>} prefix
 */
public record DataPlane(Kind kind, String id, Optional<String> region, String path) {
    /** The kinds of data plane, each served by one service. */
    public enum Kind {
        EXECUTE_API_HOST("apigateway"), EXECUTE_API_PATH("apigateway"), FUNCTION_URL("lambda"), FUNCTION_URL_PATH("lambda"),
        CODE("lambda");

        private final String service;

        Kind(String service) {
            this.service = service;
        }

        /** The signing name of the service that serves it. */
        public String service() {
            return service;
        }

        /** Whether it is a function URL, by its host or by its path. */
        public boolean functionUrl() {
            return this == FUNCTION_URL || this == FUNCTION_URL_PATH;
        }

        /** Whether the Host names it (rather than a path on the cloud's own host). */
        public boolean byHost() {
            return this == EXECUTE_API_HOST || this == FUNCTION_URL;
        }
    }

    public static final String CODE_PATH = "/2015-03-31/_lamb/code/";
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("^([a-z0-9]+)\\.execute-api(?:\\.[a-z0-9-]+)?\\.localhost(?::\\d+)?$");
    private static final Pattern FUNCTION_URL_HOST = Pattern.compile("^([a-z0-9]+)\\.lambda-url\\.([a-z0-9-]+)\\.localhost(?::\\d+)?$");
    private static final String FUNCTION_URL_PATH_PREFIX = "/_lamb/url/";
    /** The path form of a function URL: {@code /_lamb/url/<region>/<url-id>/...}. */
    private static final Pattern FUNCTION_URL_PATH_FORM = Pattern.compile("^" + FUNCTION_URL_PATH_PREFIX + "([a-z0-9-]+)/([a-z0-9]+)(/.*)?$");
    private static final String EXECUTE_API_PATH_SEGMENT = "restapis";
    private static final String USER_REQUEST = "_user_request_";

    /**
     * The data plane a request is for, if any.
     *
     * @param host the Host header, port included
     * @param path the decoded path
     */
    public static Optional<DataPlane> of(String host, String path) {
        // Each request is asked this several times, and most are for no data plane: the regexes run only on a host or
        // path that has the literal part each needs (the regexes' work was a twentieth of a CreateFunction's CPU).
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
        if (name.contains(".localhost")) {
            Matcher api = EXECUTE_API_HOST.matcher(name);
            if (api.matches()) {
                return Optional.of(new DataPlane(Kind.EXECUTE_API_HOST, api.group(1), Optional.empty(), path));
            }
            Matcher url = FUNCTION_URL_HOST.matcher(name);
            if (url.matches()) {
                return Optional.of(new DataPlane(Kind.FUNCTION_URL, url.group(1), Optional.of(url.group(2)), path));
            }
        }
        if (path.startsWith(CODE_PATH)) {
            String file = path.substring(CODE_PATH.length());
            int slash = file.indexOf('/');
            return Optional.of(new DataPlane(Kind.CODE, file.substring(slash + 1),
                    slash > 0 ? Optional.of(file.substring(0, slash)) : Optional.empty(), file));
        }
        if (path.startsWith(FUNCTION_URL_PATH_PREFIX)) {
            Matcher urlPath = FUNCTION_URL_PATH_FORM.matcher(path);
            if (urlPath.matches()) {
                return Optional.of(new DataPlane(Kind.FUNCTION_URL_PATH, urlPath.group(2), Optional.of(urlPath.group(1)),
                        urlPath.group(3) == null ? "/" : urlPath.group(3)));
            }
        }
        if (!path.contains(EXECUTE_API_PATH_SEGMENT + "/")) {
            return Optional.empty();
        }
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        if (segments.size() >= 4 && segments.get(0).equals(EXECUTE_API_PATH_SEGMENT) && segments.get(3).equals(USER_REQUEST)) {
            String prefix = "/restapis/" + segments.get(1) + "/" + segments.get(2) + "/" + USER_REQUEST;
            String rest = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
            return Optional.of(new DataPlane(Kind.EXECUTE_API_PATH, segments.get(1), Optional.empty(),
                    "/" + segments.get(2) + (rest.isEmpty() ? "/" : rest)));
        }
        return Optional.empty();
    }

    /** Whether the service a request was routed to is the one serving this data plane: only then is it open. */
    public boolean servedBy(String service) {
        return kind.service().equals(service);
    }
}
