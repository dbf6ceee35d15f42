package com.shoppulse.e2e;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database URI as SQLAlchemy 1.4, the version Superset 5.0.0 runs on, reads and writes it ({@code
 * sqlalchemy/engine/url.py}: {@code _parse_url}, {@code render_as_string}). Parsing percent-decodes
 * the user name and password once, as Python's {@code urllib.parse.unquote} does; rendering escapes
 * only {@code :}, {@code @} and {@code /} in them.
 */
record SqlAlchemyUrl(
        String driver,
        String username,
        String password,
        String host,
        Integer port,
        String database) {

    // _parse_url's pattern, the same groups in the same order.
    private static final Pattern URL =
            Pattern.compile(
                    "(?<name>[\\w+]+)://"
                            + "(?:(?<username>[^:/]*)(?::(?<password>[^@]*))?@)?"
                            + "(?:(?:\\[(?<ipv6host>[^/?]+)\\]|(?<ipv4host>[^/:?]+))?"
                            + "(?::(?<port>[^/?]*))?)?"
                            + "(?:/(?<database>[^?]*))?"
                            + "(?:\\?(?<query>.*))?");
    private static final Pattern RENDER_ESCAPED = Pattern.compile("[:@/]");

    static SqlAlchemyUrl parse(String uri) {
        Matcher m = URL.matcher(uri);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("Could not parse SQLAlchemy URL from " + uri);
        }
        String host = m.group("ipv4host") != null ? m.group("ipv4host") : m.group("ipv6host");
        String port = m.group("port");
        return new SqlAlchemyUrl(
                m.group("name"),
                m.group("username") == null ? null : unquote(m.group("username")),
                m.group("password") == null ? null : unquote(m.group("password")),
                host,
                port == null || port.isEmpty() ? null : Integer.valueOf(port),
                m.group("database"));
    }

    SqlAlchemyUrl withPassword(String newPassword) {
        return new SqlAlchemyUrl(driver, username, newPassword, host, port, database);
    }

    /** {@code str(url)}: the password in clear, as Superset renders it before connecting. */
    String render() {
        StringBuilder s = new StringBuilder(driver).append("://");
        if (username != null) {
            s.append(renderEscape(username));
            if (password != null) {
                s.append(':').append(renderEscape(password));
            }
            s.append('@');
        }
        if (host != null) {
            s.append(host.contains(":") ? "[" + host + "]" : host);
        }
        if (port != null) {
            s.append(':').append(port);
        }
        if (database != null) {
            s.append('/').append(database);
        }
        return s.toString();
    }

    private static String renderEscape(String text) {
        return RENDER_ESCAPED
                .matcher(text)
                .replaceAll(m -> String.format("%%%X", (int) m.group().charAt(0)));
    }

    /** Python's {@code urllib.parse.unquote}: every %XX to its byte, the bytes read as UTF-8. */
    static String unquote(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && "0123456789abcdefABCDEF".indexOf(text.charAt(index)) >= 0;
    }
}
