package com.shoppulse.ingest;

import static com.shoppulse.ingest.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.RejectReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecordParserTest {
    private static final long WRITTEN = at("2026-11-23T10:00:00Z");
    private static final long LATER = at("2026-12-23T10:00:00Z");

    private final RecordParser parser = new RecordParser("RUB", Duration.ofHours(1));

    private static String view(String time) {
        return "{\"event_id\":\"e1\",\"event_type\":\"view\",\"event_time\":\""
                + time
                + "\",\"user_id\":\"u1\",\"product_id\":\"p\",\"category\":\"c\",\"price\":1}";
    }

    private ParsedRecord parse(String time, long kafkaTimestamp, long now) {
        return parser.parse(TestEvents.raw(view(time), "events", 0, 1, kafkaTimestamp), now);
    }

    @Test
    void anEventUpToTheBoundAfterItsRecordWasWrittenIsValid() {
        assertThat(parse("2026-11-23T11:00:00Z", WRITTEN, LATER).isValid()).isTrue();
        assertThat(parse("2001-01-01T00:00:00Z", WRITTEN, LATER).isValid()).isTrue();
    }

    @Test
    void anEventFurtherAheadIsRejectedAsFutureTimeWhenEverItIsRead() {
        for (long now : new long[] {WRITTEN, LATER, at("2099-12-31T00:00:00Z")}) {
            ParsedRecord parsed = parse("2026-11-23T11:00:00.001Z", WRITTEN, now);

            assertThat(parsed.isValid()).isFalse();
            assertThat(parsed.rejectReason).isEqualTo(RejectReason.FUTURE_TIME);
            assertThat(parsed.rejectDetail)
                    .contains("2026-11-23T11:00:00.001Z", "PT1H", "2026-11-23T10:00:00Z");
            assertThat(parsed.eventTimeOrMin()).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void aRecordStampedInTheFutureOrNotAtAllIsJudgedByTheClock() {
        long now = at("2026-11-23T10:00:00Z");
        assertThat(parse("2099-01-01T00:00:00Z", at("2099-01-01T00:00:00Z"), now).rejectReason)
                .isEqualTo(RejectReason.FUTURE_TIME);
        assertThat(parse("2099-01-01T00:00:00Z", -1, now).rejectReason)
                .isEqualTo(RejectReason.FUTURE_TIME);
        assertThat(parse("2026-11-23T10:30:00Z", -1, now).isValid()).isTrue();
    }

    @Test
    void aBrokenRecordKeepsTheParsersReason() {
        ParsedRecord parsed = parser.parse(TestEvents.raw("[]", "events", 0, 1, WRITTEN), WRITTEN);

        assertThat(parsed.rejectReason).isEqualTo(RejectReason.INVALID_JSON);
        assertThat(parsed.source.value).asString().isEqualTo("[]");
    }
}
