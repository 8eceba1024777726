package dev.lamb.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The SARIF 2.1.0 JSON schema (src/test/resources/sarif, a draft-04 schema), to validate lamb audit's SARIF offline. */
public final class SarifSchema {
    private static final JsonSchema SCHEMA = load();

    private SarifSchema() {}

    /** What the schema finds wrong with {@code sarif}: empty when it is a valid SARIF 2.1.0 log. */
    public static Set<ValidationMessage> errors(String sarif) {
        try {
            return SCHEMA.validate(new ObjectMapper().readTree(sarif));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load() {
        try (InputStream in = SarifSchema.class.getResourceAsStream("/sarif/sarif-2.1.0.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
