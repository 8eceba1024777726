package dev.lamb.local.cloud;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.lamb.LambException;

/** The local cloud's fault admin endpoint ({@value LocalCloud#FAULTS_PATH}), as 'lamb local faults' calls it. */
public final class FaultsClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FaultsClient(String endpoint) {
        this.uri = URI.create(endpoint + LocalCloud.FAULTS_PATH);
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
            return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list() {
        return (List<Map<String, Object>>) send(HttpRequest.newBuilder(uri).GET()).get("faults");
    }

    public void clear() {
        send(HttpRequest.newBuilder(uri).DELETE());
    }

    private Map<String, Object> send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
            if (response.statusCode() == 400) {
                throw LambException.usage(String.valueOf(body.get("message")));
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
