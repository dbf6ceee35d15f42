package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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
            assertThat(JSON.readTree(lines[i]).get(0).asText()).isEqualTo(texts[i]);
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
    void rowsKeptByACheckpointReadBackAsWritten() throws Exception {
        JsonLine line = new JsonLine();
        for (int row = 0; row < 3; row++) {
            line.beginRow();
            line.number("n", (long) row).string("s", "row \"" + row + "\" ü");
            line.endRow();
        }
        DataOutputSerializer kept = new DataOutputSerializer(64);
        line.writeRows(kept);

        JsonLine restored = new JsonLine();
        restored.readRows(new DataInputDeserializer(kept.getCopyOfBuffer()));
        assertThat(restored.rows()).isEqualTo(3);
        assertThat(restored.columns()).containsExactly("n", "s");
        assertThat(Arrays.copyOf(restored.bytes(), restored.start(3)))
                .containsExactly(Arrays.copyOf(line.bytes(), line.start(3)));
        assertThat(restored.rowAsObject(1)).containsExactly(line.rowAsObject(1));
        // The rows go on as before: a new row must have the same columns.
        assertThatThrownBy(
                        () -> {
                            restored.beginRow();
                            restored.number("other", 1L);
                        })
                .hasMessageContaining("column other written where the first row had [n, s]");
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
        assertThat(text)
                .isEqualTo(
                        "[-42,0.25,12345678901234.50,0.07,10000000000.12,\"2026-11-23 10:15:30\","
                                + "\"2026-11-23 10:15:30.007\",[2.50,0.01],null]\n");
        assertThat(line.columns())
                .containsExactly("n", "x", "d", "m", "big", "t", "t64", "a", "none");
        JsonNode row = JSON.readTree(line.rowAsObject(0));
        assertThat(row.get("n").asLong()).isEqualTo(-42);
        assertThat(row.get("d").decimalValue()).isEqualByComparingTo("12345678901234.50");
        assertThat(new String(line.rowAsObject(0), StandardCharsets.UTF_8))
                .contains("\"big\":10000000000.12,", "\"a\":[2.50,0.01]", "\"none\":null");
    }

    @Test
    void aRowAsAnObjectKeepsNumbersTooBigForADoubleAndWordsThatAreNoJson() {
        JsonLine line = new JsonLine();
        line.beginRow();
        line.number("amount", new BigDecimal("90000000000000000.01")).string("city", "Омск");
        line.endRow();
        line.beginRow();
        line.number("amount", Double.NaN).string("city", "x");
        line.endRow();

        assertThat(new String(line.rowAsObject(0), StandardCharsets.UTF_8))
                .isEqualTo("{\"amount\":90000000000000000.01,\"city\":\"Омск\"}");
        assertThat(new String(line.rowAsObject(1), StandardCharsets.UTF_8))
                .isEqualTo("[nan,\"x\"]");
    }

    @Test
    void everyRowMustWriteTheColumnsOfTheFirstInItsOrder() {
        JsonLine line = new JsonLine();
        line.beginRow();
        line.number("a", 1L).number("b", 2L);
        line.endRow();

        line.beginRow();
        assertThatThrownBy(() -> line.number("b", 2L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("column b written where the first row had [a, b]");
        line.dropPartialRow();
        line.beginRow();
        line.number("a", 1L);
        assertThatThrownBy(line::endRow).hasMessageContaining("a row with 1 of its columns");
        line.dropPartialRow();

        assertThat(line.rows()).isEqualTo(1);
        assertThat(line.columns()).containsExactly("a", "b");
    }

    @Test
    void aFirstRowDroppedHalfwayNamesNoColumns() {
        JsonLine line = new JsonLine();
        line.beginRow();
        line.number("a", 1L);
        line.dropPartialRow();
        line.beginRow();
        line.number("b", 2L);
        line.endRow();

        assertThat(line.columns()).containsExactly("b");
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
                .isEqualTo("[\"kept\"]\n");
    }
}
