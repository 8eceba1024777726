package dev.lamb.metrics;

/** One of lamb's alarms for the target: its name, its state (OK, ALARM, INSUFFICIENT_DATA), when that last changed, and why. */
public record AlarmStatus(String name, String state, String changed, String reason) {}
