package com.caly.recordings;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A month's storage cost for a company's recordings, in Wasabi (pay-as-you-go: a 1 TB monthly minimum for the
 * whole account and a 90-day minimum storage duration) beside AWS S3 Standard (per-GB storage, egress and
 * requests). Sizes are decimal: 1 GB = 10^9 bytes, 1 TB = 10^12 bytes, as both providers bill.
 */
final class StorageCostEstimator {

    private static final BigDecimal GB = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal TB = BigDecimal.valueOf(1_000_000_000_000L);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    /**
     * @param companyBytes what the company stores now
     * @param timedDeletedByteMonths bytes deleted before the minimum duration, times the fraction of the coming
     *     month they are still billed for
     * @param accountBytes what the whole account (every company) stores now
     * @param recordingsAddedPerMonth new recordings in the last 30 days (PUT requests)
     * @param recordingCount the company's recordings (downloads estimate)
     */
    record Usage(
            long companyBytes,
            double timedDeletedByteMonths,
            long accountBytes,
            long recordingsAddedPerMonth,
            long recordingCount) {}

    record Wasabi(
            BigDecimal activeTb,
            BigDecimal timedDeletedTb,
            BigDecimal usageCost,
            BigDecimal accountMinimumCharge,
            BigDecimal shareOfMinimum,
            BigDecimal monthlyCost) {}

    record AwsS3(BigDecimal storageCost, BigDecimal egressCost, BigDecimal requestCost, BigDecimal monthlyCost) {}

    record Estimate(String currency, Wasabi wasabi, AwsS3 awsS3, String cheaper, List<String> notes) {}

    private final RecordingsProperties.Pricing pricing;

    StorageCostEstimator(RecordingsProperties.Pricing pricing) {
        this.pricing = pricing;
    }

    Estimate estimate(Usage usage) {
        BigDecimal activeTb = bytes(usage.companyBytes()).divide(TB, 12, RoundingMode.HALF_UP);
        BigDecimal timedDeletedTb =
                BigDecimal.valueOf(usage.timedDeletedByteMonths()).divide(TB, 12, RoundingMode.HALF_UP);
        BigDecimal usageCost = activeTb.add(timedDeletedTb).multiply(pricing.wasabiPerTbMonth());
        BigDecimal minimumCharge = pricing.wasabiMinimumTb().multiply(pricing.wasabiPerTbMonth());
        BigDecimal accountUsage =
                bytes(usage.accountBytes()).divide(TB, 12, RoundingMode.HALF_UP).multiply(pricing.wasabiPerTbMonth());
        BigDecimal shortfall = minimumCharge.subtract(accountUsage).max(BigDecimal.ZERO);
        BigDecimal share = usage.accountBytes() == 0
                ? BigDecimal.ZERO
                : shortfall
                        .multiply(bytes(usage.companyBytes()))
                        .divide(bytes(usage.accountBytes()), 12, RoundingMode.HALF_UP);
        BigDecimal wasabiTotal = usageCost.add(share);

        BigDecimal activeGb = bytes(usage.companyBytes()).divide(GB, 12, RoundingMode.HALF_UP);
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
        notes.add("Wasabi bills every account at least "
                + pricing.wasabiMinimumTb().stripTrailingZeros().toPlainString()
                + " TB a month; the company's share of that minimum is in proportion to its stored bytes.");
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
                        money(share),
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
