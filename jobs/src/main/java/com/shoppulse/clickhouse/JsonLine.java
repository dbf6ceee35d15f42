package com.shoppulse.clickhouse;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Rows as lines of JSON arrays of their column values (ClickHouse's {@code JSONCompactEachRow}),
 * for the tables of few rows (KPI rows, alerts), whose values a person can read in a dead letter as
 * they were sent. Hand-written because a general JSON generator cost more per row than parsing an
 * event had. Arrays rather than objects because ClickHouse then matches no field names.
 *
 * <p>Text is escaped as JSON requires; a lone surrogate, which UTF-8 cannot carry, becomes {@code
 * ?} as the JDK's encoder makes it (the parser rejects such events before they get here).
 */
public final class JsonLine extends RowBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Reads and writes numbers as they are: a Decimal(18, 2) too big for a double included. */
    private static final JsonMapper EXACT =
            JsonMapper.builder()
                    .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .build();

    private long lastDay = Long.MIN_VALUE;
    private byte[] lastDate;

    @Override
    String format() {
        return "JSONCompactEachRow";
    }

    @Override
    void openRow() {
        put((byte) '[');
    }

    @Override
    void closeRow() {
        put((byte) ']');
        put((byte) '\n');
    }

    @Override
    void separateValues() {
        put((byte) ',');
    }

    /**
     * Row {@code row} as a JSON object of its columns, for people to read (in a dead letter); as it
     * is written where it is no JSON (ClickHouse's words for NaN and the infinities).
     */
    @Override
    byte[] rowAsObject(int row) {
        int from = start(row);
        int length = start(row + 1) - 1 - from;
        try {
            JsonNode values = EXACT.readTree(buf, from, length);
            ObjectNode object = EXACT.createObjectNode();
            for (int i = 0; i < values.size(); i++) {
                object.set(columns().get(i), values.get(i));
            }
            return EXACT.writeValueAsBytes(object);
        } catch (IOException notJson) {
            return Arrays.copyOfRange(buf, from, from + length);
        }
    }

    public JsonLine string(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    public JsonLine number(String name, long value) {
        name(name);
        ascii(Long.toString(value));
        return this;
    }

    /** A double; NaN and the infinities as ClickHouse reads them, which JSON has no words for. */
    public JsonLine number(String name, double value) {
        name(name);
        number(value);
        return this;
    }

    public JsonLine number(String name, BigDecimal value) {
        name(name);
        ascii(value.toPlainString());
        return this;
    }

    /** A {@code Long} or {@code BigDecimal} exactly, any other number as a double. */
    public JsonLine number(String name, Number value) {
        if (value instanceof Long) {
            return number(name, value.longValue());
        }
        if (value instanceof BigDecimal) {
            return number(name, (BigDecimal) value);
        }
        return number(name, value.doubleValue());
    }

    /** Minor units (kopecks) as the exact decimal with two places. */
    public JsonLine money(String name, long minor) {
        name(name);
        money(minor);
        return this;
    }

    /** An instant as a {@code DateTime('UTC')} column reads it: {@code "yyyy-MM-dd HH:mm:ss"}. */
    public JsonLine dateTime(String name, long epochMillis) {
        name(name);
        time(epochMillis, false);
        return this;
    }

    /** An instant for a {@code DateTime64(3, 'UTC')} column: {@code "yyyy-MM-dd HH:mm:ss.SSS"}. */
    public JsonLine dateTime64(String name, long epochMillis) {
        name(name);
        time(epochMillis, true);
        return this;
    }

    public JsonLine nullValue(String name) {
        name(name);
        ascii("null");
        return this;
    }

    /** An array field: {@code values} written by {@code element} for each. */
    public <T> JsonLine array(String name, T[] values, Element<T> element) {
        name(name);
        put((byte) '[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            element.write(this, values[i]);
        }
        put((byte) ']');
        return this;
    }

    /** Writes one element of an array with the methods below. */
    @FunctionalInterface
    public interface Element<T> {
        void write(JsonLine line, T value);
    }

    public void string(String value) {
        if (value == null) {
            ascii("null");
            return;
        }
        // Encoding first, then escaping the bytes: cheaper than a loop over chars, whose charAt
        // checks bounds on every non-Latin-1 text (Cyrillic city names); no byte of a multi-byte
        // sequence needs escaping in JSON.
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        // The most one byte can take: six bytes for a control character as \\u00XX.
        ensure(utf8.length * 6 + 2);
        byte[] out = buf;
        int at = count;
        out[at++] = '"';
        int clean = 0;
        while (clean < utf8.length && !needsEscape(utf8[clean])) {
            clean++;
        }
        // Most text (ids, names) has nothing to escape: one bulk copy of it all.
        System.arraycopy(utf8, 0, out, at, clean);
        at += clean;
        for (int i = clean; i < utf8.length; i++) {
            byte b = utf8[i];
            if (!needsEscape(b)) {
                out[at++] = b;
            } else if (b == '"' || b == '\\') {
                out[at++] = '\\';
                out[at++] = b;
            } else {
                out[at++] = '\\';
                out[at++] = 'u';
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[b >> 4];
                out[at++] = HEX[b & 0xF];
            }
        }
        out[at++] = '"';
        count = at;
    }

    /** A quote, a backslash or a control character; no byte of a multi-byte sequence is one. */
    private static boolean needsEscape(byte b) {
        return b >= 0 && (b < 0x20 || b == '"' || b == '\\');
    }

    public void number(long value) {
        ascii(Long.toString(value));
    }

    public void number(double value) {
        if (Double.isNaN(value)) {
            ascii("nan");
        } else if (Double.isInfinite(value)) {
            ascii(value > 0 ? "inf" : "-inf");
        } else {
            ascii(Double.toString(value));
        }
    }

    public void money(long minor) {
        if (minor < 0) {
            put((byte) '-');
        }
        long abs = Math.abs(minor);
        ascii(Long.toString(abs / 100));
        long cents = abs % 100;
        put((byte) '.');
        put((byte) ('0' + cents / 10));
        put((byte) ('0' + cents % 10));
    }

    /** The UTC wall-clock time; the date part is kept for the next instant on the same day. */
    private void time(long epochMillis, boolean withMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        long day = Math.floorDiv(seconds, 86_400L);
        if (day != lastDay) {
            lastDay = day;
            lastDate = LocalDate.ofEpochDay(day).toString().getBytes(StandardCharsets.US_ASCII);
        }
        put((byte) '"');
        put(lastDate);
        int secondOfDay = (int) (seconds - day * 86_400L);
        put((byte) ' ');
        twoDigits(secondOfDay / 3600);
        put((byte) ':');
        twoDigits(secondOfDay / 60 % 60);
        put((byte) ':');
        twoDigits(secondOfDay % 60);
        if (withMillis) {
            int millis = (int) Math.floorMod(epochMillis, 1000L);
            put((byte) '.');
            put((byte) ('0' + millis / 100));
            twoDigits(millis % 100);
        }
        put((byte) '"');
    }

    private void twoDigits(int value) {
        put((byte) ('0' + value / 10));
        put((byte) ('0' + value % 10));
    }

    /**
     * Text of ASCII characters only (names, numbers, words such as {@code null}), copied a byte per
     * character by the JDK's bulk copy, which for such a string is one array copy.
     */
    @SuppressWarnings("deprecation")
    private void ascii(String text) {
        ensure(text.length());
        text.getBytes(0, text.length(), buf, count);
        count += text.length();
    }
}
