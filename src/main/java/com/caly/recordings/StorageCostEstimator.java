package com.caly.recordings;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A month's storage cost for recordings, in Wasabi (pay-as-you-go: a 1 TB monthly minimum for the whole account and
 * a 90-day minimum storage duration) beside AWS S3 Standard (per-GB storage, egress and requests). Sizes are
 * decimal: 1 GB = 10^9 bytes, 1 TB = 10^12 bytes, as both providers bill.
 *
 * <p>A company's estimate is its own usage alone. The account minimum is the operator's cost and is not split
 * across companies: any share of it in proportion to stored bytes would let a company work out how much the others
 * store. The account-wide estimate, for operators, adds the shortfall to the minimum.
 */
final class StorageCostEstimator {

    private static final BigDecimal GB = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal TB = BigDecimal.valueOf(1_000_000_000_000L);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    /**
     * @param bytes what is stored now
     * @param timedDeletedByteMonths bytes deleted before the minimum duration, times the fraction of the coming
     *     month they are still billed for
     * @param recordingsAddedPerMonth new recordings in the last 30 days (PUT requests)
     * @param recordingCount recordings stored now (downloads estimate)
     */
    record Usage(long bytes, double timedDeletedByteMonths, long recordingsAddedPerMonth, long recordingCount) {}

    /**
     * @param accountMinimumCharge what Wasabi bills the whole account at least, a price and not a measure of anyone's
     *     data
     * @param accountShortfall how far the account's usage falls short of that minimum (the account estimate only)
     */
    record Wasabi(
            BigDecimal activeTb,
            BigDecimal timedDeletedTb,
            BigDecimal usageCost,
            BigDecimal accountMinimumCharge,
            @Nullable BigDecimal accountShortfall,
            BigDecimal monthlyCost) {}

    record AwsS3(BigDecimal storageCost, BigDecimal egressCost, BigDecimal requestCost, BigDecimal monthlyCost) {}

    record Estimate(String currency, Wasabi wasabi, AwsS3 awsS3, String cheaper, List<String> notes) {}

    private final RecordingsProperties.Pricing pricing;

    StorageCostEstimator(RecordingsProperties.Pricing pricing) {
        this.pricing = pricing;
    }

    /** One company's recordings, from its own usage only. */
    Estimate company(Usage usage) {
        return estimate(usage, false);
    }

    /** The whole account, every company together, with Wasabi's monthly minimum. */
    Estimate account(Usage usage) {
        return estimate(usage, true);
    }

    private Estimate estimate(Usage usage, boolean account) {
        BigDecimal activeTb = bytes(usage.bytes()).divide(TB, 12, RoundingMode.HALF_UP);
        BigDecimal timedDeletedTb =
                BigDecimal.valueOf(usage.timedDeletedByteMonths()).divide(TB, 12, RoundingMode.HALF_UP);
        BigDecimal usageCost = activeTb.add(timedDeletedTb).multiply(pricing.wasabiPerTbMonth());
        BigDecimal minimumCharge = pricing.wasabiMinimumTb().multiply(pricing.wasabiPerTbMonth());
        // the minimum is one of active storage; timed deleted storage is billed on top of it
        BigDecimal shortfall = account
                ? minimumCharge
                        .subtract(activeTb.multiply(pricing.wasabiPerTbMonth()))
                        .max(BigDecimal.ZERO)
                : null;
        BigDecimal wasabiTotal = shortfall == null ? usageCost : usageCost.add(shortfall);

        BigDecimal activeGb = bytes(usage.bytes()).divide(GB, 12, RoundingMode.HALF_UP);
        BigDecimal storage = activeGb.multiply(pricing.s3PerGbMonth());
        BigDecimal egress = activeGb.multiply(pricing.downloadsPerRecording()).multiply(pricing.s3EgressPerGb());
        BigDecimal puts = BigDecimal.valueOf(usage.recordingsAddedPerMonth())
                .multiply(pricing.s3PutPer1000())
                .divide(THOUSAND, 12, RoundingMode.HALF_UP);
        BigDecimal gets = BigDecimal.valueOf(usage.recordingCount())
                .multiply(pricing.downloadsPerRecording())
                .multiply(pricing.s3GetPer1000())
                .divide(THOUSAND, 12, RoundingMode.HALF_UP);
        BigDecimal requests = puts.add(gets);
        BigDecimal s3Total = storage.add(egress).add(requests);

        List<String> notes = new ArrayList<>();
        String minimumTb = pricing.wasabiMinimumTb().stripTrailingZeros().toPlainString();
        notes.add(
                account
                        ? "Wasabi bills the account at least " + minimumTb
                                + " TB a month; the shortfall is what the account pays beyond its usage."
                        : "Wasabi bills the whole account at least " + minimumTb
                                + " TB a month; that minimum is the service's cost and is not included here,"
                                + " so these figures depend on this company's recordings alone.");
        notes.add("Wasabi keeps billing a recording deleted before it is " + pricing.wasabiMinimumDays()
                + " days old until that age (timed deleted storage).");
        notes.add("AWS S3 egress assumes each recording is downloaded "
                + pricing.downloadsPerRecording().stripTrailingZeros().toPlainString()
                + " time(s) a month; Wasabi charges no egress within its fair-use policy.");
        return new Estimate(
                "USD",
                new Wasabi(
                        scale(activeTb, 6),
                        scale(timedDeletedTb, 6),
                        money(usageCost),
                        money(minimumCharge),
                        shortfall == null ? null : money(shortfall),
                        money(wasabiTotal)),
                new AwsS3(money(storage), money(egress), money(requests), money(s3Total)),
                wasabiTotal.compareTo(s3Total) <= 0 ? "wasabi" : "aws-s3",
                notes);
    }

    private static BigDecimal bytes(long bytes) {
        return BigDecimal.valueOf(bytes);
    }

    private static BigDecimal money(BigDecimal amount) {
        // six places: a small company's month can cost fractions of a cent, which is still not zero
        return scale(amount, 6);
    }

    private static BigDecimal scale(BigDecimal value, int digits) {
        return value.setScale(digits, RoundingMode.HALF_UP);
    }
}
