package dev.lamb.local.cloud.lambda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

/**
 * Everything Lambda keeps about one function: $LATEST, its published versions, aliases, resource
 * policies (per qualifier, "" for the unqualified function), tags, and until when it is still being
 * created or updated. Mutated only under the service's lock; persisted as one JSON file.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class FunctionState {
    String name;
    String region;
    FunctionVersion latest;
    List<FunctionVersion> versions = new ArrayList<>();
    int lastVersionNumber;
    Map<String, Alias> aliases = new LinkedHashMap<>();
    Map<String, List<Map<String, Object>>> policies = new LinkedHashMap<>();
    Map<String, String> tags = new LinkedHashMap<>();
    /** $LATEST's description when the last version was published: a new description makes the next publish new. */
    String descriptionAtLastPublish;
    /** PutFunctionConcurrency's reservation: this function's own limit on concurrent instances; null when none. */
    Integer reservedConcurrency;
    /** PutFunctionRecursionConfig's choice, Allow or Terminate; null for Lambda's default, Terminate. */
    String recursiveLoop;
    /** Function URL configurations by qualifier: "" for the unqualified function, else an alias or $LATEST. */
    Map<String, FunctionUrl> urls = new TreeMap<>();
    /** PutFunctionEventInvokeConfig's options, per qualifier ("$LATEST" for the unqualified function). */
    Map<String, EventInvokeConfig> eventInvokeConfigs = new LinkedHashMap<>();
    long pendingUntil;
    long updatingUntil;

    String arn() {
        return FunctionRef.arn(region, name);
    }

    boolean pending(long now) {
        return now < pendingUntil;
    }

    boolean updating(long now) {
        return now < updatingUntil;
    }
}
