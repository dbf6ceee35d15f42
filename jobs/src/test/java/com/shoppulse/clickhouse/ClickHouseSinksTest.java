package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.metrics.MetricsJob;
import com.shoppulse.metrics.MetricsJobConfig;
import org.junit.jupiter.api.Test;

class ClickHouseSinksTest {
    @Test
    void theMetricsJobFlushesEventsRawOnItsOwnInterval() {
        MetricsJob.Sinks sinks =
                MetricsJob.Sinks.of(
                        MetricsJobConfig.fromArgs(
                                "--sink-flush-interval", "2s",
                                "--raw-events-flush-interval", "30s"));

        assertThat(sinks.rawEvents().flushIntervalMillis).isEqualTo(30_000);
        assertThat(sinks.kpiWindow().flushIntervalMillis).isEqualTo(2_000);
        assertThat(sinks.kpiWindowDim().flushIntervalMillis).isEqualTo(2_000);
    }

    @Test
    void byDefaultEventsRawGoesInFewerLargerInsertsThanTheKpiRows() {
        MetricsJob.Sinks sinks = MetricsJob.Sinks.of(MetricsJobConfig.fromArgs());

        assertThat(sinks.rawEvents().flushIntervalMillis).isEqualTo(5_000);
        assertThat(sinks.kpiWindow().flushIntervalMillis).isEqualTo(1_000);
    }
}
