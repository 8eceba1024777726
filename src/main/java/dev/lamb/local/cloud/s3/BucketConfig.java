package dev.lamb.local.cloud.s3;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

/**
 * A bucket's own settings, persisted as one JSON file: its region, when it was made, its versioning status (null until
 * first set, then Enabled or Suspended), its tags, and the configurations S3 keeps as the caller wrote them (public
 * access block, default encryption, lifecycle), held as their XML.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class BucketConfig {
    String name;
    String region;
    long created;
    String versioning;
    Map<String, String> tags = new LinkedHashMap<>();
    /** Subresource name (publicAccessBlock, encryption, lifecycle) to the XML configuration set on it. */
    Map<String, String> configurations = new LinkedHashMap<>();
}
