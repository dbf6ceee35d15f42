package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anyTextReadsBackAsWritten() throws Exception {
        Random random = new Random(7);
        JsonLine line = new JsonLine();
        String[] texts = new String[2_000];
        for (int i = 0; i < texts.length; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.appendCodePoint(
                        switch (random.nextInt(5)) {
                            case 0 -> random.nextInt(0x20);
                            case 1 -> "\\\"{}'?/".charAt(random.nextInt(7));
                            case 2 -> 0x80 + random.nextInt(0x780);
                            case 3 -> 0x1F600 + random.nextInt(80);
                            default -> 0x20 + random.nextInt(0x5F);
                        });
            }
            texts[i] = text.toString();
            line.beginRow();
            line.string("text", texts[i]);
            line.endRow();
        }

        String[] lines =
                new String(line.bytes(), 0, line.start(line.rows()), StandardCharsets.UTF_8)
                        .split("\n");
        assertThat(lines).hasSize(texts.length);
        for (int i = 0; i < texts.length; i++) {
            assertThat(JSON.readTree(lines[i]).get("text").asText()).isEqualTo(texts[i]);
        }
    }

    @Test
    void aBufferGrownByLargeBatchesShrinksBackWithSmallOnes() {
        JsonLine line = new JsonLine();
        int initial = line.capacity();
        String text = "x".repeat(1_000);
        for (int batch = 0; batch < 3; batch++) {
            for (int row = 0; row < 10_000; row++) {
                line.beginRow();
                line.string("text", text);
                line.endRow();
            }
            line.clear();
        }
        int grown = line.capacity();
        assertThat(grown).as("full batches keep their buffer").isGreaterThan(10_000_000);

        for (int batch = 0; batch < 20; batch++) {
            line.beginRow();
            line.string("text", text);
            line.endRow();
            line.clear();
        }

        assertThat(line.capacity()).isEqualTo(initial);
    }

    @Test
    void numbersMoneyTimesAndArrays() throws Exception {
        JsonLine line = new JsonLine();
        line.beginRow();
        line.number("n", -42L)
                .number("x", 0.25)
                .number("d", new BigDecimal("12345678901234.50"))
                .money("m", 7)
                .money("big", 1_000_000_000_012L)
                .dateTime("t", Instant.parse("2026-11-23T10:15:30.987Z").toEpochMilli())
                .dateTime64("t64", Instant.parse("2026-11-23T10:15:30.007Z").toEpochMilli())
                .array("a", new Long[] {250L, 1L}, JsonLine::money)
                .nullValue("none");
        line.endRow();

        String text = new String(line.bytes(), 0, line.start(1), StandardCharsets.UTF_8);
        JsonNode row = JSON.readTree(text);
        assertThat(row.get("n").asLong()).isEqualTo(-42);
        assertThat(row.get("x").asDouble()).isEqualTo(0.25);
        assertThat(row.get("d").decimalValue()).isEqualByComparingTo("12345678901234.50");
        assertThat(text).contains("\"m\":0.07,", "\"big\":10000000000.12,");
        assertThat(row.get("t").asText()).isEqualTo("2026-11-23 10:15:30");
        assertThat(row.get("t64").asText()).isEqualTo("2026-11-23 10:15:30.007");
        assertThat(text).contains("\"a\":[2.50,0.01]");
        assertThat(row.get("none").isNull()).isTrue();
    }

    @Test
    void aRowThatFailsHalfwayLeavesNoTrace() {
        JsonLine line = new JsonLine();
        line.beginRow();
        line.string("a", "kept");
        line.endRow();
        line.beginRow();
        line.string("a", "lost");
        line.dropPartialRow();

        assertThat(new String(line.bytes(), 0, line.start(line.rows()), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"kept\"}\n");
    }
}
