package dev.lamb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JsonTrees gives the tree ObjectMapper.readTree gives (what the deploy's policy readers used before), node for node and
 * type for type, and fails where it fails: the expected values are the mapper's, on the JSON of IAM and Lambda policies
 * (as GetRolePolicy, GetRole and GetPolicy return them), on JSON's value kinds (RFC 8259), as text and as a file's bytes in
 * the encodings RFC 8259 section 8.1 allows readers to detect.
 */
public class JsonTreesTest {
    static Stream<String> documents() {
        return Stream.of(
                "",
                "   ",
                "null",
                "{}",
                "[]",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}",
                "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{\"Sid\":\"lamb-api-GET-hello\",\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\","
                        + "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:f:dev\",\"Condition\":{\"ArnLike\":"
                        + "{\"AWS:SourceArn\":\"arn:aws:execute-api:us-east-1:000000000000:abc/*/GET/hello\"}}}]}",
                "{\n  \"Statement\": {\"Effect\": \"Deny\", \"Action\": [\"s3:*\"], \"Resource\": [\"*\"]}\n}",
                "{\"i\":1,\"neg\":-17,\"long\":3000000000,\"big\":123456789012345678901234567890,\"min\":-9223372036854775808}",
                "{\"f\":1.5,\"e\":5e+22,\"small\":6.626e-34,\"z\":-0.0,\"trail\":1.50,\"huge\":1e400}",
                "{\"t\":true,\"f\":false,\"n\":null,\"nested\":[[1,[2,[3]]],{\"a\":{\"b\":{}}}]}",
                "{\"esc\":\"tab\\t nl\\n quote\\\" slash\\/ back\\\\ \\u00e9 \\ud83d\\ude00\",\"utf8\":\"ünï ✓ 😀\"}",
                "{\"dup\":1,\"other\":2,\"dup\":3}",
                "{\"a\":1} trailing",
                "42",
                "\"text\"");
    }

    @ParameterizedTest
    @MethodSource("documents")
    void givesTheMappersTreeNodeForNode(String json) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(json);
        assertSameTree(expected, JsonTrees.read(json));
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
            byte[] bytes = json.getBytes(charset);
            assertSameTree(new ObjectMapper().readTree(bytes), JsonTrees.read(bytes));
        }
    }

    static Stream<String> broken() {
        return Stream.of("{", "{\"a\":}", "[1,]", "{\"a\" 1}", "{'a':1}", "{\"a\":tru}", "\"open", "{\"a\":1,}", "NaN");
    }

    @ParameterizedTest
    @MethodSource("broken")
    void failsAsTheMapperFails(String json) {
        // The callers only tell a document that is not JSON (a policy granting nothing): the kind of failure must match,
        // not the wording, which jackson-core words a little differently without a mapper behind the parser.
        JacksonException expected = assertThrows(JacksonException.class, () -> new ObjectMapper().readTree(json));
        JacksonException actual = assertThrows(JacksonException.class, () -> JsonTrees.read(json));
        assertEquals(expected.getClass(), actual.getClass());
    }

    /** Equal trees, written alike, with a node of the same class at each place (JsonNode.equals lets 1.5 equal 1.50). */
    public static void assertSameTree(JsonNode expected, JsonNode actual) {
        assertEquals(expected, actual);
        assertEquals(expected.toString(), actual.toString());
        assertSameTypes("", expected, actual);
    }

    private static void assertSameTypes(String at, JsonNode expected, JsonNode actual) {
        assertEquals(expected.getClass(), actual.getClass(), at);
        Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            assertSameTypes(at + "." + field.getKey(), field.getValue(), actual.get(field.getKey()));
        }
        if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSameTypes(at + "[" + i + "]", expected.get(i), actual.get(i));
            }
        }
    }
}
