package com.shoppulse.options;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Program arguments of the form {@code --name value}, read into typed values. Anything a person
 * could get wrong (an unknown option, a missing value, an option given twice, a value of the wrong
 * kind) fails at once with a message that names the option and what it accepts.
 */
public final class JobOptions {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> values;

    private JobOptions(Map<String, String> values) {
        this.values = values;
    }

    public static JobOptions parse(String[] args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + arg + "': options look like --name value");
            }
            String name = arg.substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown option --"
                                + name
                                + "; known options: --"
                                + String.join(", --", new TreeSet<>(known)));
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            // Keeping either value of a repeated option would hide a mistake in a long command
            // line, such as a script that appends its own --window-sizes to the user's.
            if (values.put(name, args[++i]) != null) {
                throw new IllegalArgumentException("option --" + name + " is given more than once");
            }
        }
        return new JobOptions(values);
    }

    public String string(String name, String fallback) {
        String value = values.getOrDefault(name, fallback);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option --" + name + " must not be empty");
        }
        return value.strip();
    }

    /** The option's value, or null when it was not given. */
    public String optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public boolean bool(String name, boolean fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        switch (value.strip().toLowerCase()) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(
                        "option --" + name + " must be true or false, not '" + value + "'");
        }
    }

    public int positiveInt(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(
                "option --" + name + " must be a whole number above 0, not '" + value + "'");
    }

    public Duration duration(String name, String fallback) {
        return toDuration(name, values.getOrDefault(name, fallback));
    }

    /** A comma-separated list of durations, e.g. {@code 1m,1h,1d}, sorted and without repeats. */
    public List<Duration> durations(String name, String fallback) {
        TreeSet<Duration> parsed = new TreeSet<>();
        for (String part : string(name, fallback).split(",")) {
            parsed.add(toDuration(name, part));
        }
        return new ArrayList<>(parsed);
    }

    public ZoneId zone(String name, String fallback) {
        String value = string(name, fallback);
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "option --"
                            + name
                            + ": '"
                            + value
                            + "' is not a time zone; use a region id like UTC or Europe/Moscow");
        }
    }

    private static Duration toDuration(String name, String text) {
        return durationOf(text)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "option --"
                                                + name
                                                + ": '"
                                                + text
                                                + "' is not a duration; use a number and a unit:"
                                                + " 500ms, 30s, 5m, 1h, 1d"));
    }

    /** A duration written as a number and a unit: 500ms, 30s, 5m, 1h or 1d. */
    public static Optional<Duration> durationOf(String text) {
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
}
