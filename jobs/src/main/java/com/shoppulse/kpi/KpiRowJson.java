package com.shoppulse.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@link KpiRow} as JSON on the KPI topic, for the alerting job and other consumers: the counts,
 * {@code revenue_minor} in kopecks, window bounds in epoch milliseconds. Both directions live here
 * so writer and reader cannot drift apart.
 */
public final class KpiRowJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KpiRowJson() {}

    public static byte[] write(KpiRow row) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("window_seconds", row.windowSeconds);
        json.put("window_start", row.windowStartMillis);
        json.put("window_end", row.windowEndMillis);
        json.put("dimension", row.dimension);
        json.put("dimension_value", row.dimensionValue);
        json.put("active_users", row.activeUsers);
        json.put("views", row.views);
        json.put("add_to_carts", row.addToCarts);
        json.put("orders", row.orders);
        json.put("buyers", row.buyers);
        json.put("items_sold", row.itemsSold);
        json.put("revenue_minor", row.revenueMinor);
        json.put("version", row.version);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static KpiRow read(byte[] bytes) throws IOException {
        JsonNode json = MAPPER.readTree(bytes);
        KpiRow row = new KpiRow();
        row.windowSeconds = json.path("window_seconds").asLong();
        row.windowStartMillis = json.path("window_start").asLong();
        row.windowEndMillis = json.path("window_end").asLong();
        row.dimension = json.path("dimension").asText();
        row.dimensionValue = json.path("dimension_value").asText();
        row.activeUsers = json.path("active_users").asLong();
        row.views = json.path("views").asLong();
        row.addToCarts = json.path("add_to_carts").asLong();
        row.orders = json.path("orders").asLong();
        row.buyers = json.path("buyers").asLong();
        row.itemsSold = json.path("items_sold").asLong();
        row.revenueMinor = json.path("revenue_minor").asLong();
        row.version = json.path("version").asLong();
        return row;
    }

    /**
     * The record key: one (window size, dimension, value) series stays in one partition, in order.
     */
    public static byte[] key(KpiRow row) {
        return (row.windowSeconds + "|" + row.dimension + "|" + row.dimensionValue)
                .getBytes(StandardCharsets.UTF_8);
    }
}
