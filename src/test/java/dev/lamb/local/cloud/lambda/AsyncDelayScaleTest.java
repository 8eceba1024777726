package dev.lamb.local.cloud.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.lamb.ExitCode;
import dev.lamb.LambException;

/** LAMB_LOCAL_ASYNC_DELAY_SCALE, the local-cloud setting that speeds asynchronous invocation's clock for tests. */
class AsyncDelayScaleTest {
    @Test
    void lambdasOwnDelaysUnlessTheVariableSaysOtherwise() {
        assertEquals(1.0, LambdaService.asyncDelayScale(Map.of()));
        assertEquals(1.0, LambdaService.asyncDelayScale(Map.of("LAMB_LOCAL_ASYNC_DELAY_SCALE", " ")));
        assertEquals(0.01, LambdaService.asyncDelayScale(Map.of("LAMB_LOCAL_ASYNC_DELAY_SCALE", "0.01")));
    }

    @Test
    void aScaleThatIsNotAFractionIsAUsageError() {
        for (String bad : new String[] {"fast", "0", "-1", "2"}) {
            LambException e = assertThrows(LambException.class,
                    () -> LambdaService.asyncDelayScale(Map.of("LAMB_LOCAL_ASYNC_DELAY_SCALE", bad)));
            assertEquals(ExitCode.USAGE, e.exitCode());
            assertEquals("LAMB_LOCAL_ASYNC_DELAY_SCALE must be a number above 0 and at most 1 (0.01 makes Lambda's 1-minute "
                    + "retry delay 0.6 s), not '" + bad + "'", e.getMessage());
        }
    }
}
