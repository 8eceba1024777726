package dev.lamb.invoke;

import dev.lamb.LambException;
import dev.lamb.local.LocalEvents;

/**
 * What `lamb invoke` was asked: where to run the function, which alias or version (null: the stage's alias,
 * named after it), and the event to send.
 */
public record InvokeRequest(Where where, String qualifier, LocalEvents.Input event) {

    /** Where the function runs. */
    public enum Where {
        /** The deployed function, at the account or endpoint the AWS options name. */
        DEPLOYED,
        /** The function deployed to the local cloud when one is running and has it; else the project's sources. */
        LOCAL,
        /** The project's sources, on this machine, even when the local cloud has the function. */
        SOURCES;

        /** From --local and --sources: the sources run only on this machine, so --sources alone is a usage error. */
        public static Where of(boolean local, boolean sources) {
            if (sources && !local) {
                throw LambException.usage("--sources runs the project on this machine: add --local");
            }
            return !local ? DEPLOYED : sources ? SOURCES : LOCAL;
        }
    }
}
