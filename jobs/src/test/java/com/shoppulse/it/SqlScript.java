package com.shoppulse.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of a SQL file, for the benchmarks that run one: {@code ${name}} filled in, lines
 * that are {@code --} comments dropped. A statement ends with a line that ends in {@code ;}; a
 * {@code BEGIN} ... {@code END;} block (Flink's statement sets) is one statement.
 */
final class SqlScript {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private SqlScript() {}

    static List<String> statements(Path file, Map<String, String> values) throws IOException {
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        boolean inBlock = false;
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            statement.append(fill(line, values, file)).append('\n');
            if (trimmed.equalsIgnoreCase("BEGIN")) {
                inBlock = true;
            }
            if (trimmed.endsWith(";") && (!inBlock || trimmed.equalsIgnoreCase("END;"))) {
                String text = statement.toString().strip();
                // Flink's parser takes a statement without its final semicolon, ClickHouse's too.
                statements.add(text.substring(0, text.length() - 1));
                statement.setLength(0);
                inBlock = false;
            }
        }
        if (!statement.toString().isBlank()) {
            throw new IllegalArgumentException(file + " ends inside a statement: " + statement);
        }
        return statements;
    }

    private static String fill(String line, Map<String, String> values, Path file) {
        Matcher m = PLACEHOLDER.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        file + " names ${" + m.group(1) + "}, which has no value here");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
