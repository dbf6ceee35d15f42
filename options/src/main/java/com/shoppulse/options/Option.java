package com.shoppulse.options;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One command-line option, declared once: its name, what values it takes, its default, what it is
 * for, and how a value is read and checked. A program lists its options in an {@link OptionTable};
 * parsing, {@code --help} and the README's tables all come from these declarations, in the spirit
 * of Flink's {@code ConfigOption}.
 *
 * <p>Options are immutable: each {@code with...} method returns a new one.
 *
 * @param <T> the type of the option's value
 */
public final class Option<T> {
    private final String name;
    private final String accepts;
    private final Function<String, T> reader;
    private final String defaultValue;
    private final String shownDefault;
    private final String description;
    private final String oldName;

    private Option(
            String name,
            String accepts,
            Function<String, T> reader,
            String defaultValue,
            String shownDefault,
            String description,
            String oldName) {
        this.name = Objects.requireNonNull(name);
        this.accepts = Objects.requireNonNull(accepts);
        this.reader = Objects.requireNonNull(reader);
        this.defaultValue = defaultValue;
        this.shownDefault = shownDefault;
        this.description = description;
        this.oldName = oldName;
    }

    /**
     * An option of any type.
     *
     * @param accepts what a valid value is, completing "must be ...", e.g. "a whole number"
     * @param reader reads a value; it throws any runtime exception for a value it does not accept,
     *     an {@link IllegalArgumentException} with a message where it can say more than {@code
     *     accepts} does
     */
    public static <T> Option<T> of(String name, String accepts, Function<String, T> reader) {
        return new Option<>(name, accepts, reader, null, null, "", null);
    }

    /** Text that is not blank, without surrounding spaces. */
    public static Option<String> text(String name) {
        return of(name, "some text", value -> value);
    }

    public static Option<Boolean> bool(String name) {
        return of(
                name,
                "true or false",
                value -> {
                    switch (value.toLowerCase()) {
                        case "true":
                            return true;
                        case "false":
                            return false;
                        default:
                            throw new IllegalArgumentException();
                    }
                });
    }

    public static Option<Integer> positiveInt(String name) {
        return of(name, "a whole number above 0", Integer::parseInt).check(n -> n > 0, null);
    }

    /** A duration: a number and a unit, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    public static Option<Duration> duration(String name) {
        return of(
                name,
                Durations.ACCEPTS,
                value -> Durations.parse(value).orElseThrow(IllegalArgumentException::new));
    }

    /**
     * A duration above zero, for something done once every so long: at zero it would be done
     * without pause, a busy loop.
     */
    public static Option<Duration> positiveDuration(String name) {
        return duration(name)
                .check(d -> d.toMillis() > 0, "a duration above 0, e.g. 500ms, 1s, 5s");
    }

    /** A comma-separated list of durations, e.g. {@code 1m,1h,1d}, sorted and without repeats. */
    public static Option<List<Duration>> durations(String name) {
        return of(
                name,
                "durations separated by commas, e.g. 1m,1h,1d",
                value -> {
                    TreeSet<Duration> sizes = new TreeSet<>();
                    for (String part : value.split(",")) {
                        sizes.add(Durations.read(part));
                    }
                    return new ArrayList<>(sizes);
                });
    }

    public static Option<ZoneId> zone(String name) {
        return of(
                name,
                "a time zone, a region id like UTC or Europe/Moscow",
                value -> {
                    try {
                        return ZoneId.of(value);
                    } catch (DateTimeException e) {
                        throw new IllegalArgumentException();
                    }
                });
    }

    /** One of a few words. */
    public static Option<String> oneOf(String name, String... words) {
        List<String> allowed = Arrays.asList(words);
        String last = words[words.length - 1];
        String others = String.join(", ", allowed.subList(0, words.length - 1));
        return of(name, others + " or " + last, value -> value).check(allowed::contains, null);
    }

    /** The same option, with a default the program uses when it is not given. */
    public Option<T> withDefault(String value) {
        return new Option<>(name, accepts, reader, value, null, description, oldName);
    }

    /**
     * The same option, without a default value here: when it is not given the program works
     * something out, which help and the README show as {@code shown}, e.g. "the shipped rules".
     */
    public Option<T> withShownDefault(String shown) {
        return new Option<>(name, accepts, reader, null, shown, description, oldName);
    }

    /** The same option, with what it is for, in a sentence or a phrase. */
    public Option<T> withDescription(String text) {
        return new Option<>(name, accepts, reader, defaultValue, shownDefault, text, oldName);
    }

    /**
     * The same option, also read under the name it had before, with a warning: scripts written for
     * an older release keep working while their owners are told what to change.
     */
    public Option<T> withOldName(String old) {
        return new Option<>(name, accepts, reader, defaultValue, shownDefault, description, old);
    }

    /**
     * The same option, accepting only values that pass {@code test}.
     *
     * @param requirement what such values are, completing "must be ...", in place of what the
     *     option accepts otherwise; null to keep that
     */
    public Option<T> check(Predicate<? super T> test, String requirement) {
        Function<String, T> checked =
                value -> {
                    T read = reader.apply(value);
                    if (!test.test(read)) {
                        throw new IllegalArgumentException();
                    }
                    return read;
                };
        return new Option<>(
                name,
                requirement == null ? accepts : requirement,
                checked,
                defaultValue,
                shownDefault,
                description,
                oldName);
    }

    public String name() {
        return name;
    }

    /** What a valid value is, completing "must be ...". */
    public String accepts() {
        return accepts;
    }

    public String description() {
        return description;
    }

    /** The default as one writes it on a command line; null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** How help and the README show the default: the value, or what happens without one. */
    public String shownDefault() {
        if (defaultValue != null) {
            return defaultValue;
        }
        return shownDefault == null ? "none" : shownDefault;
    }

    String oldName() {
        return oldName;
    }

    /**
     * Reads a value given for this option, or its default.
     *
     * @throws IllegalArgumentException naming the option, the value and what it accepts
     */
    T read(String value) {
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("option --" + name + " must not be empty");
        }
        try {
            return reader.apply(stripped);
        } catch (RuntimeException e) {
            String detail = e.getMessage();
            boolean explains =
                    e instanceof IllegalArgumentException
                            && !(e instanceof NumberFormatException)
                            && detail != null;
            throw new IllegalArgumentException(
                    "option --"
                            + name
                            + " must be "
                            + accepts
                            + ", not '"
                            + value
                            + "'"
                            + (explains ? ": " + detail : ""),
                    e);
        }
    }
}
