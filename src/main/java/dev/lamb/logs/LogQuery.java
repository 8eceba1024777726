package dev.lamb.logs;

/**
 * What to read: from {@code sinceMillis}, up to {@code untilMillis} (null: no end), matching the
 * CloudWatch filter pattern {@code filter} (null: all) in streams starting with {@code streamPrefix}.
 */
public record LogQuery(long sinceMillis, Long untilMillis, String filter, String streamPrefix) {}
