package com.shoppulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.RejectReason;
import com.shoppulse.harness.OperatorMetrics;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RejectInvalidTest {
    private static final String VIEW =
            "{\"event_id\":\"e1\",\"event_type\":\"view\",\"event_time\":\"2026-11-23T10:00:00Z\","
                    + "\"user_id\":\"u1\",\"product_id\":\"p\",\"category\":\"c\",\"price\":1}";
    private static final long NOW = TestEvents.at("2026-11-23T10:00:05Z");

    private final RecordParser parser = new RecordParser("RUB", Duration.ofHours(1));

    private ParsedRecord parse(String payload, int partition, long offset) {
        return parser.parse(TestEvents.raw(payload, "events", partition, offset, NOW), NOW);
    }

    @Test
    void passesValidEventsWithTheirRecordAndDeadLettersTheRest() throws Exception {
        OneInputStreamOperatorTestHarness<ParsedRecord, ParsedRecord> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new RejectInvalid(DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES));

        harness.processElement(parse(VIEW, 1, 10), 0);
        harness.processElement(parse("{oops", 1, 11), 0);
        harness.processElement(parse(null, 0, 12), 0);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.event.eventId).isEqualTo("e1");
                            assertThat(p.source.offset).isEqualTo(10);
                        });
        assertThat(harness.getSideOutput(RejectInvalid.REJECTED))
                .extracting(StreamRecord::getValue)
                .extracting(
                        l ->
                                l.reason
                                        + "@"
                                        + l.sourcePartition
                                        + ":"
                                        + l.sourceOffset
                                        + " "
                                        + l.payload)
                .containsExactly("invalid_json@1:11 {oops", "invalid_json@0:12 null");
    }

    @Test
    void countsEveryRecordInAndEachRejectionUnderItsReasonWhichAllExistFromTheStart()
            throws Exception {
        try (OperatorMetrics metrics = new OperatorMetrics(1);
                var harness =
                        new OneInputStreamOperatorTestHarness<ParsedRecord, ParsedRecord>(
                                new ProcessOperator<>(
                                        new RejectInvalid(DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES)),
                                metrics.environment())) {
            harness.open();

            harness.processElement(parse(VIEW, 1, 10), 0);
            harness.processElement(parse("{oops", 1, 11), 0);
            harness.processElement(parse(null, 0, 12), 0);
            harness.processElement(parse(VIEW.replace("\"view\"", "\"like\""), 0, 13), 0);

            assertThat(metrics.count("eventsIn")).isEqualTo(4);
            assertThat(rejected(metrics, RejectReason.INVALID_JSON)).isEqualTo(2);
            assertThat(rejected(metrics, RejectReason.UNKNOWN_EVENT_TYPE)).isEqualTo(1);
            assertThat(rejected(metrics, RejectReason.MISSING_FIELD)).isZero();
            assertThat(rejected(metrics, RejectReason.CLICKHOUSE_REJECTED)).isZero();
        }
    }

    private static long rejected(OperatorMetrics metrics, RejectReason reason) {
        return metrics.count("eventsRejected.reason." + reason.code() + ".count");
    }
}
