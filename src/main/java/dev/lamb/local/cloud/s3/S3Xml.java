package dev.lamb.local.cloud.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import dev.lamb.local.cloud.XmlWriter;

/** S3's XML: request bodies read (no DTDs, no entities), answers in S3's namespace, times as S3 writes them. */
final class S3Xml {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private S3Xml() {}

    /** The document's root element, which must be named {@code rootName}; MalformedXML otherwise. */
    static Element parse(byte[] body, String rootName) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Element root = builder.parse(new ByteArrayInputStream(body)).getDocumentElement();
            if (!rootName.equals(root.getLocalName())) {
                throw S3Errors.malformedXml();
            }
            return root;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw S3Errors.malformedXml();
        }
    }

    /** The element's children of that name, in order. */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the element's first child of that name, or null. */
    static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    /** A {@code <Tagging><TagSet><Tag>} document's tags, in order. */
    static Map<String, String> tags(byte[] body) {
        Element tagging = parse(body, "Tagging");
        Map<String, String> tags = new LinkedHashMap<>();
        for (Element set : children(tagging, "TagSet")) {
            for (Element tag : children(set, "Tag")) {
                tags.put(text(tag, "Key"), String.valueOf(text(tag, "Value")));
            }
        }
        return tags;
    }

    static String tagging(Map<String, String> tags) {
        XmlWriter x = new XmlWriter().startRoot("Tagging", NAMESPACE).start("TagSet");
        tags.forEach((k, v) -> x.start("Tag").element("Key", k).element("Value", v).end());
        return document(x.end().end());
    }

    static String document(XmlWriter x) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + x.finish();
    }

    static String time(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }
}
