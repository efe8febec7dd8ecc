package com.caly.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StorageCostEstimatorTests {

    private final StorageCostEstimator estimator = new StorageCostEstimator(new RecordingsProperties.Pricing(
            new BigDecimal("6.99"),
            BigDecimal.ONE,
            90,
            new BigDecimal("0.023"),
            new BigDecimal("0.09"),
            new BigDecimal("0.005"),
            new BigDecimal("0.0004"),
            BigDecimal.ONE));

    @Test
    void chargesASmallCompanyItsShareOfWasabisOneTerabyteMinimum() {
        // 1,000 five-minute calls at ~240 KB a minute: 1.2 GB, the only company in the account.
        long bytes = 1_200_000_000L;
        StorageCostEstimator.Estimate estimate =
                estimator.estimate(new StorageCostEstimator.Usage(bytes, 0, bytes, 1_000, 1_000));

        // usage 0.0012 TB x 6.99 = 0.008388; the account pays the 6.99 minimum, so its shortfall 6.981612 falls on it
        assertThat(estimate.wasabi().usageCost()).isEqualByComparingTo("0.008388");
        assertThat(estimate.wasabi().shareOfMinimum()).isEqualByComparingTo("6.981612");
        assertThat(estimate.wasabi().monthlyCost()).isEqualByComparingTo("6.990000");
        // S3: 1.2 GB x 0.023 = 0.0276; egress 1.2 x 0.09 = 0.108; 1,000 PUTs 0.005 + 1,000 GETs 0.0004
        assertThat(estimate.awsS3().storageCost()).isEqualByComparingTo("0.027600");
        assertThat(estimate.awsS3().egressCost()).isEqualByComparingTo("0.108000");
        assertThat(estimate.awsS3().requestCost()).isEqualByComparingTo("0.005400");
        assertThat(estimate.awsS3().monthlyCost()).isEqualByComparingTo("0.141000");
        assertThat(estimate.cheaper()).isEqualTo("aws-s3");
    }

    @Test
    void splitsTheMinimumByStoredBytesAndDropsItOnceTheAccountPassesOneTerabyte() {
        StorageCostEstimator.Estimate quarter =
                estimator.estimate(new StorageCostEstimator.Usage(100_000_000_000L, 0, 400_000_000_000L, 0, 0));
        // account usage 0.4 TB = 2.796; shortfall 4.194, a quarter of it is 1.0485; own usage 0.1 TB = 0.699
        assertThat(quarter.wasabi().shareOfMinimum()).isEqualByComparingTo("1.048500");
        assertThat(quarter.wasabi().monthlyCost()).isEqualByComparingTo("1.747500");

        StorageCostEstimator.Estimate large =
                estimator.estimate(new StorageCostEstimator.Usage(2_000_000_000_000L, 0, 5_000_000_000_000L, 0, 0));
        assertThat(large.wasabi().shareOfMinimum()).isEqualByComparingTo("0");
        assertThat(large.wasabi().monthlyCost()).isEqualByComparingTo("13.980000");
        // 2,000 GB on S3: 46 storage + 180 egress
        assertThat(large.awsS3().monthlyCost()).isEqualByComparingTo("226.000000");
        assertThat(large.cheaper()).isEqualTo("wasabi");
    }

    @Test
    void keepsBillingRecordingsDeletedBeforeNinetyDays() {
        // 500 GB deleted early, billed for the whole coming month
        StorageCostEstimator.Estimate estimate =
                estimator.estimate(new StorageCostEstimator.Usage(0, 500_000_000_000.0, 2_000_000_000_000L, 0, 0));
        assertThat(estimate.wasabi().timedDeletedTb()).isEqualByComparingTo("0.5");
        assertThat(estimate.wasabi().usageCost()).isEqualByComparingTo("3.495000");
        assertThat(estimate.awsS3().monthlyCost()).isEqualByComparingTo("0");
    }
}
