package com.shoppulse.submit;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code ${NAME}} and {@code ${NAME:-default}} placeholders of the job list, as a shell
 * does. A variable set to the empty string counts as unset, so that a setting left empty in a
 * compose file or a script means the same as one left out.
 */
final class Variables {
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Map<String, String> values;

    Variables(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * The text with its placeholders filled.
     *
     * @param usedFor what the text is, for the message when a variable without a default is unset
     */
    String fill(String text, String usedFor) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String value = values.getOrDefault(name, "");
            if (value.isEmpty()) {
                if (placeholder.group(2) == null) {
                    throw new IllegalArgumentException(
                            usedFor + " needs the variable " + name + ", which is not set");
                }
                value = placeholder.group(3);
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(filled);
        return filled.toString();
    }
}
