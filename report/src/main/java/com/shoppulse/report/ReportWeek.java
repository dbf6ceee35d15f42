package com.shoppulse.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;

/**
 * One report's period: a week from Monday 00:00 to the next Monday 00:00 in the shop's time zone.
 * Its archive name carries the period, e.g. {@code 2026-11-23_to_2026-11-29.pdf}.
 */
public record ReportWeek(LocalDate monday, ZoneId zone) {

    public ReportWeek {
        if (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException(monday + " is a " + monday.getDayOfWeek());
        }
    }

    /** The week that holds {@code day}. */
    public static ReportWeek containing(LocalDate day, ZoneId zone) {
        return new ReportWeek(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), zone);
    }

    /** The week that holds {@code instant} in {@code zone}. */
    public static ReportWeek containing(Instant instant, ZoneId zone) {
        return containing(LocalDate.ofInstant(instant, zone), zone);
    }

    /** The week that holds a day given as {@code yyyy-MM-dd}, for the command line. */
    public static ReportWeek parse(String day, ZoneId zone) {
        try {
            return containing(LocalDate.parse(day), zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--week must be a day of the week wanted, as yyyy-MM-dd; got '" + day + "'");
        }
    }

    public LocalDate sunday() {
        return monday.plusDays(6);
    }

    public Instant start() {
        return monday.atStartOfDay(zone).toInstant();
    }

    /** The next week's start, so the period is {@code [start, end)}. */
    public Instant end() {
        return monday.plusDays(7).atStartOfDay(zone).toInstant();
    }

    public ReportWeek previous() {
        return new ReportWeek(monday.minusWeeks(1), zone);
    }

    public ReportWeek next() {
        return new ReportWeek(monday.plusWeeks(1), zone);
    }

    public String fileName() {
        return fileName("");
    }

    /** The file name with {@code suffix} before the extension, e.g. for a week not yet closed. */
    public String fileName(String suffix) {
        return monday + "_to_" + sunday() + suffix + ".pdf";
    }

    /** {@code 2026-11-23 – 2026-11-29}, as titles and buttons show the period. */
    public String label() {
        return monday + " \u2013 " + sunday();
    }
}
