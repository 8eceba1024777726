package dev.lamb.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;

import dev.lamb.JsonTrees;

/**
 * TOML text as the tree of JsonNodes that TomlMapper.readTree gives, read with Jackson's TOML parser alone (see
 * JsonTrees): no ObjectMapper set-up at every command's start for a file the parser reads in a few ms. Dates and times
 * are text (TomlReadFeature.PARSE_JAVA_TIME is off), and errors are the parser's own.
 */
public final class TomlTree {
    private TomlTree() {}

    /** The document's root table. */
    public static ObjectNode read(String text) throws JacksonException {
        try (JsonParser parser = new TomlFactory().createParser(text)) {
            parser.nextToken();
            return (ObjectNode) JsonTrees.value(parser);
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading TOML from a string", e);
        }
    }
}
