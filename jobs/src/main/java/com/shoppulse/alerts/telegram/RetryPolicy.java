package com.shoppulse.alerts.telegram;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the sender retries a message that can still succeed: each request bounded in time, growing
 * pauses between attempts, and Telegram's own "retry after" obeyed in full, however long. There is
 * no last attempt: an alert is only worth something if it arrives, so a message is given up only
 * when Telegram refuses it for good (see {@link TelegramSender}).
 */
public final class RetryPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;

    public RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
        requirePositive("initial backoff", initialBackoff);
        requirePositive("request timeout", requestTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "Telegram max backoff "
                            + maxBackoff
                            + " must not be shorter than the initial backoff "
                            + initialBackoff);
        }
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Backoff from 500 ms doubling up to 30 s, 8 s per request: an outage of Telegram costs at most
     * half a minute of delay once it is over.
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(8));
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

    /**
     * The wait Telegram asked for with a 429, in full: sending earlier only earns a longer ban, and
     * the messages behind this one wait their turn anyway.
     */
    public Duration retryAfter(long seconds) {
        return Duration.ofSeconds(Math.max(0, seconds));
    }

    @Override
    public String toString() {
        return "backoff "
                + initialBackoff
                + ".."
                + maxBackoff
                + ", request timeout "
                + requestTimeout
                + ", retry-after obeyed in full";
    }

    private static void requirePositive(String what, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "Telegram " + what + " must be above zero, not " + value);
        }
    }
}
