package dev.lamb.local.runtime;

/** How a function runs on this machine: the region it is in (AWS_REGION), and where its AWS calls go, signed as whom. */
public record LocalRun(String region, FunctionsAccess access) {}
