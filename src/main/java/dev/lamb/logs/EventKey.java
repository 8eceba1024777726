package dev.lamb.logs;

/**
 * What identifies an event when it has no id (Live Tail's): its group, stream, timestamp and message. Two
 * events equal in all four cannot be told apart by any API, so lamb treats them as one.
 */
public record EventKey(String group, String stream, long timestamp, String message) {}
