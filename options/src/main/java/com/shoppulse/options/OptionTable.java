package com.shoppulse.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The options one program takes, in the order its help lists them. It reads a command line of
 * {@code --name value} pairs into {@link OptionValues}. Anything a person could get wrong (an
 * unknown option, a missing value, an option given twice, a value of the wrong kind) fails at once
 * with a message that names the option and what it accepts: keeping either value of a repeated
 * option would hide a mistake in a long command line, such as a script that appends its own {@code
 * --window-sizes} to the user's.
 */
public final class OptionTable {
    private static final String HELP = "--help";
    private static final int WIDTH = 100;

    private final String program;
    private final List<Option<?>> options;
    private final Map<String, Option<?>> byName = new HashMap<>();

    private OptionTable(String program, List<Option<?>> options) {
        this.program = program;
        this.options = List.copyOf(options);
        for (Option<?> option : options) {
            register(option.name(), option);
            if (option.oldName() != null) {
                register(option.oldName(), option);
            }
        }
    }

    /**
     * @param program what help calls the program, e.g. "the metrics job"
     * @param groups its options, in groups that several programs share, such as ClickHouse's
     */
    @SafeVarargs
    public static OptionTable of(String program, List<? extends Option<?>>... groups) {
        List<Option<?>> all = new ArrayList<>();
        Arrays.stream(groups).forEach(all::addAll);
        return new OptionTable(program, all);
    }

    /**
     * When the command line asks for help rather than a run, prints {@link #help} to standard
     * output and returns true; the program then stops.
     */
    public boolean printHelpIfAsked(String... args) {
        if (!Arrays.asList(args).contains(HELP)) {
            return false;
        }
        System.out.print(help());
        return true;
    }

    public List<Option<?>> options() {
        return options;
    }

    /**
     * Reads a command line: each option given is checked, each one left out takes its default.
     *
     * @throws IllegalArgumentException naming the first option given wrong
     */
    public OptionValues parse(String... args) {
        Map<Option<?>, String> given = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + arg + "': options look like --name value");
            }
            String name = arg.substring(2);
            Option<?> option = byName.get(name);
            if (option == null) {
                throw new IllegalArgumentException(
                        "unknown option "
                                + arg
                                + "; the options of "
                                + program
                                + " are --"
                                + options.stream()
                                        .map(Option::name)
                                        .collect(Collectors.joining(", --"))
                                + " ("
                                + HELP
                                + " says what each is for)");
            }
            if (!name.equals(option.name())) {
                warnings.add(
                        arg
                                + " is an old name: use --"
                                + option.name()
                                + "; the old one will go away");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException("option --" + option.name() + " needs a value");
            }
            if (given.put(option, args[++i]) != null) {
                throw new IllegalArgumentException(
                        "option --" + option.name() + " is given more than once");
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (Option<?> option : options) {
            String text = given.getOrDefault(option, option.defaultValue());
            values.put(option.name(), text == null ? null : option.read(text));
        }
        return new OptionValues(program, values, warnings);
    }

    /** What {@code --help} prints: every option, what it takes, its default and its purpose. */
    public String help() {
        StringBuilder out =
                new StringBuilder("Options of ")
                        .append(program)
                        .append(", each as --name value (")
                        .append(HELP)
                        .append(" prints this):\n");
        for (Option<?> option : options) {
            out.append("\n  --")
                    .append(option.name())
                    .append("  (default: ")
                    .append(plain(option.shownDefault()))
                    .append(")\n");
            if (!option.description().isEmpty()) {
                wrap(out, plain(option.description()), "      ");
            }
            wrap(out, "takes " + option.accepts(), "      ");
        }
        return out.toString();
    }

    /**
     * The table of these options as the README shows it (option, default, meaning), from its header
     * row to its last row, each line ending in a newline.
     */
    public String markdown() {
        StringBuilder out = new StringBuilder("| option | default | meaning |\n|---|---|---|\n");
        for (Option<?> option : options) {
            String shown =
                    option.defaultValue() == null
                            ? option.shownDefault()
                            : "`" + option.defaultValue() + "`";
            out.append("| `--")
                    .append(option.name())
                    .append("` | ")
                    .append(shown)
                    .append(" | ")
                    .append(option.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }

    /**
     * Checks that a markdown file, such as the README, lists these options exactly as {@link
     * #markdown} does, so that the documentation cannot drift from the declarations.
     *
     * @throws IllegalStateException saying what the table should read
     */
    public void requireListedIn(Path markdownFile) throws IOException {
        String table = markdown();
        if (!Files.readString(markdownFile).contains(table)) {
            throw new IllegalStateException(
                    markdownFile + " should list the options of " + program + " as:\n" + table);
        }
    }

    private void register(String name, Option<?> option) {
        if (name.equals(HELP.substring(2)) || byName.put(name, option) != null) {
            throw new IllegalStateException(program + " declares --" + name + " twice");
        }
    }

    /** The README's markdown as text: links as their words, code without its backticks. */
    private static String plain(String markdown) {
        return markdown.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1").replace("`", "");
    }

    private static void wrap(StringBuilder out, String text, String indent) {
        int lineLength = 0;
        for (String word : text.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > WIDTH) {
                out.append('\n');
                lineLength = 0;
            }
            if (lineLength == 0) {
                out.append(indent).append(word);
                lineLength = indent.length() + word.length();
            } else {
                out.append(' ').append(word);
                lineLength += 1 + word.length();
            }
        }
        out.append('\n');
    }
}
