package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A request's members (or one structure within them), whichever protocol carried them: CBOR and JSON give numbers and
 * epoch-second timestamps, the query protocol text and ISO 8601. Reading a member the operation requires and is absent
 * answers MissingParameter; one of the wrong type, InvalidParameterValue, naming it.
 */
public final class CloudWatchInput {
    private final JsonNode node;
    private final String path;

    CloudWatchInput(JsonNode node) {
        this(node, "");
    }

    private CloudWatchInput(JsonNode node, String path) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    public boolean has(String member) {
        JsonNode value = node.get(member);
        return value != null && !value.isNull();
    }

    public Optional<String> text(String member) {
        return has(member) ? Optional.of(node.get(member).asText()) : Optional.empty();
    }

    public String requiredText(String member) {
        return text(member).orElseThrow(() -> CloudWatchErrors.missing(name(member)));
    }

    public Optional<Double> number(String member) {
        if (!has(member)) {
            return Optional.empty();
        }
        JsonNode value = node.get(member);
        if (value.isNumber()) {
            return Optional.of(value.asDouble());
        }
        try {
            return Optional.of(Double.valueOf(value.asText().trim()));
        } catch (NumberFormatException e) {
            throw CloudWatchErrors.invalidValue(value.asText(), name(member));
        }
    }

    public Optional<Integer> integer(String member) {
        return number(member).map(n -> {
            if (n != Math.rint(n) || Math.abs(n) > Integer.MAX_VALUE) {
                throw CloudWatchErrors.invalidValue(node.get(member).asText(), name(member));
            }
            return n.intValue();
        });
    }

    public Optional<Boolean> bool(String member) {
        return has(member) ? Optional.of(node.get(member).isBoolean() ? node.get(member).asBoolean()
                : Boolean.parseBoolean(node.get(member).asText())) : Optional.empty();
    }

    /** A timestamp: epoch seconds (CBOR, JSON) or ISO 8601 (query), as botocore and the SDKs serialize them. */
    public Optional<Instant> instant(String member) {
        if (!has(member)) {
            return Optional.empty();
        }
        JsonNode value = node.get(member);
        if (value.isNumber()) {
            return Optional.of(epoch(value.asDouble()));
        }
        String text = value.asText().trim();
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(Instant.parse(text.endsWith("Z") ? text : text + "Z"));
            } catch (DateTimeParseException notIso) {
                try {
                    return Optional.of(epoch(Double.parseDouble(text)));
                } catch (NumberFormatException notEpoch) {
                    throw CloudWatchErrors.invalidValue(text, name(member));
                }
            }
        }
    }

    public Instant requiredInstant(String member) {
        return instant(member).orElseThrow(() -> CloudWatchErrors.missing(name(member)));
    }

    public Optional<CloudWatchInput> structure(String member) {
        return has(member) ? Optional.of(new CloudWatchInput(node.get(member), name(member) + ".")) : Optional.empty();
    }

    /** A list's items (structures or scalars), empty when absent. */
    public List<CloudWatchInput> list(String member) {
        List<CloudWatchInput> items = new ArrayList<>();
        JsonNode value = node.get(member);
        if (value != null && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                items.add(new CloudWatchInput(value.get(i), name(member) + ".member." + (i + 1) + "."));
            }
        }
        return items;
    }

    /** A list of text (Statistics, ExtendedStatistics, AlarmNames), empty when absent. */
    public List<String> texts(String member) {
        return list(member).stream().map(i -> i.node.asText()).toList();
    }

    /** A list of numbers (PutMetricData's Values and Counts), empty when absent. */
    public List<Double> numbers(String member) {
        List<Double> out = new ArrayList<>();
        for (CloudWatchInput item : list(member)) {
            if (item.node.isNumber()) {
                out.add(item.node.asDouble());
            } else {
                try {
                    out.add(Double.valueOf(item.node.asText().trim()));
                } catch (NumberFormatException e) {
                    throw CloudWatchErrors.invalidValue(item.node.asText(), name(member));
                }
            }
        }
        return out;
    }

    /** The member's name as AWS's messages give it: the path from the request's top (MetricData.member.1.Value). */
    public String name(String member) {
        return path + member;
    }

    private static Instant epoch(double seconds) {
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    }
}
