package dev.lamb.local.runtime;

import java.util.List;

/**
 * What the engine found to run functions with, for `lamb local status`: an interpreter per runtime, where
 * each AWS SDK given to functions comes from, and one line for each SDK none is found of.
 */
public record RuntimeReport(List<Runtime> runtimes, List<SdkSource> sdks, List<String> missing) {

    /** A runtime and the program that runs it. */
    public record Runtime(String runtime, String path) {}

    /** An SDK, its version and the folder it comes from. */
    public record SdkSource(String sdk, String version, String path) {}

    public RuntimeReport {
        runtimes = List.copyOf(runtimes);
        sdks = List.copyOf(sdks);
        missing = List.copyOf(missing);
    }
}
