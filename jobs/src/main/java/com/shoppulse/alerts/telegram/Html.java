package com.shoppulse.alerts.telegram;

/**
 * Escaping for Telegram's {@code parse_mode=HTML}: Telegram rejects the whole message when a value
 * (a city, a rule id) contains a stray {@code <} or {@code &}, so every dynamic value passes
 * through here.
 */
public final class Html {
    private Html() {}

    /** A value between tags. */
    public static String text(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A value inside a double-quoted attribute, such as {@code href}. */
    static String attribute(String value) {
        return text(value).replace("\"", "&quot;");
    }
}
