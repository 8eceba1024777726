package dev.lamb.tune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.lamb.tune.SizeResult;
import dev.lamb.tune.TuneResult;

class TuneHtmlReportTest {
    private static final Instant AT = Instant.parse("2026-01-29T04:36:21Z");
    private final TuneResult result = TuneTableSamples.twoArchitectures();
    private final String html = TuneHtmlReport.render(result, AT);
    private final Document page = parse(html);

    @Test
    void fetchesNothingFromTheNetworkAndRunsNoScript() {
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("http://"), "no http:// anywhere, not even the SVG namespace");
        assertFalse(lower.contains("https://"));
        for (String fetching : List.of("<script", "<link", " src=", " href=", "url(", "@import")) {
            assertFalse(lower.contains(fetching), fetching);
        }
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
        assertTrue(html.contains("<meta charset=\"utf-8\"/>"));
        assertEquals(1, count("//style"), "CSS is inline");
    }

    @Test
    void escapesTheFunctionName() {
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("hello&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;co"), html);
        assertEquals("lamb tune: " + TuneTableSamples.FUNCTION, text("/html/head/title"));
        assertEquals(TuneTableSamples.FUNCTION, text("//h1/span[@class='function']"));
    }

    @Test
    void showsTheRunTheRecommendationAndTheDate() {
        String header = text("//header");
        assertTrue(header.contains("eu-west-1"), header);
        assertTrue(header.contains("2026-01-29 04:36 UTC"), header);
        assertTrue(header.contains("196"), header);
        assertEquals("2026-01-29T04:36:21Z", attribute("//time", "datetime"));
        assertEquals(result.recommendation(), text("//p[@class='recommendation']"));
    }

    @Test
    void chartHasOnePointPerSizeInEachSeries() {
        assertEquals(1, count("//svg"));
        assertEquals(TuneTableSamples.plotted(result), count("//svg//circle[" + hasClass("point") + " and "
                + hasClass("cost") + "]"));
        assertEquals(TuneTableSamples.plotted(result), count("//svg//rect[" + hasClass("point") + " and "
                + hasClass("duration") + "]"));
        assertEquals(2, count("//svg//path[" + hasClass("point") + " and " + hasClass("infeasible") + "]"));
        for (SizeResult s : result.sizes()) {
            String at = "[@data-memory='" + s.memoryMb() + "' and @data-architecture='" + s.architecture() + "']";
            String kind = TuneChart.plotted(s) ? hasClass("cost") : hasClass("infeasible");
            assertEquals(1, count("//svg//*[" + hasClass("point") + " and " + kind + "]" + at), s.toString());
        }
        assertEquals(1, count("//svg/g[@data-architecture='x86_64']/path[" + hasClass("series") + " and "
                + hasClass("cost") + "]"), "a line joins x86_64's sizes");
        assertEquals(0, count("//svg/g[@data-architecture='arm64']/path[" + hasClass("series") + "]"),
                "arm64 has one feasible size: a point, no line");
        assertEquals(1, count("//svg//circle[" + hasClass("risky") + " and " + hasClass("cost") + "]"));
    }

    @Test
    void pointsSitWhereTheirValuesAre() {
        double x512 = number(costPoint(512, "x86_64"), "cx");
        double x640 = number(costPoint(640, "x86_64"), "cx");
        double x1024 = number(costPoint(1024, "x86_64"), "cx");
        assertTrue(x512 < x640 && x640 < x1024, "memory grows to the right");
        double x256 = number(costPoint(256, "x86_64"), "cx");
        assertEquals(x1024 - x512, x512 - x256, 0.2, "a logarithmic memory axis: every doubling is as wide");
        assertEquals(x512, number(costPoint(512, "arm64"), "cx"), 0.01, "architectures share the memory axis");
        assertTrue(number(costPoint(512, "arm64"), "cy") > number(costPoint(1024, "x86_64"), "cy"),
                "the cheaper size sits lower");
    }

    @Test
    void chartHasAxesLabelsAndALegend() {
        List<String> texts = texts("//svg//text");
        for (String label : List.of("memory (MB)", "cost per million invocations (USD)", "median duration (ms)",
                "cost per million, x86_64", "median duration, x86_64", "cost per million, arm64",
                "median duration, arm64", "recommended", "current", "risky", "infeasible", "128", "1024")) {
            assertTrue(texts.contains(label), label + " missing from " + texts);
        }
        assertTrue(count("//svg//line[" + hasClass("axis") + "]") >= 3);
        assertTrue(texts.contains("0"), "value axes start at zero: " + texts);
        assertEquals("Cost per million invocations and median duration against memory", text("//svg/title"));
    }

    @Test
    void tableHasEverySizeWithItsMarksAndReasons() {
        assertEquals(result.sizes().size(), count("//table/tbody/tr"));
        Element recommended = only("//table/tbody/tr[" + hasClass("recommended") + "]");
        assertEquals("512", recommended.getAttribute("data-memory"));
        assertEquals("arm64", recommended.getAttribute("data-architecture"));
        Element current = only("//table/tbody/tr[" + hasClass("current") + "]");
        assertEquals("x86_64", current.getAttribute("data-architecture"));
        assertEquals(2, count("//table/tbody/tr[" + hasClass("refined") + "]"));
        assertEquals("infeasible: out of memory (Runtime.OutOfMemory)",
                text("//tr[@data-memory='128']/td[" + hasClass("status") + "]"));
        assertEquals("infeasible: ValueError: \"no greeting\", today line two",
                text("//tr[@data-memory='1024' and @data-architecture='arm64']/td[" + hasClass("status") + "]"));
        assertEquals("risky: max memory used 240 of 256 MB",
                text("//tr[@data-memory='256']/td[" + hasClass("status") + "]"));
        assertTrue(text("//tr[@data-memory='512' and @data-architecture='arm64']").contains("0.000001540"));
    }

    @Test
    void nothingRecommendedSaysSo() {
        Document none = parse(TuneHtmlReport.render(TuneTableSamples.nothingRecommended(), AT));
        String paragraph = (String) xpath(none, "string(//p[" + hasClass("recommendation") + "])", XPathConstants.STRING);
        assertEquals("No size can be recommended", paragraph);
        assertEquals(0.0, xpath(none, "count(//*[" + hasClass("ring") + "])", XPathConstants.NUMBER));
        assertEquals(0.0, xpath(none, "count(//tr[" + hasClass("recommended") + "])", XPathConstants.NUMBER));
        assertEquals(1.0, xpath(none, "count(//svg//circle[" + hasClass("point") + "])", XPathConstants.NUMBER));
    }

    @Test
    void anEmptyRunStillMakesAWellFormedPage() {
        TuneResult empty = new TuneResult("f", null, "cost", List.of(), null, null, null, 0, 0);
        Document none = parse(TuneHtmlReport.render(empty, AT));
        assertEquals(0.0, xpath(none, "count(//tbody/tr)", XPathConstants.NUMBER));
        assertEquals(0.0, xpath(none, "count(//svg//*[" + hasClass("point") + "])", XPathConstants.NUMBER));
    }

    @Test
    void writeReplacesTheFileAtomicallyAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("reports/tune.html");
        TuneHtmlReport.write(report, TuneTableSamples.nothingRecommended());
        TuneHtmlReport.write(report, result);
        String written = Files.readString(report);
        assertTrue(written.contains("hello&lt;script&gt;"), written);
        assertTrue(written.endsWith("</html>\n"));
        try (Stream<Path> files = Files.list(report.getParent())) {
            assertEquals(List.of(report), files.toList());
        }
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path taken = Files.createDirectories(dir.resolve("tune.html"));
        Files.writeString(taken.resolve("inside"), "x");
        assertThrows(IOException.class, () -> TuneHtmlReport.write(taken, result));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(taken), files.toList());
        }
    }

    private Element costPoint(int memory, String arch) {
        return only("//svg//circle[" + hasClass("cost") + " and @data-memory='" + memory
                + "' and @data-architecture='" + arch + "']");
    }

    private static String hasClass(String name) {
        return "contains(concat(' ', normalize-space(@class), ' '), ' " + name + " ')";
    }

    private Element only(String expression) {
        NodeList nodes = (NodeList) xpath(page, expression, XPathConstants.NODESET);
        assertEquals(1, nodes.getLength(), expression);
        return (Element) nodes.item(0);
    }

    private int count(String expression) {
        return ((Double) xpath(page, "count(" + expression + ")", XPathConstants.NUMBER)).intValue();
    }

    private String text(String expression) {
        return ((String) xpath(page, "string(" + expression + ")", XPathConstants.STRING)).strip();
    }

    private String attribute(String expression, String name) {
        return only(expression).getAttribute(name);
    }

    private List<String> texts(String expression) {
        NodeList nodes = (NodeList) xpath(page, expression, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().strip());
        }
        return texts;
    }

    private static double number(Element element, String attribute) {
        return Double.parseDouble(element.getAttribute(attribute));
    }

    private static Object xpath(Document document, String expression, QName type) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(expression, document, type);
        } catch (XPathExpressionException e) {
            throw new AssertionError(expression, e);
        }
    }

    /** The page is written as well-formed XML too, so a strict parser reads it or the test fails. */
    static Document parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + html, e);
        }
    }
}
