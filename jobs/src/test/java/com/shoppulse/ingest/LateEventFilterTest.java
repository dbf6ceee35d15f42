package com.shoppulse.ingest;

import static com.shoppulse.ingest.TestEvents.at;
import static com.shoppulse.ingest.TestEvents.parsed;
import static com.shoppulse.ingest.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.ShopEvent;
import com.shoppulse.kpi.CalendarWindows;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Minute windows, 10 s out-of-orderness and 30 s allowed lateness: on partition 0, an event at
 * 10:01:40 sets the partition's watermark to 10:01:29.999, which closes the 10:00 minute for good.
 */
class LateEventFilterTest {
    private static final String CLOSES_10_00 = "2026-11-23T10:01:40Z";
    private static final String IN_10_00 = "2026-11-23T10:00:59Z";

    private OneInputStreamOperatorTestHarness<ParsedRecord, CheckedEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(filter());
        harness.open();
    }

    private static LateEventFilter filter() {
        CalendarWindows minutes = new CalendarWindows(Duration.ofMinutes(1), ZoneId.of("UTC"));
        return new LateEventFilter(
                minutes,
                Duration.ofSeconds(10).toMillis(),
                Duration.ofSeconds(30).toMillis(),
                DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    private static void send(
            OneInputStreamOperatorTestHarness<ParsedRecord, CheckedEvent> harness,
            String id,
            String time,
            int partition)
            throws Exception {
        ShopEvent e = view(id, "u1", at(time));
        harness.processElement(parsed(e, partition), e.eventTimeMillis);
    }

    private static java.util.List<String> passedIds(
            OneInputStreamOperatorTestHarness<ParsedRecord, CheckedEvent> harness) {
        return harness.extractOutputValues().stream()
                .filter(e -> !e.isLate())
                .map(e -> e.event.eventId)
                .toList();
    }

    @Test
    void anEventJustWithinTheLatenessOfItsPartitionPasses() throws Exception {
        send(harness, "closer", "2026-11-23T10:01:39.999Z", 0);
        send(harness, "e1", IN_10_00, 0);

        assertThat(passedIds(harness)).containsExactly("closer", "e1");
    }

    @Test
    void anEventPastTheLatenessOfItsPartitionIsMarkedWithItsDeadLetter() throws Exception {
        send(harness, "closer", CLOSES_10_00, 0);
        send(harness, "e1", IN_10_00, 0);

        assertThat(passedIds(harness)).containsExactly("closer");
        assertThat(harness.extractOutputValues())
                .filteredOn(CheckedEvent::isLate)
                .singleElement()
                .extracting(e -> e.late)
                .satisfies(
                        letter -> {
                            assertThat(letter.reason).isEqualTo("late");
                            assertThat(letter.payload).isEqualTo("{\"event_id\":\"e1\"}");
                            assertThat(letter.sourceOffset).isEqualTo(7);
                            assertThat(letter.detail)
                                    .contains(
                                            "2026-11-23T10:00:59Z",
                                            "t-0",
                                            "2026-11-23T10:01:29.999Z");
                        });
    }

    @Test
    void anotherPartitionRunningAheadMakesNoEventLate() throws Exception {
        send(harness, "ahead", "2026-11-23T18:00:00Z", 1);
        send(harness, "e1", IN_10_00, 0);
        send(harness, "e2", IN_10_00, 0);

        assertThat(passedIds(harness)).containsExactly("ahead", "e1", "e2");
    }

    @Test
    void theSubtasksWatermarkStillCountsForAPartitionItHasNotSeenOrThatWasIdle() throws Exception {
        harness.processWatermark(at("2026-11-23T10:01:29.999Z"));
        send(harness, "e1", IN_10_00, 2);

        assertThat(harness.extractOutputValues()).singleElement().matches(CheckedEvent::isLate);
    }

    @Test
    void aRestoredFilterRemembersEachPartitionsNewestTimeAtAnyParallelism() throws Exception {
        send(harness, "closer", CLOSES_10_00, 0);
        OperatorSubtaskState snapshot = harness.snapshot(1, 0);
        harness.close();

        // Rescaled from one subtask to two: both learn partition 0's newest time, so whichever
        // now reads partition 0 decides as before, and neither holds partition 1 back.
        for (int subtask = 0; subtask < 2; subtask++) {
            var restored = new OneInputStreamOperatorTestHarness<>(filter(), 128, 2, subtask);
            restored.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            snapshot, 128, 1, 2, subtask));
            restored.open();
            send(restored, "e1", IN_10_00, 0);
            send(restored, "e2", IN_10_00, 1);

            assertThat(passedIds(restored)).as("subtask %d", subtask).containsExactly("e2");
            restored.close();
        }
    }
}
