package com.shoppulse.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shoppulse.clickhouse.ClickHouseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries over ClickHouse's HTTP interface. Values come back as the text ClickHouse prints for them
 * (64-bit integers and decimals quoted), so a report shows exactly what the query returned, to the
 * kopeck, with no float in between.
 */
public final class ClickHouseReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ClickHouseOptions options;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ClickHouseReader(ClickHouseOptions options) {
        this.options = options;
    }

    /** A ClickHouse string literal of {@code text}. */
    public static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * A zone as ClickHouse names it: a region as it is, and a fixed offset as the tz database's
     * {@code Etc/GMT} zone (whose sign is the other way round), for ClickHouse knows no {@code Z}.
     */
    public static String zone(ZoneId zone) {
        ZoneId normal = zone.normalized();
        if (!(normal instanceof ZoneOffset offset)) {
            return normal.getId();
        }
        int seconds = offset.getTotalSeconds();
        if (seconds % 3600 != 0) {
            throw new IllegalArgumentException(
                    "time zone "
                            + zone
                            + ": use a region such as Asia/Kolkata for offsets of part of an hour");
        }
        return seconds == 0 ? "UTC" : String.format("Etc/GMT%+d", -seconds / 3600);
    }

    /** An instant as a ClickHouse expression of a {@code DateTime} in UTC. */
    public static String time(Instant instant) {
        return "toDateTime('" + TIME.format(instant) + "', 'UTC')";
    }

    /** The rows of {@code select}, each a map from column name to text; null for NULL. */
    public List<Map<String, String>> rows(String select) {
        String body =
                send(
                        select + " FORMAT JSONEachRow",
                        "output_format_json_quote_64bit_integers=1",
                        "output_format_json_quote_decimals=1",
                        "output_format_decimal_trailing_zeros=1");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                Map<String, String> row = new LinkedHashMap<>();
                JsonNode node = JSON.readTree(line);
                node.fields()
                        .forEachRemaining(
                                field ->
                                        row.put(
                                                field.getKey(),
                                                field.getValue().isNull()
                                                        ? null
                                                        : field.getValue().isContainerNode()
                                                                ? field.getValue().toString()
                                                                : field.getValue().asText()));
                rows.add(row);
            } catch (IOException e) {
                throw new UncheckedIOException("ClickHouse sent a row that is not JSON", e);
            }
        }
        return rows;
    }

    /** The one row of {@code select}; fails if there is none. */
    public Map<String, String> row(String select) {
        List<Map<String, String>> rows = rows(select);
        if (rows.isEmpty()) {
            throw new IllegalStateException("no row from: " + select);
        }
        return rows.get(0);
    }

    /** Runs a statement that returns nothing, such as an insert. */
    public void execute(String statement) {
        send(statement);
    }

    private String send(String query, String... settings) {
        HttpRequest request =
                options.request("", settings)
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(query))
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "ClickHouse at "
                                + options.httpUrl()
                                + " answered "
                                + response.statusCode()
                                + ": "
                                + response.body().strip());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "ClickHouse at " + options.httpUrl() + " cannot be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking ClickHouse", e);
        }
    }
}
