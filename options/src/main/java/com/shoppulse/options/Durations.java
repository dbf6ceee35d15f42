package com.shoppulse.options;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in options and rule files: a whole number and a unit, {@code
 * 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or {@code 1d}.
 */
public final class Durations {
    static final String ACCEPTS = "a duration: a number and a unit, 500ms, 30s, 5m, 1h or 1d";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /** The duration {@code text} writes, or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Optional.of(Duration.ofMillis(amount));
            case "s":
                return Optional.of(Duration.ofSeconds(amount));
            case "m":
                return Optional.of(Duration.ofMinutes(amount));
            case "h":
                return Optional.of(Duration.ofHours(amount));
            default:
                return Optional.of(Duration.ofDays(amount));
        }
    }

    static Duration read(String text) {
        return parse(text)
                .orElseThrow(
                        () -> new IllegalArgumentException("'" + text + "' is not a duration"));
    }
}
