package dev.lamb.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.testing.DeployedCloud;

/**
 * Issue 11, section 2: `lamb tune` stopped by SIGINT at any moment, from the first publish to the last invocation,
 * leaves the function's versions, aliases, memory, architecture and description as they were, and ends with one
 * line naming the step. Its cloud keeps Lambda's state delay, so the moments between publishes last and lamb's waits
 * are proved. TuneInterruptSlowIT does the same with configuration updates as slow as Lambda's; TuneStopIT has runs
 * stopped by SIGTERM, by Ctrl-C before any change and by kill -9 (apart, so that CI runs them side by side).
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TuneInterruptIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();
    @RegisterExtension
    static final SweepInterrupts sweeps = new SweepInterrupts(cloud);

    @Test
    void aSweepInterruptedAtAnyPointLeavesTheFunctionAsItWas() throws Exception {
        sweeps.interruptEverywhere("swept", false);
    }
}
