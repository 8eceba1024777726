package dev.lamb.local.cloud.cloudwatch;

import java.util.Arrays;
import java.util.Optional;

/** How an alarm treats a period without a datapoint (TreatMissingData); {@code missing} when the alarm names none. */
enum MissingData {
    MISSING("missing"), IGNORE("ignore"), BREACHING("breaching"), NOT_BREACHING("notBreaching");

    private final String wire;

    MissingData(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    static Optional<MissingData> named(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(wire)).findFirst();
    }
}
