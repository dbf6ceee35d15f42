package com.shoppulse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
    @Test
    void readsTheCommonFormsExactly() {
        assertThat(IsoInstant.millis("2026-11-23T10:15:30.123Z")).isEqualTo(1795428930123L);
        assertThat(IsoInstant.millis("2026-11-23T13:15:30.123+03:00")).isEqualTo(1795428930123L);
        assertThat(IsoInstant.millis("2026-11-23T10:15:30Z")).isEqualTo(1795428930000L);
        assertThat(IsoInstant.millis("2026-11-23T10:15:30.1234567Z")).isEqualTo(1795428930123L);
    }

    @Test
    void leavesEverythingElseToTheGeneralParser() {
        for (String other :
                List.of(
                        "2026-11-23T10:15Z",
                        "2026-11-23 10:15:30Z",
                        "2026-11-23T10:15:30",
                        "2026-11-23T10:15:30.Z",
                        "2026-11-23T10:15:30.1234567890Z",
                        "2026-11-23t10:15:30z",
                        "2026-11-23T10:15:30+03:00:00",
                        "2026-11-23T10:15:30+03:00[Europe/Moscow]",
                        "+12026-11-23T10:15:30Z",
                        "2026-02-30T10:15:30Z",
                        "2026-11-23T24:00:00Z",
                        "2026-11-23T10:60:30Z",
                        "2026-11-23T10:15:30+19:00",
                        "2026-11-23T10:15:30.12a3Z",
                        "2026-1a-23T10:15:30Z")) {
            assertThat(IsoInstant.millis(other)).as(other).isEqualTo(IsoInstant.NOT_SIMPLE);
        }
    }

    /** On random texts near the form, it agrees with the JDK wherever it gives an answer. */
    @Test
    void agreesWithTheJdkOnEveryTextItReads() {
        Random random = new Random(42);
        List<String> texts = new ArrayList<>();
        String alphabet = "0123456789-:T.Z+ ";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text =
                    new StringBuilder(
                            String.format(
                                    "%04d-%02d-%02dT%02d:%02d:%02d",
                                    random.nextInt(2200),
                                    random.nextInt(14),
                                    random.nextInt(33),
                                    random.nextInt(26),
                                    random.nextInt(62),
                                    random.nextInt(62)));
            if (random.nextBoolean()) {
                text.append('.').append(random.nextInt(1_000_000_000));
            }
            text.append(
                    switch (random.nextInt(4)) {
                        case 0 -> "Z";
                        case 1 ->
                                String.format("+%02d:%02d", random.nextInt(20), random.nextInt(61));
                        case 2 ->
                                String.format("-%02d:%02d", random.nextInt(20), random.nextInt(61));
                        default -> "";
                    });
            if (random.nextInt(10) == 0) {
                text.setCharAt(
                        random.nextInt(text.length()),
                        alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(text.toString());
        }
        int read = 0;
        for (String text : texts) {
            long fast = IsoInstant.millis(text);
            if (fast == IsoInstant.NOT_SIMPLE) {
                continue;
            }
            read++;
            long jdk;
            try {
                jdk =
                        OffsetDateTime.parse(text, DateTimeFormatter.ISO_DATE_TIME)
                                .toInstant()
                                .toEpochMilli();
            } catch (DateTimeException e) {
                throw new AssertionError(text + " read as " + fast + " but the JDK refuses it", e);
            }
            assertThat(fast).as(text).isEqualTo(jdk);
        }
        assertThat(read).as("texts read by the fast path").isGreaterThan(10_000);
    }
}
