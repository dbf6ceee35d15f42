package com.shoppulse.generator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressLoggerTest {

    private static final long SECOND = 1_000_000_000L;

    private final ProgressLogger progress = new ProgressLogger(Duration.ofSeconds(10));

    @Test
    void reportsOnceAnInterval() {
        long start = 5 * SECOND;
        for (int i = 0; i < 1_249; i++) {
            assertThat(progress.count(start + i * SECOND / 125)).isEmpty();
        }

        Optional<String> report = progress.count(start + 10 * SECOND);

        assertThat(report).contains("1250 events sent, 125.0 events/s over the last 10 s");
        assertThat(progress.count(start + 11 * SECOND)).isEmpty();
    }

    @Test
    void theRateCoversOnlyTheLastInterval() {
        progress.count(0);
        progress.count(10 * SECOND);

        for (int i = 1; i < 50; i++) {
            progress.count(10 * SECOND + i);
        }

        assertThat(progress.count(30 * SECOND))
                .contains("52 events sent, 2.5 events/s over the last 20 s");
    }
}
