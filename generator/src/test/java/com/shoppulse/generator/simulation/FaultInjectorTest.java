package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spoils a day of the default shop's traffic and compares it with the clean day. */
class FaultInjectorTest {

    private static final List<ShopRecord> CLEAN = Traffic.day(Traffic.defaults());

    @Test
    void sendsTheAskedShareTwice() {
        List<ShopRecord> spoilt = day(new Faults(0.1, 0, 0));

        double extra = (spoilt.size() - CLEAN.size()) / (double) CLEAN.size();
        assertThat(extra).isCloseTo(0.1, within(0.015));
        int clean = 0;
        for (int i = 0; i < spoilt.size(); i++) {
            if (clean < CLEAN.size() && spoilt.get(i).equals(CLEAN.get(clean))) {
                clean++;
            } else {
                assertThat(isRepeatOf(spoilt.get(i), spoilt.get(i - 1))).isTrue();
            }
        }
        assertThat(clean).isEqualTo(CLEAN.size());
    }

    @Test
    void resendsSomeOrdersUnderANewEventId() {
        List<JsonNode> orders =
                Traffic.events(day(new Faults(1, 0, 0))).stream()
                        .filter(e -> e.get("event_type").asText().equals("order"))
                        .toList();

        long distinctEventIds = orders.stream().map(e -> e.get("event_id")).distinct().count();
        long distinctOrderIds = orders.stream().map(e -> e.get("order_id")).distinct().count();
        assertThat(distinctOrderIds).isEqualTo(orders.size() / 2);
        assertThat(distinctEventIds).isBetween(distinctOrderIds + 1, (long) orders.size() - 1);
    }

    @Test
    void makesTheAskedShareLateByHours() {
        List<ShopRecord> spoilt = day(new Faults(0, 0.1, 0));

        assertThat(spoilt).hasSameSizeAs(CLEAN);
        int late = 0;
        for (int i = 0; i < CLEAN.size(); i++) {
            if (!spoilt.get(i).equals(CLEAN.get(i))) {
                late++;
                ObjectNode sent = (ObjectNode) Traffic.parse(spoilt.get(i));
                ObjectNode made = (ObjectNode) Traffic.parse(CLEAN.get(i));
                Duration lateness = Duration.between(time(sent), time(made));
                assertThat(lateness).isBetween(Duration.ofHours(2), Duration.ofHours(6));
                sent.remove("event_time");
                made.remove("event_time");
                assertThat(sent).isEqualTo(made);
            }
        }
        assertThat(late / (double) CLEAN.size()).isCloseTo(0.1, within(0.015));
    }

    @Test
    void breaksTheAskedShare() {
        List<ShopRecord> spoilt = day(new Faults(0, 0, 0.1));

        assertThat(spoilt).hasSameSizeAs(CLEAN);
        long broken = 0;
        for (int i = 0; i < CLEAN.size(); i++) {
            if (!spoilt.get(i).equals(CLEAN.get(i))) {
                broken++;
                assertThat(spoilt.get(i).userId()).isEqualTo(CLEAN.get(i).userId());
            }
        }
        assertThat(broken / (double) CLEAN.size()).isCloseTo(0.1, within(0.015));
    }

    @Test
    void spoilsNothingByDefault() {
        assertThat(day(Faults.NONE)).isEqualTo(CLEAN);
    }

    private static List<ShopRecord> day(Faults faults) {
        return Traffic.day(Traffic.with(42, Traffic.defaults().incidents(), faults));
    }

    private static boolean isRepeatOf(ShopRecord repeat, ShopRecord original) {
        if (repeat.equals(original)) {
            return true;
        }
        JsonNode again = Traffic.parse(repeat);
        JsonNode first = Traffic.parse(original);
        return again.get("event_type").asText().equals("order")
                && again.get("order_id").equals(first.get("order_id"))
                && !again.get("event_id").equals(first.get("event_id"));
    }

    private static Instant time(JsonNode event) {
        return Instant.parse(event.get("event_time").asText());
    }
}
