package com.shoppulse.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The weekly reports built so far: each PDF in one folder under its period's name, and a row per
 * week in ClickHouse's {@code report_log}. Storing a week again replaces its file (written aside,
 * then moved over it) and its row, so a rebuild or a restart leaves one report per week.
 */
public final class ReportArchive {
    private static final DateTimeFormatter BUILT_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Path folder;
    private final ClickHouseReader clickHouse;

    public ReportArchive(Path folder, ClickHouseReader clickHouse) {
        this.folder = folder;
        this.clickHouse = clickHouse;
    }

    /** One archived report, as {@code report_log} lists it. */
    public record Entry(LocalDate periodStart, LocalDate periodEnd, Path path, long size) {}

    /** Writes the week's PDF into the folder, replacing an earlier one; returns its path. */
    public Path store(ReportWeek week, byte[] pdf) {
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(week.fileName());
            Path aside = Files.createTempFile(folder, ".building-", ".pdf");
            Files.write(aside, pdf);
            return Files.move(
                    aside,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write the report of " + week.label() + " into " + folder, e);
        }
    }

    /** Records a stored report in {@code report_log}, with the chats it was delivered to. */
    public void log(
            ReportWeek week, Path path, long size, Instant builtAt, List<String> deliveredTo) {
        String chats =
                deliveredTo.stream()
                        .map(ClickHouseReader::literal)
                        .collect(Collectors.joining(",", "[", "]"));
        clickHouse.execute(
                "INSERT INTO report_log (period_start, period_end, path, size, built_at,"
                        + " delivered_to) VALUES ('"
                        + week.monday()
                        + "', '"
                        + week.sunday()
                        + "', "
                        + ClickHouseReader.literal(path.toString())
                        + ", "
                        + size
                        + ", '"
                        + BUILT_AT.format(builtAt)
                        + "', "
                        + chats
                        + ")");
    }

    /** Every archived report, oldest first. */
    public List<Entry> list() {
        return clickHouse
                .rows(
                        "SELECT period_start, period_end, path, size FROM report_log FINAL ORDER BY period_start")
                .stream()
                .map(ReportArchive::entry)
                .toList();
    }

    /** The archived report of the week starting {@code monday}, if there is one. */
    public Optional<Entry> find(LocalDate monday) {
        return list().stream().filter(e -> e.periodStart().equals(monday)).findFirst();
    }

    private static Entry entry(Map<String, String> row) {
        return new Entry(
                LocalDate.parse(row.get("period_start")),
                LocalDate.parse(row.get("period_end")),
                Path.of(row.get("path")),
                Long.parseLong(row.get("size")));
    }
}
