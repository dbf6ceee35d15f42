package com.shoppulse.options;

import java.util.List;
import java.util.Map;

/** The options of one command line, each read and checked, or its default. */
public final class OptionValues {
    private final String program;
    private final Map<String, Object> values;
    private final List<String> warnings;

    OptionValues(String program, Map<String, Object> values, List<String> warnings) {
        this.program = program;
        this.values = values;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * What the program should log about its command line, such as an option given under its old
     * name: the program's own log is where its operators look.
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The option's value, or its default; null when it was not given and has no default.
     *
     * @throws IllegalStateException when the option is not one of the program's, a mistake in the
     *     program rather than its command line
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option) {
        if (!values.containsKey(option.name())) {
            throw new IllegalStateException(
                    "--" + option.name() + " is not among the options of " + program);
        }
        return (T) values.get(option.name());
    }
}
