package dev.lamb.tune;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.lamb.LambException;
import dev.lamb.config.Architecture;
import dev.lamb.config.ProjectConfig;

/**
 * What one `lamb tune` asks for, built once from its flags ({@link #from}, then {@link Builder#build}):
 * lamb.toml's tune defaults filled in, and every rule between the flags checked, in the order the user
 * meets them, before anything is called.
 *
 * @param mode             measure and recommend, only print the cost bound (--dry-run), or only repair (--restore)
 * @param sizes            the memory sizes to measure first, in MB
 * @param architectures    the architectures to measure each size on
 * @param invocations      warm invocations per size, or null to sample each size until its billed mean is known
 * @param sampleUntilKnown whether each size is sampled until known (--auto, or no count given)
 * @param concurrency      invocations at once
 * @param cold             a version per invocation, so that each is a cold start
 * @param refine           whether to search around the best size after the first pass
 * @param strategy         how the recommended size is chosen
 * @param optimize         --optimize as given, named in the result
 * @param coldRate         the share of cold starts to weigh in, or null for the function's recent one
 * @param priceGbSecond    the price per GB-second, or null for AWS's
 * @param priceRequest     the price per request, or null for AWS's
 * @param apply            set the recommended memory on $LATEST
 * @param save             and write it into lamb.toml
 * @param events           the event, or the weighted events (--payloads), the invocations send
 * @param provisioned      also price each size with provisioned concurrency (--provisioned)
 */
public record TuneRequest(Mode mode, List<Integer> sizes, List<String> architectures, Integer invocations,
        boolean sampleUntilKnown, int concurrency, boolean cold, boolean refine, Strategy strategy, String optimize,
        Double coldRate, Double priceGbSecond, Double priceRequest, boolean apply, boolean save, EventMix events,
        boolean provisioned) {

    public enum Mode { MEASURE, DRY_RUN, RESTORE }

    /**
     * With sampling until known: the first batch of warm invocations per size (the fewest the interval is judged
     * on; the ±5% rule, not the batch, decides when a size is known, so a steady size stops there and a noisy
     * one goes on in batches of this many), and the most per size.
     */
    static final int FIRST_BATCH = 5;
    static final int MOST_PER_SIZE = 100;

    /** Warm invocations per size before the sampling checks whether the mean is known. */
    int firstBatch() {
        return sampleUntilKnown ? FIRST_BATCH : invocations;
    }

    /** The most invocations a size can take, its cold start included: what --dry-run bills at the timeout. */
    public int mostPerSize() {
        return (sampleUntilKnown ? MOST_PER_SIZE : invocations) + 1;
    }

    /** A request for {@code config}'s function, with its lamb.toml defaults; each flag not given stays null or false. */
    public static Builder from(ProjectConfig config) {
        return new Builder(config);
    }

    /** The flags, named as the command line names them. */
    public static final class Builder {
        private final ProjectConfig config;
        private Mode mode = Mode.MEASURE;
        private boolean csv;
        private String memory;
        private String arch;
        private Integer invocations;
        private boolean auto;
        private boolean cold;
        private int concurrency = 1;
        private boolean refine = true;
        private String optimize = "cost";
        private Double weight;
        private Double maxP95;
        private Double coldRate;
        private Double priceGbSecond;
        private Double priceRequest;
        private boolean apply;
        private boolean save;
        private Supplier<byte[]> event = () -> new byte[0];
        private Path payloads;
        private boolean eventGiven;
        private boolean provisioned;

        private Builder(ProjectConfig config) {
            this.config = config;
        }

        /** --dry-run and --restore: each measures nothing. */
        public Builder mode(boolean dryRun, boolean restore) {
            this.mode = restore ? Mode.RESTORE : dryRun ? Mode.DRY_RUN : Mode.MEASURE;
            return this;
        }

        /** --output csv, which is the table of measured sizes and so needs sizes measured. */
        public Builder csv(boolean csv) {
            this.csv = csv;
            return this;
        }

        /** --memory RANGE, else tune.memory. */
        public Builder memory(String range) {
            this.memory = range;
            return this;
        }

        /** --arch ARCHS, else function.architecture. */
        public Builder arch(String archs) {
            this.arch = archs;
            return this;
        }

        /** --invocations N (else tune.invocations) and --auto. */
        public Builder invocations(Integer count, boolean auto) {
            this.invocations = count;
            this.auto = auto;
            return this;
        }

        public Builder cold(boolean cold) {
            this.cold = cold;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /** Not --no-refine. */
        public Builder refine(boolean refine) {
            this.refine = refine;
            return this;
        }

        /** --optimize GOAL, --weight W and --max-p95 MS. */
        public Builder optimize(String goal, Double weight, Double maxP95) {
            this.optimize = goal;
            this.weight = weight;
            this.maxP95 = maxP95;
            return this;
        }

        /** --cold-rate, --price-gb-s and --price-request. */
        public Builder costs(Double coldRate, Double priceGbSecond, Double priceRequest) {
            this.coldRate = coldRate;
            this.priceGbSecond = priceGbSecond;
            this.priceRequest = priceRequest;
            return this;
        }

        /** --apply and --save. */
        public Builder apply(boolean apply, boolean save) {
            this.apply = apply;
            this.save = save;
            return this;
        }

        /** The event each invocation sends, made once the flags are known to be right (it may read a file). */
        public Builder event(Supplier<byte[]> event) {
            this.event = event;
            return this;
        }

        /** --payloads FILE; {@code eventGiven}: whether --event, --payload or --query was given too, which it excludes. */
        public Builder payloads(Path file, boolean eventGiven) {
            this.payloads = file;
            this.eventGiven = eventGiven;
            return this;
        }

        /** --provisioned. */
        public Builder provisioned(boolean provisioned) {
            this.provisioned = provisioned;
            return this;
        }

        /** The request, or the usage error of the first rule broken; a sweep of many sizes is warned about. */
        public TuneRequest build(Consumer<String> warnings) {
            Integer count = invocations;
            if (count == null && !auto && config.tune().invocations() > 0) {
                count = config.tune().invocations();
            }
            if (cold && count == null) {
                throw LambException.usage("--cold publishes a version for every invocation: say how many with --invocations N");
            }
            if (csv && mode != Mode.MEASURE) {
                throw LambException.usage("--output csv is the table of measured sizes, and "
                        + (mode == Mode.DRY_RUN ? "--dry-run" : "--restore") + " measures none: use text or json");
            }
            if (save && !apply) {
                throw LambException.usage("--save writes what --apply sets: add --apply");
            }
            if (concurrency < 1 || concurrency > 100) {
                throw LambException.usage("--concurrency " + concurrency + " is out of range: 1..100");
            }
            if (count != null && (count < 1 || count > 10000)) {
                throw LambException.usage("--invocations " + count + " is out of range: 1..10000");
            }
            List<Integer> sizes = MemoryRange.parse(memory != null ? memory : config.tune().memory()).sizes();
            if (sizes.size() > MemoryRange.MANY_SIZES) {
                warnings.accept("lamb: warning: " + (memory != null ? "--memory " + memory : "tune.memory") + " is "
                        + sizes.size() + " sizes, more than " + MemoryRange.MANY_SIZES + ": each is a version measured apart, "
                        + "so the sweep is long; a larger STEP, or LOW..HIGH alone (seven sizes), is quicker");
            }
            List<String> architectures = arch == null ? List.of(config.function().architecture())
                    : ArchList.parse(arch).stream().map(Architecture::id).toList();
            if (coldRate != null) {
                new CostModel(PriceTable.standard(), coldRate);  // refuses a rate outside 0..1 before any call
            }
            Strategy strategy = Strategy.of(optimize, weight, maxP95);
            if (payloads != null && eventGiven) {
                throw LambException.usage("--payloads gives the events to send: leave out --event, --payload and --query");
            }
            EventMix events = payloads != null ? EventMix.read(payloads) : EventMix.single(event.get());
            if (count != null && count < events.size()) {
                throw LambException.usage("--invocations " + count + " is fewer than the " + events.size() + " events of --payloads: "
                        + "give at least one invocation per event");
            }
            PriceTable.standard().with(priceGbSecond, priceRequest);  // refuses a price below 0 before any call
            return new TuneRequest(mode, sizes, architectures, count, auto || count == null, concurrency, cold, refine,
                    strategy, optimize, coldRate, priceGbSecond, priceRequest, apply, save, events, provisioned);
        }
    }
}
