package dev.lamb.metrics;

import java.util.List;

/** One figure over the window, a value per period (aligned with the report's period starts); null where nothing was sampled. */
public record Series(String name, String stat, List<Double> values) {}
