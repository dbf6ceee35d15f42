package com.shoppulse.ingest;

import static com.shoppulse.ingest.TestEvents.at;
import static com.shoppulse.ingest.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeduplicateTest {
    private static final long RETENTION = Duration.ofHours(2).toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, ShopEvent> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Deduplicate(RETENTION)),
                CheckedEvent::dedupKey,
                Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, ShopEvent> opened()
            throws Exception {
        var harness = harness();
        harness.open();
        return harness;
    }

    @Test
    void passesTheFirstCopyOnly() throws Exception {
        var harness = opened();
        ShopEvent first = view("e1", "u1", at("2026-11-23T10:00:00Z"));

        harness.processElement(CheckedEvent.onTime(first), first.eventTimeMillis);
        harness.processElement(
                CheckedEvent.onTime(view("e1", "u1", first.eventTimeMillis)),
                first.eventTimeMillis);
        harness.processElement(
                CheckedEvent.onTime(view("e2", "u1", first.eventTimeMillis)),
                first.eventTimeMillis);

        assertThat(harness.extractOutputValues())
                .extracting(e -> e.eventId)
                .containsExactly("e1", "e2");
    }

    @Test
    void anOrderResentWithANewEventIdIsOneOrder() throws Exception {
        var harness = opened();
        long t = at("2026-11-23T10:00:00Z");

        harness.processElement(CheckedEvent.onTime(order("e1", "o1", t)), t);
        harness.processElement(CheckedEvent.onTime(order("e9", "o1", t + 1000)), t + 1000);

        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).containsExactly("e1");
    }

    @Test
    void forgetsAKeyOnceTheWatermarkPassesItsRetention() throws Exception {
        var harness = opened();
        long t = at("2026-11-23T10:00:00Z");
        harness.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);
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
        before.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);
        OperatorSubtaskState snapshot = before.snapshot(1, t);
        before.close();

        var after = harness();
        after.initializeState(snapshot);
        after.open();
        after.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);

        assertThat(after.extractOutputValues()).isEmpty();
    }

    @Test
    void aLateCopyOfACountedEventIsADuplicateAndALateNewEventADeadLetter() throws Exception {
        var harness = opened();
        long t = at("2026-11-23T10:00:00Z");
        ShopEvent counted = view("e1", "u1", t);
        harness.processElement(CheckedEvent.onTime(counted), t);

        harness.processElement(CheckedEvent.late(view("e1", "u1", t), letter("e1")), t);
        harness.processElement(CheckedEvent.late(view("e2", "u1", t), letter("e2")), t);
        harness.processElement(CheckedEvent.onTime(view("e2", "u1", t)), t);

        assertThat(harness.extractOutputValues())
                .extracting(e -> e.eventId)
                .containsExactly("e1", "e2");
        assertThat(harness.getSideOutput(RejectInvalid.REJECTED))
                .extracting(r -> r.getValue().payload)
                .containsExactly("e2");
    }

    private static DeadLetter letter(String payload) {
        return DeadLetter.of(
                TestEvents.raw(payload, "t", 0, 1, 0),
                RejectReason.LATE,
                "late",
                0,
                DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    private static ShopEvent order(String eventId, String orderId, long time) {
        ShopEvent e = view(eventId, "u1", time);
        e.type = EventType.ORDER;
        e.orderId = orderId;
        return e;
    }
}
