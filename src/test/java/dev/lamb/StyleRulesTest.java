package dev.lamb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Issue 13 §6: mvn verify runs Checkstyle with config/checkstyle.xml. Its stock checks are Checkstyle's own; the two
 * patterns written here are not, so this pins what they catch: a fully qualified type name in code (the 32),
 * and the long string literal that may take a line past the limit.
 */
class StyleRulesTest {
    private static final Document CONFIG = read(Path.of("config/checkstyle.xml"));

    @Test
    void fullyQualifiedTypeNamesInCodeAreCaught() {
        Pattern fqn = Pattern.compile(property("RegexpSinglelineJava", "format"));
        List<String> caught = List.of(
                "    private static final java.util.Map<String, String> BY_NAME = new java.util.HashMap<>();",
                "        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {",
                "    void missing(@org.junit.jupiter.api.io.TempDir Path dir) {",
                "        throw new LambException(dev.lamb.ExitCode.INTERRUPTED, \"interrupted\");",
                "        String s = \"a \\\"quoted\\\" text\" + java.util.Locale.ROOT;",
                "        char quote = '\"'; java.util.List<String> after = null;",
                "    private static Optional<software.amazon.awssdk.services.apigateway.model.RestApi> api(String name) {");
        List<String> left = List.of(
                "import java.util.List;",
                "import static org.junit.jupiter.api.Assertions.assertEquals;",
                "package dev.lamb.cli;",
                "        command.addAll(List.of(\"-cp\", System.getProperty(\"java.class.path\"), \"dev.lamb.Lamb\"));",
                "    static final String MAIN_CLASS = \"com.amazonaws.services.lambda.runtime.api.client.AWSLambda\";",
                "        String method = input.method().toUpperCase(Locale.ROOT);",
                "        for (Map.Entry<String, String> header : headers.entrySet()) {");
        caught.forEach(line -> assertTrue(fqn.matcher(line).find(), "not caught: " + line));
        left.forEach(line -> assertFalse(fqn.matcher(line).find(), "caught: " + line));
    }

    @Test
    void onlyALongStringLiteralTakesALinePastTheLimit() {
        assertEquals("150", property("LineLength", "max"));
        Pattern exempt = Pattern.compile(property("LineLength", "ignorePattern"));
        String message = "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end";
        assertTrue(exempt.matcher("            throw badRequest(\"" + message + "\");").find());
        String code = "x".repeat(90);
        assertFalse(exempt.matcher("        out.println(\"a\" + " + code + " + \"b\");").find(),
                "code between two short literals is no literal");
    }

    private static String property(String module, String name) {
        NodeList modules = CONFIG.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            Element element = (Element) modules.item(i);
            if (element.getAttribute("name").equals(module)) {
                NodeList properties = element.getElementsByTagName("property");
                for (int j = 0; j < properties.getLength(); j++) {
                    Element property = (Element) properties.item(j);
                    if (property.getAttribute("name").equals(name)) {
                        return property.getAttribute("value");
                    }
                }
            }
        }
        throw new AssertionError("config/checkstyle.xml has no " + module + " " + name);
    }

    private static Document read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
