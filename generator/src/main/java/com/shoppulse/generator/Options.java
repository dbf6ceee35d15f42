package com.shoppulse.generator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --name value} pairs of a command line, each name known and given at most once. An
 * option that was renamed is still read under its old name, with a warning, so that scripts written
 * for an older release keep working while their owners are told what to change.
 */
final class Options {
    private static final Logger LOG = LoggerFactory.getLogger(Options.class);

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param known the option names, without the leading dashes
     * @param renamed old option names mapped to their current ones in {@code known}
     * @throws IllegalArgumentException for anything else than pairs of a known option and a value
     */
    static Options parse(String[] args, List<String> known, Map<String, String> renamed) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException(
                        "expected an option such as --seed, got \"" + option + "\"");
            }
            String name = option.substring(2);
            if (renamed.containsKey(name)) {
                name = renamed.get(name);
                LOG.warn("{} is an old name: use --{}; the old one will go away", option, name);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown option "
                                + option
                                + "; the options are --"
                                + String.join(", --", known));
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            if (values.put(name, args[i + 1]) != null) {
                throw new IllegalArgumentException("--" + name + " is given more than once");
            }
        }
        return new Options(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
