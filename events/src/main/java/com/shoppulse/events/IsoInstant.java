package com.shoppulse.events;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Reads the one form of ISO-8601 instant nearly every producer sends, {@code
 * 2026-11-23T10:15:30.123Z} or with an offset {@code +03:00}, without {@code DateTimeFormatter},
 * whose general parser cost more than the rest of parsing an event. Any other text is left to that
 * parser: {@link #NOT_SIMPLE} says so.
 */
final class IsoInstant {
    static final long NOT_SIMPLE = Long.MIN_VALUE;

    private IsoInstant() {}

    /**
     * Epoch milliseconds of {@code text} if it is {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction
     * of 1 to 9 digits, and {@code Z} or {@code ±HH:MM}; {@link #NOT_SIMPLE} for any other text,
     * valid or not. Agrees with {@code OffsetDateTime.parse(text, ISO_DATE_TIME)} on every text it
     * reads.
     */
    static long millis(String text) {
        int n = text.length();
        if (n < 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return NOT_SIMPLE;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return NOT_SIMPLE;
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return NOT_SIMPLE;
        }
        int i = 19;
        int millis = 0;
        if (text.charAt(i) == '.') {
            int start = ++i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + text.charAt(i) - '0';
                }
                i++;
            }
            int fractionDigits = i - start;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return NOT_SIMPLE;
            }
            for (int d = fractionDigits; d < 3; d++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && text.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6
                && (text.charAt(i) == '+' || text.charAt(i) == '-')
                && text.charAt(i + 3) == ':') {
            int offsetHours = digits(text, i + 1, 2);
            int offsetMinutes = digits(text, i + 4, 2);
            if (offsetHours < 0
                    || offsetMinutes < 0
                    || offsetMinutes > 59
                    || offsetHours > 18
                    || offsetHours == 18 && offsetMinutes > 0) {
                return NOT_SIMPLE;
            }
            int sign = text.charAt(i) == '-' ? -1 : 1;
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return NOT_SIMPLE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDay) {
            return NOT_SIMPLE;
        }
        long seconds = epochDay * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
        return seconds * 1000 + millis;
    }

    /** The decimal number in {@code length} characters from {@code from}; -1 unless all digits. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + c - '0';
        }
        return value;
    }
}
