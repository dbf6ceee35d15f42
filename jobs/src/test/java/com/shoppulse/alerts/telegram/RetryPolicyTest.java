package com.shoppulse.alerts.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy defaults = RetryPolicy.defaults();

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertThat(IntStream.rangeClosed(1, 7).mapToObj(defaults::backoff))
                .extracting(Duration::toMillis)
                .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L);
    }

    @Test
    void obeysTelegramsRetryAfterInFullHoweverLong() {
        assertThat(defaults.retryAfter(3)).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.retryAfter(86_400)).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.retryAfter(-5)).isEqualTo(Duration.ZERO);
    }

    @Test
    void defaultsToEightSecondsPerRequest() {
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void refusesNonsense() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, second, second))
                .hasMessageContaining("initial backoff must be above zero");
        assertThatThrownBy(() -> new RetryPolicy(second, Duration.ofMillis(1), second))
                .hasMessageContaining("max backoff");
        assertThatThrownBy(() -> new RetryPolicy(second, second, Duration.ZERO))
                .hasMessageContaining("request timeout must be above zero");
    }
}
