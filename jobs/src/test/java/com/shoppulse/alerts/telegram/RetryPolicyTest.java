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
                .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 8_000L, 8_000L);
    }

    @Test
    void obeysTelegramsRetryAfterUpToTheCap() {
        assertThat(defaults.retryAfter(3)).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.retryAfter(3_600)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void defaultsToFiveAttemptsOfEightSeconds() {
        assertThat(defaults.maxAttempts()).isEqualTo(5);
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void refusesNonsense() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RetryPolicy(0, second, second, second, second))
                .hasMessageContaining("max attempts must be at least 1");
        assertThatThrownBy(() -> new RetryPolicy(3, second, Duration.ofMillis(1), second, second))
                .hasMessageContaining("max backoff");
        assertThatThrownBy(() -> new RetryPolicy(3, second, second, Duration.ZERO, second))
                .hasMessageContaining("request timeout must be above zero");
    }
}
