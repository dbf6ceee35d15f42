package com.shoppulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParseEventsTest {
    private static final String VIEW =
            "{\"event_id\":\"e1\",\"event_type\":\"view\",\"event_time\":\"2026-11-23T10:00:00Z\","
                    + "\"user_id\":\"u1\",\"product_id\":\"p\",\"category\":\"c\",\"price\":1}";

    @Test
    void passesValidEventsWithTheirRecordAndDeadLettersTheRest() throws Exception {
        OneInputStreamOperatorTestHarness<RawRecord, ParsedEvent> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ParseEvents("RUB"));

        harness.processElement(new RawRecord(VIEW, "events", 1, 10), 0);
        harness.processElement(new RawRecord("{oops", "events", 1, 11), 0);
        harness.processElement(new RawRecord(null, "events", 0, 12), 0);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.event.eventId).isEqualTo("e1");
                            assertThat(p.source.offset).isEqualTo(10);
                        });
        assertThat(harness.getSideOutput(ParseEvents.REJECTED))
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
}
