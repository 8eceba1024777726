package dev.lamb.tune;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.lamb.LambException;
import dev.lamb.config.Architecture;

/**
 * Lambda's on-demand prices, per GB-second of compute and per request, for a region and architecture, with
 * the user's overrides ({@code --price-gb-s}, {@code --price-request}) on top.
 *
 * <p>Figures: AWS Lambda pricing page (aws.amazon.com/lambda/pricing), on-demand, first tier, us-east-1, as
 * published in 2025: x86_64 $0.0000166667 per GB-s, arm64 $0.0000133334 per GB-s, requests $0.20 per
 * million on both. lamb applies these to every region: many regions charge the same, but lamb has no
 * sourced per-region figures, so it does not pretend to. The regions Power Tuning's own table prices
 * higher for x86_64 (and China, billed in CNY, and GovCloud) get a note asking for the override instead.
 * Left out on purpose: volume tiers, Savings Plans and the free tier, which depend on the whole account's
 * usage, and ephemeral storage beyond the free 512 MB.
 *
 * <p>Provisioned concurrency, from the same page (us-east-1): x86_64 $0.0000041667 per GB-s of concurrency
 * allocated and $0.0000097222 per GB-s of duration, arm64 $0.0000033334 and $0.0000077778; checked again on 2026-12-07
 * against cost notes that quote that page for us-east-1 (the four figures agree). The overrides do not
 * change them: a negotiated on-demand price says nothing about the provisioned one.
 */
public final class PriceTable {
    public static final String AS_OF = "2025";
    public static final String SOURCE = "aws.amazon.com/lambda/pricing, us-east-1 on-demand, " + AS_OF;

    static final double X86_PER_GB_SECOND = 0.0000166667;
    static final double ARM_PER_GB_SECOND = 0.0000133334;
    static final Provisioned X86_PROVISIONED = new Provisioned(0.0000041667, 0.0000097222);
    static final Provisioned ARM_PROVISIONED = new Provisioned(0.0000033334, 0.0000077778);
    /** $0.20 per million, written out so the double is exactly the one the tests and users type. */
    static final double PER_REQUEST = 0.0000002;

    private static final Set<String> PRICED_HIGHER = Set.of(
            "ap-east-1", "af-south-1", "ap-northeast-3", "me-south-1", "eu-south-1");

    /** Price of one invocation's parts, in USD. */
    public record Price(double perGbSecond, double perRequest) {}

    /**
     * Provisioned concurrency's prices, in USD: per GB-second of concurrency allocated (paid while it is configured,
     * used or not), and per GB-second of duration of the invocations it serves (instead of the on-demand price).
     */
    public record Provisioned(double concurrencyPerGbSecond, double durationPerGbSecond) {}

    private final Map<Architecture, Double> perGbSecond;
    private final double perRequest;
    private final boolean computeOverridden;

    private PriceTable(Map<Architecture, Double> perGbSecond, double perRequest, boolean computeOverridden) {
        this.perGbSecond = perGbSecond;
        this.perRequest = perRequest;
        this.computeOverridden = computeOverridden;
    }

    public static PriceTable standard() {
        Map<Architecture, Double> compute = new EnumMap<>(Architecture.class);
        compute.put(Architecture.X86_64, X86_PER_GB_SECOND);
        compute.put(Architecture.ARM64, ARM_PER_GB_SECOND);
        return new PriceTable(compute, PER_REQUEST, false);
    }

    /**
     * The flags' overrides; null keeps the table's figure. A compute price given once applies to every
     * architecture: a user who knows their negotiated price tunes one architecture at a time.
     *
     * @param perGbSecond USD per GB-second
     * @param perRequest  USD per request (0.0000002 is $0.20 per million)
     */
    public PriceTable with(Double perGbSecond, Double perRequest) {
        Map<Architecture, Double> compute = new EnumMap<>(this.perGbSecond);
        if (perGbSecond != null) {
            if (!(perGbSecond > 0) || perGbSecond.isInfinite()) {
                throw LambException.usage("--price-gb-s " + perGbSecond + " is not a price: give USD per GB-second, above 0");
            }
            compute.replaceAll((arch, old) -> perGbSecond);
        }
        if (perRequest != null && (!(perRequest >= 0) || perRequest.isInfinite())) {
            throw LambException.usage("--price-request " + perRequest + " is not a price: give USD per request, 0 or more");
        }
        return new PriceTable(compute, perRequest != null ? perRequest : this.perRequest,
                computeOverridden || perGbSecond != null);
    }

    /** The same in every region, as the class comment says; {@link #note} flags the regions where it is not. */
    public Price price(Architecture arch) {
        return new Price(perGbSecond.get(arch), perRequest);
    }

    /** Provisioned concurrency's prices for the architecture; the request fee is {@link #price}'s. */
    public Provisioned provisioned(Architecture arch) {
        return arch == Architecture.ARM64 ? ARM_PROVISIONED : X86_PROVISIONED;
    }

    /** One line to show when the table's figures are known not to fit the region; empty otherwise. */
    public Optional<String> note(String region) {
        if (computeOverridden || region == null) {
            return Optional.empty();
        }
        if (PRICED_HIGHER.contains(region) || region.startsWith("cn-") || region.startsWith("us-gov-")) {
            return Optional.of("Lambda is priced differently in " + region + " than the us-east-1 figures lamb uses ("
                    + SOURCE + "): pass --price-gb-s and --price-request for exact costs");
        }
        return Optional.empty();
    }
}
