package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsJobConfigTest {
    @Test
    void theReadmeListsTheOptionsAsDeclared() throws IOException {
        MetricsJobConfig.OPTIONS.requireListedIn(Path.of("..", "README.md"));
    }

    @Test
    void hasSensibleDefaults() {
        MetricsJobConfig config = MetricsJobConfig.fromArgs();

        assertThat(config.bootstrapServers).isEqualTo("localhost:9092");
        assertThat(config.eventsTopic).isEqualTo("shop-events");
        assertThat(config.deadLetterTopic).isEqualTo("shop-events-dlq");
        assertThat(config.clickHouse.httpUrl()).isEqualTo("http://localhost:8123");
        assertThat(config.clickHouse.database()).isEqualTo("shop_analytics");
        assertThat(config.windowSizes)
                .containsExactly(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1));
        assertThat(config.timeZone).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.allowedLateness).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.rawEvents).isTrue();
        assertThat(config.sinkFlushInterval).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.rawEventsFlushInterval).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsEveryOption() {
        MetricsJobConfig config =
                MetricsJobConfig.fromArgs(
                        "--window-sizes", "1d,5m,5m",
                        "--time-zone", "Europe/Moscow",
                        "--allowed-lateness", "10m",
                        "--max-out-of-orderness", "500ms",
                        "--raw-events", "false",
                        "--raw-events-flush-interval", "30s",
                        "--clickhouse-url", "http://ch:8123/",
                        "--clickhouse-database", "shop_2");

        assertThat(config.windowSizes).containsExactly(Duration.ofMinutes(5), Duration.ofDays(1));
        assertThat(config.windows().get(0).sizeSeconds()).isEqualTo(300);
        assertThat(config.maxOutOfOrderness).isEqualTo(Duration.ofMillis(500));
        assertThat(config.rawEvents).isFalse();
        assertThat(config.rawEventsFlushInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.clickHouse.httpUrl()).isEqualTo("http://ch:8123");
        assertThat(config.clickHouse.database()).isEqualTo("shop_2");
        assertThat(config.dedupRetentionMillis())
                .isEqualTo(Duration.ofDays(1).plusMinutes(10).plusHours(1).toMillis());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--window-size|1m|unknown option --window-size",
                "--window-sizes|1m,7m|divide a day",
                "--window-sizes|1 minute|'1 minute' is not a duration",
                "--time-zone|Mars/Olympus|must be a time zone",
                "--raw-events|yes|must be true or false",
                "--starting-offsets|beginning|earliest, latest or committed",
                "--clickhouse-url|localhost:8123|HTTP address of ClickHouse",
                "--clickhouse-database|shop-analytics|letters, digits and _",
                "--sink-batch-size|0|whole number above 0",
                "--raw-events-flush-interval|5|must be a duration above 0",
                "--raw-events-flush-interval|0s|must be a duration above 0",
                "--sink-flush-interval|0ms|must be a duration above 0",
                "--reporting-currency|rub|ISO 4217",
            })
    void failsFastWithAnActionableMessage(String option, String value, String message) {
        assertThatThrownBy(() -> MetricsJobConfig.fromArgs(option, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anOptionGivenTwiceIsReported() {
        assertThatThrownBy(
                        () ->
                                MetricsJobConfig.fromArgs(
                                        "--window-sizes",
                                        "1h",
                                        "--group-id",
                                        "g",
                                        "--window-sizes",
                                        "1d"))
                .hasMessage("option --window-sizes is given more than once");
    }

    @Test
    void anOptionWithoutAValueIsReported() {
        assertThatThrownBy(() -> MetricsJobConfig.fromArgs("--events-topic", "--group-id", "g"))
                .hasMessage("option --events-topic needs a value");
    }
}
