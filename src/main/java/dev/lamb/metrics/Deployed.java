package dev.lamb.metrics;

/**
 * The deployed settings the figures are judged against: the timeout and memory of the version the target runs (the
 * stage's alias's), and the function's reserved concurrency (null when none is set).
 */
public record Deployed(String version, int timeoutSeconds, int memoryMb, Integer reservedConcurrency) {}
