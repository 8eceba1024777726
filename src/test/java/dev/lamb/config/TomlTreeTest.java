package dev.lamb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import dev.lamb.JsonTreesTest;

/**
 * TomlTree gives the tree TomlMapper.readTree gives (the loader's reader before it), node for node and type for
 * type, and the same errors: the expected values are the mapper's, on TOML 1.0's value kinds (toml.io/en/v1.0.0)
 * and on lamb init's lamb.toml.
 */
class TomlTreeTest {
    static Stream<String> documents() throws IOException {
        List<String> docs = new ArrayList<>(List.of(
                "",
                "# only a comment\n",
                "basic = \"tab\\there \\\"quoted\\\" \\\\ \\u00e9 \\U0001F600 \\b\\f\\n\\r\"\n",
                "literal = 'C:\\Users\\nodejs\\templates'\nraw = '<\\i\\c*\\s*>'\n",
                "multi = \"\"\"\nRoses are red\n  Violets \\\n    are blue\"\"\"\nml = '''\nThe first newline is\n  trimmed'''\n",
                "utf8 = \"ünïcödé ✓ 😀\"\n\"quoted key\" = 1\n'literal key' = 2\n\"\" = 3\n",
                "int1 = +99\nint2 = 42\nint3 = 0\nint4 = -17\nint5 = 1_000\nint6 = 5_349_221\nint7 = 53_49_221\n",
                "hex1 = 0xDEADBEEF\nhex2 = 0xdeadbeef\nhex3 = 0xdead_beef\noct1 = 0o01234567\noct2 = 0o755\nbin1 = 0b11010110\n",
                "long = 3000000000\nmin = -9223372036854775808\nmax = 9223372036854775807\nbig = 0x7fffffffffffffffff\n",
                "flt1 = +1.0\nflt2 = 3.1415\nflt3 = -0.01\nflt4 = 5e+22\nflt5 = 1e06\nflt6 = -2E-2\nflt7 = 6.626e-34\n",
                "flt8 = 224_617.445_991_228\nz1 = -0.0\nz2 = +0.0\ntrail = 1.50\nhuge = 1e400\n",
                "sf1 = inf\nsf2 = +inf\nsf3 = -inf\nsf4 = nan\nsf5 = +nan\nsf6 = -nan\n",
                "bool1 = true\nbool2 = false\n",
                "odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00-07:00\nodt3 = 1979-05-27T00:32:00.999999-07:00\n"
                        + "odt4 = 1979-05-27 07:32:00Z\nldt1 = 1979-05-27T07:32:00\nld1 = 1979-05-27\nlt1 = 07:32:00\nlt2 = 00:32:00.999999\n",
                "integers = [ 1, 2, 3 ]\ncolors = [ \"red\", \"yellow\", \"green\" ]\nnested = [ [ 1, 2 ], [3, 4, 5] ]\n"
                        + "mixed = [ [ 1, 2 ], [\"a\", \"b\", \"c\"] ]\nnumbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]\nempty = []\n"
                        + "contributors = [\n  \"Foo Bar <foo@example.com>\",\n  { name = \"Baz Qux\", email = \"bazqux@example.com\" },\n]\n",
                "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = { x = 1, y = 2 }\nanimal = { type.name = \"pug\" }\n"
                        + "empty = {}\n",
                "fruit.name = \"banana\"\nfruit.color = \"yellow\"\nsite.\"google.com\" = true\n3.14159 = \"pi\"\n",
                "[table-1]\nkey1 = \"some string\"\n[table-2]\nkey2 = 456\n[dog.\"tater.man\"]\ntype.name = \"pug\"\n"
                        + "[ j . \"ʞ\" . 'l' ]\n[x.y.z.w]\n[x]\n",
                "[[products]]\nname = \"Hammer\"\nsku = 738594937\n[[products]]\n[[products]]\nname = \"Nail\"\ncolor = \"gray\"\n",
                "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n"
                        + "[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"\n"));
        // lamb init's lamb.toml (python), with its commented-out [function.secrets] and [alarms] keys set
        docs.add(Files.readString(Path.of("src/test/resources/dev/lamb/config/init-python-lamb.toml")));
        return docs.stream();
    }

    @ParameterizedTest
    @MethodSource("documents")
    void givesTheMappersTreeNodeForNode(String toml) throws IOException {
        JsonNode expected = new TomlMapper().readTree(toml);
        JsonTreesTest.assertSameTree(expected, TomlTree.read(toml));
    }

    static Stream<String> broken() {
        return Stream.of(
                "[function\nname = 1",
                "a = 1\na = 2\n",
                "[t]\nx = 1\n[t]\ny = 2\n",
                "a.b = 1\na = 2\n",
                "a = [1, 2\nb = 3\n",
                "a = { b = 1\n",
                "a = \"unterminated\n",
                "a = 1__0\n",
                "a = 0x\n",
                "a = truee\n",
                "= 1\n",
                "a = \"\\q\"\n",
                "[[a]]\n[a]\n",
                "a = [1]\n[[a]]\n");
    }

    @ParameterizedTest
    @MethodSource("broken")
    void failsAsTheMapperFailsAtTheSameLine(String toml) {
        JacksonException expected = assertThrows(JacksonException.class, () -> new TomlMapper().readTree(toml));
        JacksonException actual = assertThrows(JacksonException.class, () -> TomlTree.read(toml));
        assertEquals(expected.getOriginalMessage(), actual.getOriginalMessage());
        assertEquals(expected.getLocation().getLineNr(), actual.getLocation().getLineNr());
        assertEquals(expected.getClass(), actual.getClass());
    }

    @Test
    void environmentSizeIsTheMappersJsonInUtf8() throws IOException {
        for (Map<String, String> variables : List.of(Map.<String, String>of(), Map.of("A", "1"),
                Map.of("QUOTE", "say \"hi\" \\ / \u007f", "CTRL", "tab\tnl\ncr\r\u0001\u001f", "UNI", "é✓😀 \ud800 lone"))) {
            int expected = new ObjectMapper().writeValueAsString(variables).getBytes(StandardCharsets.UTF_8).length;
            assertEquals(expected, LambdaEnvironment.measuredBytes(variables), variables.keySet().toString());
        }
    }
}
