package dev.lamb.local.cloud;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A response of the local cloud: status, headers and body bytes, or a body streamed for as long as it
 * lasts (Live Tail's event stream). A header value of several lines goes out as that many headers of the
 * name (a function URL's Set-Cookie per cookie), since a value itself never holds a line break.
 */
public record CloudResponse(int status, Map<String, String> headers, byte[] body, Streamed stream) {
    /** The header every AWS answer carries its request id in; a service may set it, else the cloud makes one. */
    public static final String REQUEST_ID = "x-amzn-RequestId";

    /** A body written while the client listens. */
    @FunctionalInterface
    public interface Streamed {
        /** Writes the body; throwing {@link Cut} drops the connection mid-body instead of ending it. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Thrown by a {@link Streamed} body to cut the connection as a network failure would: no end of body. */
    public static final class Cut extends IOException {
        public Cut(String why) {
            super(why);
        }
    }

    public CloudResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    public static CloudResponse streamed(int status, String contentType, Streamed stream) {
        return new CloudResponse(status, new LinkedHashMap<>(Map.of("Content-Type", contentType)), new byte[0], stream);
    }

    public static CloudResponse json(int status, Object value) {
        try {
            byte[] body = value == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(value);
            return new CloudResponse(status, new LinkedHashMap<>(Map.of("Content-Type", "application/json")), body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Made on first use, not as the class loads: a starting cloud answers its health checks before it needs JSON. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    public static CloudResponse of(int status, String contentType, String body) {
        return new CloudResponse(status, new LinkedHashMap<>(Map.of("Content-Type", contentType)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    public static CloudResponse empty(int status) {
        return new CloudResponse(status, new LinkedHashMap<>(), new byte[0]);
    }

    public CloudResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new CloudResponse(status, copy, body, stream);
    }
}
