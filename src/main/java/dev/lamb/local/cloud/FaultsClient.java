package dev.lamb.local.cloud;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** The local cloud's fault admin endpoint ({@value LocalCloud#FAULTS_PATH}), as 'lamb local faults' calls it. */
public final class FaultsClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI uri;
    private final LocalCloudCredentials keys;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of a cloud that verifies no signatures. */
    public FaultsClient(String endpoint) {
        this(endpoint, LocalCloudCredentials.TEST);
    }

    /** Signs as the AWS tools do, since the endpoint is as much a control plane as theirs. */
    public FaultsClient(String endpoint, LocalCloudCredentials keys) {
        this.uri = URI.create(endpoint + LocalCloud.FAULTS_PATH);
        this.keys = keys;
    }

    public Map<String, Object> add(String service, String operation, String kind, Double rate, Long millis, Integer count) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("operation", operation);
        body.put("kind", kind);
        body.put("rate", rate);
        body.put("millis", millis);
        body.put("count", count);
        try {
            return send("POST", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list() {
        return (List<Map<String, Object>>) send("GET", new byte[0]).get("faults");
    }

    public void clear() {
        send("DELETE", new byte[0]);
    }

    private Map<String, Object> send(String method, byte[] payload) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofByteArray(payload))
                .header("Content-Type", "application/json");
        SigV4.sign(keys, method, uri.getHost() + ":" + uri.getPort(), uri.getRawPath(), null, payload, "lamb", Instant.now())
                .forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
            if (response.statusCode() == 400) {
                throw LambException.usage(String.valueOf(body.get("message")));
            }
            if (response.statusCode() == 403) {
                throw new LambException(ExitCode.AUTH, "the local cloud refused: " + body.get("message"));
            }
            if (response.statusCode() >= 300) {
                throw LambException.failed("the local cloud answered " + response.statusCode() + ": " + body.get("message"));
            }
            return body;
        } catch (IOException e) {
            throw LambException.io("could not reach the local cloud at " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LambException.failed("interrupted while calling the local cloud");
        }
    }
}
