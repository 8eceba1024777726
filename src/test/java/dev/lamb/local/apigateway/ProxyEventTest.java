package dev.lamb.local.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The proxy event's bytes: JSON in UTF-8 (RFC 8259 §8.1), text as the client sent it. */
class ProxyEventTest {
    @Test
    void anEmojiIsItsFourUtf8BytesNotAnEscapePair() throws Exception {
        String text = "hi \uD83D\uDE00 é";
        ProxyRequest request = new ProxyRequest("POST", "/hello", "/hello", Map.of(), Map.of(),
                Map.of("x-note", List.of(text)), text.getBytes(StandardCharsets.UTF_8), "dev", "api1", "127.0.0.1");
        byte[] event = ProxyEvent.build(request);
        String json = new String(event, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"body\":\"" + text + "\""), json);
        assertTrue(!json.contains("\\u"), json);
        JsonNode node = new ObjectMapper().readTree(event);
        assertEquals(text, node.path("body").asText());
        assertEquals(text, node.path("headers").path("x-note").asText());
    }
}
