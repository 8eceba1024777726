package dev.lamb.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.lamb.testing.DeployedCloud;

/**
 * Issue 11, section 2: TuneInterruptIT's sweep, interrupted at every point, with configuration updates as slow as
 * Lambda's (a 700 ms latency fault on PUT .../configuration, as the probe had), leaves the function as it was.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TuneInterruptSlowIT {
    @RegisterExtension
    static final DeployedCloud cloud = DeployedCloud.perClass();
    @RegisterExtension
    static final SweepInterrupts sweeps = new SweepInterrupts(cloud);

    @Test
    void withConfigurationUpdatesAsSlowAsLambdasToo() throws Exception {
        sweeps.interruptEverywhere("slow", true);
    }
}
