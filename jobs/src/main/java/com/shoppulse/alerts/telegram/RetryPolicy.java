package com.shoppulse.alerts.telegram;

import java.io.Serializable;
import java.time.Duration;

/**
 * How hard the sender tries one message to one chat: a bounded number of attempts, each bounded in
 * time, with exponential backoff between them. Telegram's own "retry after" is obeyed up to a cap,
 * so one flood-limited chat cannot hold the alert stream for an hour.
 */
public final class RetryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final Duration maxRetryAfter;

    public RetryPolicy(
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration requestTimeout,
            Duration maxRetryAfter) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "Telegram max attempts must be at least 1, not " + maxAttempts);
        }
        requirePositive("initial backoff", initialBackoff);
        requirePositive("request timeout", requestTimeout);
        requirePositive("max retry-after", maxRetryAfter);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "Telegram max backoff "
                            + maxBackoff
                            + " must not be shorter than the initial backoff "
                            + initialBackoff);
        }
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.requestTimeout = requestTimeout;
        this.maxRetryAfter = maxRetryAfter;
    }

    /**
     * 5 attempts, backoff from 500 ms doubling up to 8 s, 8 s per request, a retry-after of at most
     * 15 s: at worst 100 s for one chat (every request timing out, every wait 15 s), inside the
     * alerting job's default delivery timeout of 2 minutes.
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(
                5,
                Duration.ofMillis(500),
                Duration.ofSeconds(8),
                Duration.ofSeconds(8),
                Duration.ofSeconds(15));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The wait after the given number of failed attempts (1, 2, ...): doubling, capped. */
    public Duration backoff(int failedAttempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** The wait Telegram asked for with a 429, capped. */
    public Duration retryAfter(long seconds) {
        Duration asked = Duration.ofSeconds(Math.max(0, seconds));
        return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }

    @Override
    public String toString() {
        return maxAttempts
                + " attempts, backoff "
                + initialBackoff
                + ".."
                + maxBackoff
                + ", request timeout "
                + requestTimeout
                + ", retry-after cap "
                + maxRetryAfter;
    }

    private static void requirePositive(String what, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "Telegram " + what + " must be above zero, not " + value);
        }
    }
}
