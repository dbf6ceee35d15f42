package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.shoppulse.generator.shop.ShopProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionSimulatorTest {

    private static final long NOON = Instant.parse("2026-11-23T12:00:00Z").getEpochSecond();

    private final SessionSimulator sessions =
            new SessionSimulator(42, ShopProfile.DEFAULT, IncidentSchedule.NONE);

    @Test
    void replaysTheSameSession() {
        List<PlannedEvent> once = sessions.play(NOON, 0);
        List<PlannedEvent> again =
                new SessionSimulator(42, ShopProfile.DEFAULT, IncidentSchedule.NONE).play(NOON, 0);

        assertThat(again).isEqualTo(once);
        assertThat(sessions.play(NOON, 1)).isNotEqualTo(once);
    }

    @Test
    void walksTheFunnelInOrder() {
        for (List<PlannedEvent> session : sessions(2_000)) {
            List<JsonNode> events = session.stream().<JsonNode>map(PlannedEvent::body).toList();
            JsonNode first = events.get(0);
            assertThat(first.get("event_type").asText()).isEqualTo("view");
            assertThat(first.get("event_time").asText()).startsWith("2026-11-23T12:");
            assertThat(session)
                    .isSortedAccordingTo((a, b) -> Long.compare(a.epochMilli(), b.epochMilli()));
            assertThat(events)
                    .allSatisfy(
                            e -> {
                                assertThat(e.get("session_id")).isEqualTo(first.get("session_id"));
                                assertThat(e.get("user_id")).isEqualTo(first.get("user_id"));
                                assertThat(e.get("channel")).isEqualTo(first.get("channel"));
                            });
            long lasted = session.get(session.size() - 1).epochMilli() / 1000 - NOON;
            assertThat(lasted).isLessThan(sessions.longestSessionSeconds());
        }
    }

    @Test
    void ordersWhatWasPutIntoTheCartRightAfterViewingIt() {
        int orders = 0;
        for (List<PlannedEvent> session : sessions(5_000)) {
            Map<String, Integer> cart = new HashMap<>();
            JsonNode lastView = null;
            for (PlannedEvent event : session) {
                JsonNode body = event.body();
                switch (event.type()) {
                    case "view" -> lastView = body;
                    case "add_to_cart" -> {
                        assertThat(body.get("product_id")).isEqualTo(lastView.get("product_id"));
                        cart.merge(
                                body.get("product_id").asText(),
                                body.get("quantity").asInt(),
                                Integer::sum);
                    }
                    default -> {
                        orders++;
                        assertThat(event).isEqualTo(session.get(session.size() - 1));
                        Map<String, Integer> ordered = new HashMap<>();
                        BigDecimal sum = BigDecimal.ZERO;
                        for (JsonNode item : body.get("items")) {
                            ordered.put(
                                    item.get("product_id").asText(), item.get("quantity").asInt());
                            sum =
                                    sum.add(
                                            item.get("price")
                                                    .decimalValue()
                                                    .multiply(
                                                            BigDecimal.valueOf(
                                                                    item.get("quantity").asInt())));
                        }
                        assertThat(ordered).isEqualTo(cart);
                        assertThat(body.get("amount").decimalValue()).isEqualByComparingTo(sum);
                    }
                }
            }
        }
        assertThat(orders).isPositive();
    }

    @Test
    void aTrafficDropKeepsShoppersAwayOnlyInItsWindow() {
        SessionSimulator dropped =
                new SessionSimulator(
                        42,
                        ShopProfile.DEFAULT,
                        IncidentSchedule.parse("traffic_drop@12:00-13:00:0.3"));

        long inWindow = 0;
        for (int arrival = 0; arrival < 1_000; arrival++) {
            inWindow += dropped.play(NOON, arrival).isEmpty() ? 0 : 1;
            assertThat(dropped.play(NOON + 3600, arrival))
                    .isEqualTo(sessions.play(NOON + 3600, arrival));
        }
        assertThat(inWindow).isBetween(250L, 350L);
    }

    private List<List<PlannedEvent>> sessions(int count) {
        List<List<PlannedEvent>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(sessions.play(NOON + i % 60, i / 60));
        }
        return all;
    }
}
