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
    void chargesTheAccountTheRestOfWasabisOneTerabyteMinimum() {
        // 1,000 five-minute calls at ~240 KB a minute: 1.2 GB in the whole account.
        long bytes = 1_200_000_000L;
        StorageCostEstimator.Estimate estimate =
                estimator.account(new StorageCostEstimator.Usage(bytes, 0, 1_000, 1_000));

        // usage 0.0012 TB x 6.99 = 0.008388; the account pays the 6.99 minimum, a shortfall of 6.981612
        assertThat(estimate.wasabi().usageCost()).isEqualByComparingTo("0.008388");
        assertThat(estimate.wasabi().accountShortfall()).isEqualByComparingTo("6.981612");
        assertThat(estimate.wasabi().monthlyCost()).isEqualByComparingTo("6.990000");
        // S3: 1.2 GB x 0.023 = 0.0276; egress 1.2 x 0.09 = 0.108; 1,000 PUTs 0.005 + 1,000 GETs 0.0004
        assertThat(estimate.awsS3().storageCost()).isEqualByComparingTo("0.027600");
        assertThat(estimate.awsS3().egressCost()).isEqualByComparingTo("0.108000");
        assertThat(estimate.awsS3().requestCost()).isEqualByComparingTo("0.005400");
        assertThat(estimate.awsS3().monthlyCost()).isEqualByComparingTo("0.141000");
        assertThat(estimate.cheaper()).isEqualTo("aws-s3");
    }

    @Test
    void chargesACompanyItsOwnUsageAndNoShareOfTheAccountMinimum() {
        StorageCostEstimator.Estimate estimate =
                estimator.company(new StorageCostEstimator.Usage(100_000_000_000L, 0, 0, 0));
        // 0.1 TB x 6.99; the minimum is named (a price) but not split: a share would reveal the others' bytes
        assertThat(estimate.wasabi().usageCost()).isEqualByComparingTo("0.699000");
        assertThat(estimate.wasabi().monthlyCost()).isEqualByComparingTo("0.699000");
        assertThat(estimate.wasabi().accountMinimumCharge()).isEqualByComparingTo("6.99");
        assertThat(estimate.wasabi().accountShortfall()).isNull();
        // 100 GB on S3: 2.3 storage + 9 egress
        assertThat(estimate.awsS3().monthlyCost()).isEqualByComparingTo("11.300000");
        assertThat(estimate.cheaper()).isEqualTo("wasabi");
    }

    @Test
    void dropsTheShortfallOnceTheAccountPassesOneTerabyte() {
        StorageCostEstimator.Estimate large =
                estimator.account(new StorageCostEstimator.Usage(5_000_000_000_000L, 0, 0, 0));
        assertThat(large.wasabi().accountShortfall()).isEqualByComparingTo("0");
        assertThat(large.wasabi().monthlyCost()).isEqualByComparingTo("34.950000");
        assertThat(large.cheaper()).isEqualTo("wasabi");
    }

    @Test
    void keepsBillingRecordingsDeletedBeforeNinetyDays() {
        // 500 GB deleted early, billed for the whole coming month
        StorageCostEstimator.Estimate estimate =
                estimator.company(new StorageCostEstimator.Usage(0, 500_000_000_000.0, 0, 0));
        assertThat(estimate.wasabi().timedDeletedTb()).isEqualByComparingTo("0.5");
        assertThat(estimate.wasabi().usageCost()).isEqualByComparingTo("3.495000");
        assertThat(estimate.awsS3().monthlyCost()).isEqualByComparingTo("0");
    }
}
