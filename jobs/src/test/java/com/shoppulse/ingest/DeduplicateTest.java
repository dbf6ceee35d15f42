package com.shoppulse.ingest;

import static com.shoppulse.ingest.TestEvents.at;
import static com.shoppulse.ingest.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeduplicateTest {
    private static final long RETENTION = Duration.ofHours(2).toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, ShopEvent, ShopEvent> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Deduplicate(RETENTION)),
                ShopEvent::dedupKey,
                Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ShopEvent, ShopEvent> opened()
            throws Exception {
        var harness = harness();
        harness.open();
        return harness;
    }

    @Test
    void passesTheFirstCopyOnly() throws Exception {
        var harness = opened();
        ShopEvent first = view("e1", "u1", at("2026-11-23T10:00:00Z"));

        harness.processElement(first, first.eventTimeMillis);
        harness.processElement(view("e1", "u1", first.eventTimeMillis), first.eventTimeMillis);
        harness.processElement(view("e2", "u1", first.eventTimeMillis), first.eventTimeMillis);

        assertThat(harness.extractOutputValues())
                .extracting(e -> e.eventId)
                .containsExactly("e1", "e2");
    }

    @Test
    void anOrderResentWithANewEventIdIsOneOrder() throws Exception {
        var harness = opened();
        long t = at("2026-11-23T10:00:00Z");

        harness.processElement(order("e1", "o1", t), t);
        harness.processElement(order("e9", "o1", t + 1000), t + 1000);

        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).containsExactly("e1");
    }

    @Test
    void forgetsAKeyOnceTheWatermarkPassesItsRetention() throws Exception {
        var harness = opened();
        long t = at("2026-11-23T10:00:00Z");
        harness.processElement(view("e1", "u1", t), t);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(t + RETENTION - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(t + RETENTION);

        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void remembersAcrossARestoreFromASnapshot() throws Exception {
        var before = opened();
        long t = at("2026-11-23T10:00:00Z");
        before.processElement(view("e1", "u1", t), t);
        OperatorSubtaskState snapshot = before.snapshot(1, t);
        before.close();

        var after = harness();
        after.initializeState(snapshot);
        after.open();
        after.processElement(view("e1", "u1", t), t);

        assertThat(after.extractOutputValues()).isEmpty();
    }

    private static ShopEvent order(String eventId, String orderId, long time) {
        ShopEvent e = view(eventId, "u1", time);
        e.type = EventType.ORDER;
        e.orderId = orderId;
        return e;
    }
}
