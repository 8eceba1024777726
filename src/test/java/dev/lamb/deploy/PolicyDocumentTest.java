package dev.lamb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one reader of an IAM policy document as AWS returns it, for deploy and audit alike: IAM's GetRolePolicy and
 * GetPolicyVersion return the document URL-encoded (RFC 3986, per the IAM API reference), Lambda's GetPolicy and some
 * emulators plain JSON; IAM's grammar lets Statement be one object or a list.
 */
class PolicyDocumentTest {
    private static final String ONE = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"arn:aws:s3:::b/a key\"}}";

    private static List<String> actions(String document) {
        return PolicyDocument.statements(document).stream().map(s -> s.path("Action").asText()).toList();
    }

    @Test
    void encodedOrPlainALoneStatementOrAListGiveTheSameStatements() {
        List<JsonNode> plain = PolicyDocument.statements(ONE);
        assertEquals(1, plain.size());
        assertEquals(plain, PolicyDocument.statements(URLEncoder.encode(ONE, StandardCharsets.UTF_8)));
        assertEquals("arn:aws:s3:::b/a key", plain.get(0).path("Resource").asText(), "a '+' decodes to a space");
        String two = "{\"Statement\":[{\"Action\":\"a:One\"},{\"Action\":\"a:Two\"}]}";
        assertEquals(List.of("a:One", "a:Two"), actions(URLEncoder.encode(two, StandardCharsets.UTF_8)));
    }

    @Test
    void aDocumentThatIsEmptyOrNotJsonHasNoStatement() {
        assertEquals(List.of(), actions(null));
        assertEquals(List.of(), actions(" "));
        assertEquals(List.of(), actions("{not json"));
        assertEquals(List.of(), actions("{\"Version\":\"2012-10-17\"}"));
    }
}
