package dev.lamb.local.cloud.lambda;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.lamb.lambda.DestinationKind;
import dev.lamb.local.cloud.AwsServiceException;

/**
 * Lambda's event-invoke configs (Put/Get/Update/Delete/ListFunctionEventInvokeConfig(s)), per function and
 * qualifier, kept with the function they belong to. Put replaces a config, Update changes only the options it
 * names; the checks, errors and messages are Lambda's (botocore's lambda 2015-03-31 model for the constraints).
 */
final class EventInvokeConfigs {
    private static final String LATEST = "$LATEST";
    private static final int MAX_LIST_ITEMS = 50;
    // DestinationArn's pattern in the model.
    private static final Pattern DESTINATION = Pattern.compile(
            "^$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)");

    private final Functions functions;

    EventInvokeConfigs(Functions functions) {
        this.functions = functions;
    }

    Map<String, Object> put(FunctionRef ref, JsonNode body) {
        EventInvokeConfig given = options(ref, body, EventInvokeConfig.NONE);
        return functions.withFunction(ref.name(), true, EventInvokeConfigs::functionMissing, fn -> {
            String qualifier = existingQualifier(fn, ref);
            fn.eventInvokeConfigs.put(qualifier, given);
            return render(fn, qualifier, given);
        });
    }

    Map<String, Object> update(FunctionRef ref, JsonNode body) {
        return functions.withFunction(ref.name(), true, EventInvokeConfigs::functionMissing, fn -> {
            String qualifier = existingQualifier(fn, ref);
            EventInvokeConfig old = fn.eventInvokeConfigs.get(qualifier);
            if (old == null) {
                throw noConfig(fn.arn(), qualifier);
            }
            EventInvokeConfig merged = options(ref, body, old);
            fn.eventInvokeConfigs.put(qualifier, merged);
            return render(fn, qualifier, merged);
        });
    }

    Map<String, Object> get(FunctionRef ref, String region) {
        String qualifier = qualifier(ref);
        return functions.withFunction(ref.name(), false, () -> noConfig(FunctionRef.arn(region, ref.name()), qualifier), fn -> {
            EventInvokeConfig config = fn.eventInvokeConfigs.get(qualifier);
            if (config == null) {
                throw noConfig(fn.arn(), qualifier);
            }
            return render(fn, qualifier, config);
        });
    }

    void delete(FunctionRef ref, String region) {
        String qualifier = qualifier(ref);
        functions.withFunction(ref.name(), true, () -> noConfig(FunctionRef.arn(region, ref.name()), qualifier), fn -> {
            if (fn.eventInvokeConfigs.remove(qualifier) == null) {
                throw noConfig(fn.arn(), qualifier);
            }
            return null;
        });
    }

    /** The function's configs by qualifier, a page at a time; the marker resumes after the last one given. */
    Map<String, Object> list(FunctionRef ref, String marker, String maxItems) {
        return functions.withFunction(ref.name(), false, EventInvokeConfigs::functionMissing, fn -> ListPage.of(
                fn.eventInvokeConfigs.entrySet().stream()
                        .map(e -> new ListPage.Keyed(e.getKey(), render(fn, e.getKey(), e.getValue()))).toList(),
                marker, maxItems, MAX_LIST_ITEMS, "FunctionEventInvokeConfigs"));
    }

    /** The options an asynchronous invocation of the ref runs with: its qualifier's config, else Lambda's defaults. */
    EventInvokeConfig effective(FunctionRef ref) {
        return functions.withFunction(ref.name(), false, () -> LambdaErrors.functionNotFound(ref.name()),
                fn -> fn.eventInvokeConfigs.getOrDefault(qualifier(ref), EventInvokeConfig.NONE));
    }

    /** The request's options over {@code base}: Put passes none, so what it leaves out is removed; Update passes the old. */
    private EventInvokeConfig options(FunctionRef ref, JsonNode body, EventInvokeConfig base) {
        JsonNode retries = body.get("MaximumRetryAttempts");
        JsonNode age = body.get("MaximumEventAgeInSeconds");
        JsonNode destinations = body.get("DestinationConfig");
        if (absent(retries) && absent(age) && absent(destinations)) {
            throw LambdaErrors.invalid("You must specify at least one of error handling or destination setting.");
        }
        Integer retryAttempts = absent(retries) ? base.maximumRetryAttempts() : bounded(retries, "maximumRetryAttempts", 0, 2);
        Integer eventAge = absent(age) ? base.maximumEventAgeInSeconds() : bounded(age, "maximumEventAgeInSeconds", 60, 21_600);
        String onSuccess = base.onSuccess();
        String onFailure = base.onFailure();
        if (!absent(destinations)) {
            onSuccess = destination(destinations, "OnSuccess");
            onFailure = destination(destinations, "OnFailure");
            checkDestinations(ref, onSuccess, onFailure);
        }
        return new EventInvokeConfig(retryAttempts, eventAge, onSuccess, onFailure, System.currentTimeMillis());
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static Integer bounded(JsonNode value, String member, int min, int max) {
        if (!value.canConvertToInt()) {
            throw LambdaErrors.invalid("Could not parse request body into json: " + member + " must be an integer");
        }
        int n = value.asInt();
        if (n < min) {
            throw LambdaErrors.validation(String.valueOf(n), member, "Member must have value greater than or equal to " + min);
        }
        if (n > max) {
            throw LambdaErrors.validation(String.valueOf(n), member, "Member must have value less than or equal to " + max);
        }
        return n;
    }

    private static String destination(JsonNode destinations, String kind) {
        String arn = destinations.path(kind).path("Destination").asText(null);
        if (arn != null && (arn.length() > 350 || !DESTINATION.matcher(arn).matches())) {
            throw LambdaErrors.validation(arn, "destinationConfig." + Character.toLowerCase(kind.charAt(0)) + kind.substring(1)
                    + ".destination", "Member must satisfy regular expression pattern: " + DESTINATION.pattern());
        }
        return arn == null || arn.isEmpty() ? null : arn;
    }

    /**
     * Lambda destinations must be other functions that exist, and an S3 bucket takes failures only (the API reference of
     * PutFunctionEventInvokeConfig); SQS, SNS and EventBridge destinations are accepted, as Lambda accepts them, though the
     * local cloud delivers nothing to them (it says so when a record would go).
     */
    private void checkDestinations(FunctionRef ref, String onSuccess, String onFailure) {
        boolean valid = true;
        for (String arn : new String[] {onSuccess, onFailure}) {
            if (arn == null) {
                continue;
            }
            Optional<DestinationKind> kind = DestinationKind.ofService(arn.startsWith("arn:") ? arn.split(":", -1)[2] : "");
            if (kind.isEmpty()) {
                valid = false;
            } else if (kind.get() == DestinationKind.FUNCTION) {
                checkFunctionDestination(ref, arn);
            } else if (arn.equals(onSuccess) && !kind.get().takesSuccess()) {
                throw LambdaErrors.invalid("S3 buckets are supported only for on-failure destinations. To retain records of "
                        + "successful invocations, use another destination type.");
            }
        }
        if (!valid) {
            throw LambdaErrors.invalid("The provided destination config DestinationConfig(onSuccess="
                    + (onSuccess == null ? "null" : "OnSuccess(destination=" + onSuccess + ")") + ", onFailure="
                    + (onFailure == null ? "null" : "OnFailure(destination=" + onFailure + ")") + ") is invalid.");
        }
    }

    private void checkFunctionDestination(FunctionRef ref, String arn) {
        FunctionRef target;
        try {
            target = FunctionRef.parse(arn);
        } catch (AwsServiceException e) {
            throw invalidDestination(arn);
        }
        if (target.name().equals(ref.name())) {
            throw LambdaErrors.invalid("You can't specify the function as a destination for itself.");
        }
        functions.withFunction(target.name(), false, () -> invalidDestination(arn), fn -> {
            // Records are delivered within the function's region: another region's ARN must not reach this one's namesake.
            if (!arn.startsWith(fn.arn())) {
                throw invalidDestination(arn);
            }
            return null;
        });
    }

    private static AwsServiceException invalidDestination(String arn) {
        return LambdaErrors.invalid("The destination ARN " + arn + " is invalid.");
    }

    /** The request's qualifier, which must name $LATEST, a version or an alias of the function. */
    private static String existingQualifier(FunctionState fn, FunctionRef ref) {
        String q = qualifier(ref);
        boolean exists = q.equals(LATEST) || fn.aliases.containsKey(q) || fn.versions.stream().anyMatch(v -> v.version().equals(q));
        if (!exists) {
            throw functionMissing();
        }
        return q;
    }

    private static String qualifier(FunctionRef ref) {
        return ref.qualifier() == null ? LATEST : ref.qualifier();
    }

    private static AwsServiceException functionMissing() {
        return LambdaErrors.notFound("The function doesn't exist.");
    }

    private static AwsServiceException noConfig(String functionArn, String qualifier) {
        return LambdaErrors.notFound("The function " + functionArn + ":" + qualifier + " doesn't have an EventInvokeConfig");
    }

    /** The config as Lambda answers it: the qualified ARN, the options set, both destinations (empty when unset). */
    private static Map<String, Object> render(FunctionState fn, String qualifier, EventInvokeConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("LastModified", config.lastModified() / 1000.0);
        out.put("FunctionArn", fn.arn() + ":" + qualifier);
        if (config.maximumRetryAttempts() != null) {
            out.put("MaximumRetryAttempts", config.maximumRetryAttempts());
        }
        if (config.maximumEventAgeInSeconds() != null) {
            out.put("MaximumEventAgeInSeconds", config.maximumEventAgeInSeconds());
        }
        out.put("DestinationConfig", Map.of("OnSuccess", destinationOf(config.onSuccess()), "OnFailure", destinationOf(config.onFailure())));
        return out;
    }

    private static Map<String, String> destinationOf(String arn) {
        return arn == null ? Map.of() : Map.of("Destination", arn);
    }
}
