package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** `lamb local start --async-delay-scale` and LAMB_LOCAL_ASYNC_DELAY_SCALE, which speed asynchronous invocation's clock for tests. */
class AsyncDelayScaleTest {
    @Test
    void lambdasOwnDelaysUnlessTheVariableSaysOtherwise() {
        assertEquals(1.0, AsyncDelayScale.of(null, Map.of()));
        assertEquals(1.0, AsyncDelayScale.of(null, Map.of("LAMB_LOCAL_ASYNC_DELAY_SCALE", " ")));
        assertEquals(0.01, AsyncDelayScale.of(null, Map.of("LAMB_LOCAL_ASYNC_DELAY_SCALE", "0.01")));
    }

    @Test
    void aScaleThatIsNotAFractionIsAUsageError() {
        for (String bad : new String[] {"fast", "0", "-1", "2"}) {
            LambException e = assertThrows(LambException.class,
                    () -> AsyncDelayScale.of(null, Map.of("LAMB_LOCAL_ASYNC_DELAY_SCALE", bad)));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertEquals("LAMB_LOCAL_ASYNC_DELAY_SCALE must be a number above 0 and at most 1 (0.01 makes Lambda's 1-minute "
                    + "retry delay 0.6 s), not '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void lambLocalStartsOptionWinsOverTheVariable() {
        assertEquals(0.5, AsyncDelayScale.of(0.5, Map.of("LAMB_LOCAL_ASYNC_DELAY_SCALE", "0.01")));
        LambException e = assertThrows(LambException.class, () -> AsyncDelayScale.of(5.0, Map.of()));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--async-delay-scale must be a number above 0 and at most 1 (0.01 makes Lambda's 1-minute retry delay "
                + "0.6 s), not '5.0'", e.getMessage());
    }
}
