package com.shoppulse.generator.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/** The shop's headline numbers, computed from the events' JSON as a dashboard would. */
public record Kpis(long users, long views, long carts, long orders, BigDecimal revenue) {

    public static Kpis of(List<JsonNode> events) {
        return new Kpis(
                events.stream().map(e -> e.get("user_id").asText()).distinct().count(),
                count(events, "view"),
                count(events, "add_to_cart"),
                count(events, "order"),
                events.stream()
                        .filter(e -> e.get("event_type").asText().equals("order"))
                        .map(e -> e.get("amount").decimalValue())
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /** Orders per view. */
    public double conversion() {
        return (double) orders / views;
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.get("event_type").asText().equals(type)).count();
    }
}
