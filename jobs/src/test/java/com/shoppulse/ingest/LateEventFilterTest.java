package com.shoppulse.ingest;

import static com.shoppulse.ingest.TestEvents.at;
import static com.shoppulse.ingest.TestEvents.parsed;
import static com.shoppulse.ingest.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.ShopEvent;
import com.shoppulse.metrics.CalendarWindows;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LateEventFilterTest {
    private OneInputStreamOperatorTestHarness<ParsedEvent, ShopEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(filter());
        harness.open();
    }

    private static LateEventFilter filter() {
        CalendarWindows minutes = new CalendarWindows(Duration.ofMinutes(1), ZoneId.of("UTC"));
        return new LateEventFilter(minutes, Duration.ofSeconds(30).toMillis());
    }

    @Test
    void anEventWithinTheLatenessOfItsClosedWindowPasses() throws Exception {
        harness.processWatermark(at("2026-11-23T10:01:29.998Z"));
        ShopEvent e = view("e1", "u1", at("2026-11-23T10:00:59Z"));

        harness.processElement(parsed(e), e.eventTimeMillis);

        assertThat(harness.extractOutputValues()).containsExactly(e);
        assertThat(harness.getSideOutput(ParseEvents.REJECTED)).isNull();
    }

    @Test
    void anEventPastTheLatenessIsDeadLetteredWithItsPayload() throws Exception {
        harness.processWatermark(at("2026-11-23T10:01:29.999Z"));
        ShopEvent e = view("e1", "u1", at("2026-11-23T10:00:59Z"));

        harness.processElement(parsed(e), e.eventTimeMillis);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(ParseEvents.REJECTED))
                .singleElement()
                .extracting(StreamRecord::getValue)
                .satisfies(
                        letter -> {
                            assertThat(letter.reason).isEqualTo("late");
                            assertThat(letter.payload).isEqualTo("{\"event_id\":\"e1\"}");
                            assertThat(letter.sourceOffset).isEqualTo(7);
                            assertThat(letter.detail)
                                    .contains("2026-11-23T10:00:59Z", "2026-11-23T10:01:29.999Z");
                        });
        assertThat(harness.getOneInputOperator().getMetricGroup().getAllVariables()).isNotNull();
    }

    @Test
    void aRestoredFilterRemembersTheWatermarkOfItsCheckpoint() throws Exception {
        harness.processWatermark(at("2026-11-23T10:05:00Z"));
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();

        var restored = new OneInputStreamOperatorTestHarness<>(filter());
        restored.initializeState(snapshot);
        restored.open();
        ShopEvent e = view("e1", "u1", at("2026-11-23T10:00:59Z"));
        restored.processElement(parsed(e), e.eventTimeMillis);

        assertThat(restored.extractOutputValues()).isEmpty();
        assertThat(restored.getSideOutput(ParseEvents.REJECTED)).hasSize(1);
    }
}
