package dev.lamb.tune.report;

import java.util.List;

import dev.lamb.tune.SizeResult;
import dev.lamb.tune.SizeResult.Verdict;
import dev.lamb.tune.TuneResult;

/** Hand-made tuning runs for the renderers' tests: every verdict, a refined size, two architectures. */
final class TuneTableSamples {
    static final String FUNCTION = "hello<script>alert('x')</script>&co";

    static final SizeResult X86_128 = new SizeResult(128, "x86_64", 1, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, 128, null, Verdict.INFEASIBLE, "out of memory (Runtime.OutOfMemory)", false, null);
    static final SizeResult X86_256 = new SizeResult(256, "x86_64", 20, 410.52, 480.25, 411.3, 8.1,
            1.9137e-6, 240, 320.41, Verdict.RISKY, "max memory used 240 of 256 MB", false, null);
    static final SizeResult X86_512 = new SizeResult(512, "x86_64", 30, 190.2, 230.0, 191.0, 3.2,
            1.7916666666666667e-6, 250, 280.1, Verdict.OK, "", false, null);
    static final SizeResult X86_640 = new SizeResult(640, "x86_64", 25, 150.1, 171.9, 151.0, 2.75,
            1.7729166666666666e-6, 251, 270.0, Verdict.OK, "", true, null);
    static final SizeResult X86_768 = new SizeResult(768, "x86_64", 25, 140.0, 160.3, 141.0, 2.5,
            1.9625e-6, 251, null, Verdict.OK, "", true, null);
    static final SizeResult X86_1024 = new SizeResult(1024, "x86_64", 20, 105.3, 122.0, 106.0, 1.9,
            1.9666666666666666e-6, 252, 250.2, Verdict.OK, "", false, null);
    static final SizeResult ARM_512 = new SizeResult(512, "arm64", 30, 200.4, 238.5, 201.0, 3.9,
            1.5400000000000001e-6, 248, 290.3, Verdict.OK, "", false, null);
    static final SizeResult ARM_1024 = new SizeResult(1024, "arm64", 2, 3000.0, 3000.0, 3000.0, 0.0,
            5.2e-5, 260, 300.0, Verdict.INFEASIBLE, "ValueError: \"no greeting\", today\nline two", false, null);

    private TuneTableSamples() {}

    /** Two architectures, the current size on x86_64, arm64 recommended. */
    static TuneResult twoArchitectures() {
        return new TuneResult(FUNCTION, "eu-west-1", "cost",
                List.of(X86_128, X86_256, X86_512, X86_640, X86_768, X86_1024, ARM_512, ARM_1024), X86_512, ARM_512,
                "Set 512 MB on arm64: -0.25 USD per million invocations (-14%), median +10 ms (+5%)", 196, 42.5);
    }

    /** One architecture where the function's current size was not measured and nothing can be recommended. */
    static TuneResult nothingRecommended() {
        return new TuneResult("hello", "us-east-1", "cost", List.of(X86_128, X86_256), null, null,
                "No size can be recommended", 22, 7.0);
    }

    static long plotted(TuneResult result) {
        return result.sizes().stream().filter(TuneChart::plotted).count();
    }
}
