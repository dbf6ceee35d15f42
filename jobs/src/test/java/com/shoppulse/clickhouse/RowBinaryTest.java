package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Flow;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class RowBinaryTest {
    private static final Long[] TWO = {250L, 1L};
    private static final Long[] NONE = {};

    @Test
    void eachTypeIsWrittenInTheBytesClickHouseReads() {
        RowBinary rows = new RowBinary();
        rows.beginRow();
        rows.string("s", "ab")
                .uint32("q", 0xFFFF_FFFEL)
                .money("m", -250)
                .dateTime64("t", -1)
                .strings("a", new String[] {"x"}, x -> x)
                .moneys("p", TWO, x -> x)
                .uint32s("n", NONE, x -> x);
        rows.endRow();

        assertThat(Arrays.copyOf(rows.bytes(), rows.start(1)))
                .containsExactly(
                        hex(
                                "02 61 62", // "ab": its length, then its bytes
                                "FE FF FF FF", // UInt32, little-endian
                                "06 FF FF FF FF FF FF FF", // Decimal(18, 2): Int64 of minor units
                                "FF FF FF FF FF FF FF FF", // DateTime64(3): Int64 of ms, here -1
                                "01 01 78", // Array(String): its length, then each element
                                "02 FA 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00",
                                "00")); // an empty array
    }

    private static byte[] hex(String... groups) {
        return HexFormat.ofDelimiter(" ").parseHex(String.join(" ", groups));
    }

    /** Three rows of each kind of column, an empty array among them. */
    private static RowBinary threeRows() {
        RowBinary rows = new RowBinary();
        for (int row = 0; row < 3; row++) {
            String[] brands = row == 1 ? new String[0] : new String[] {"b" + row, "c"};
            rows.beginRow();
            rows.string("s", "r" + row)
                    .uint32("q", row)
                    .strings("a", brands, x -> x)
                    .moneys("p", row == 2 ? TWO : NONE, x -> x);
            rows.endRow();
        }
        return rows;
    }

    private static byte[] joined(Iterable<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** What a request with {@code body} sends. */
    private static byte[] sent(HttpRequest.BodyPublisher body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.subscribe(
                new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(ByteBuffer bytes) {
                        byte[] next = new byte[bytes.remaining()];
                        bytes.get(next);
                        out.writeBytes(next);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        throw new AssertionError(failure);
                    }

                    @Override
                    public void onComplete() {}
                });
        return out.toByteArray();
    }

    @Test
    void anInsertSendsTheRowsColumnWiseAsANativeBlock() {
        RowBinary rows = threeRows();

        assertThat(rows.format()).isEqualTo("Native");
        assertThat(sent(rows.body(1, 3)))
                .containsExactly(
                        hex(
                                "04 02", // 4 columns, 2 rows (the second and third)
                                "01 73 06 53 74 72 69 6E 67", // "s", "String"
                                "02 72 31 02 72 32", // "r1", "r2"
                                "01 71 06 55 49 6E 74 33 32", // "q", "UInt32"
                                "01 00 00 00 02 00 00 00",
                                "01 61 0D 41 72 72 61 79 28 53 74 72 69 6E 67 29", // Array(String)
                                "00 00 00 00 00 00 00 00", // the arrays' ends: 0, then 2
                                "02 00 00 00 00 00 00 00",
                                "02 62 32 01 63", // their elements: "b2", "c"
                                "01 70 15", // "p", "Array(Decimal(18, 2))"
                                "41 72 72 61 79 28 44 65 63 69 6D 61 6C 28 31 38 2C 20 32 29 29",
                                "00 00 00 00 00 00 00 00",
                                "02 00 00 00 00 00 00 00",
                                "FA 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00"));
    }

    @Test
    void rowsKeptByACheckpointReadBackIntoTheSameBlockAndRows() throws Exception {
        RowBinary rows = threeRows();
        DataOutputSerializer kept = new DataOutputSerializer(64);
        rows.writeRows(kept);

        RowBinary restored = new RowBinary();
        restored.readRows(new DataInputDeserializer(kept.getCopyOfBuffer()));
        assertThat(restored.rows()).isEqualTo(3);
        assertThat(restored.columns()).containsExactly("s", "q", "a", "p");
        assertThat(joined(restored.block(0, 3, 5))).containsExactly(joined(rows.block(0, 3, 5)));
        for (int row = 0; row < 3; row++) {
            assertThat(restored.rowAsObject(row)).containsExactly(rows.rowAsObject(row));
        }

        // Rows of another encoding are not read as these: a release that changed it says so.
        JsonLine line = new JsonLine();
        line.beginRow();
        line.string("s", "r0");
        line.endRow();
        DataOutputSerializer json = new DataOutputSerializer(64);
        line.writeRows(json);
        assertThatThrownBy(
                        () ->
                                new RowBinary()
                                        .readRows(
                                                new DataInputDeserializer(json.getCopyOfBuffer())))
                .hasMessageContaining("kept as JSONCompactEachRow")
                .hasMessageContaining("release that kept them");
    }

    @Test
    void aBlockInChunksOfAnySizeIsTheSameBlock() {
        RowBinary rows = threeRows();
        assertThat(rows.block(1, 3, RowBinary.CHUNK_BYTES)).hasSize(1);
        byte[] whole = joined(rows.block(1, 3, RowBinary.CHUNK_BYTES));

        for (int chunkBytes = 1; chunkBytes <= whole.length; chunkBytes++) {
            assertThat(joined(rows.block(1, 3, chunkBytes))).containsExactly(whole);
        }
        // The header, then each column's name and type, each array end and each value alone:
        // 17 chunks, but the two empty arrays' elements (none) share a chunk with what follows.
        assertThat(rows.block(1, 3, 1)).hasSize(15);
    }

    @Test
    void aLargeBatchGoesInChunksOfAboutTheChunkSize() {
        RowBinary rows = largeBatch();

        long sent = 0;
        for (byte[] chunk : rows.block(0, 20_000, RowBinary.CHUNK_BYTES)) {
            assertThat(chunk.length).isLessThanOrEqualTo(RowBinary.CHUNK_BYTES + 210);
            sent += chunk.length;
        }
        // The header and the columns' names and types take 29 bytes, and each row's array length
        // (1 byte) becomes the 8 bytes of a running total.
        assertThat(sent).isGreaterThan(4_000_000).isEqualTo(rows.start(20_000) + 29 + 7 * 20_000);
    }

    @Test
    void aBlockIsMadeWhileItIsSentNotWholeBeforehand() {
        RowBinary rows = largeBatch();
        rows.block(0, 10, RowBinary.CHUNK_BYTES).iterator().next();

        long before = allocatedBytes();
        byte[] first = rows.block(0, 20_000, RowBinary.CHUNK_BYTES).iterator().next();
        long allocated = allocatedBytes() - before;

        // A cursor and a length per row, the chunk and its copy: a block made whole before it
        // went out took some three times the batch, and ran a TaskManager's heap out.
        assertThat(first.length).isGreaterThanOrEqualTo(RowBinary.CHUNK_BYTES);
        assertThat(allocated).isLessThan(rows.start(20_000) / 4);
    }

    /** 20,000 rows of over 200 bytes each. */
    private static RowBinary largeBatch() {
        RowBinary rows = new RowBinary();
        String[] lines = {"a".repeat(200), "b"};
        for (int row = 0; row < 20_000; row++) {
            rows.beginRow();
            rows.string("s", "row " + row).strings("a", lines, x -> x);
            rows.endRow();
        }
        return rows;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    @Test
    void aLongTextHasItsLengthInSevenBitGroups() {
        RowBinary rows = new RowBinary();
        rows.beginRow();
        rows.string("s", "я".repeat(150));
        rows.endRow();

        byte[] bytes = rows.bytes();
        assertThat(rows.start(1)).isEqualTo(2 + 300);
        assertThat(new byte[] {bytes[0], bytes[1]}).containsExactly(0xAC - 256, 0x02);
        assertThat(new String(bytes, 2, 300, StandardCharsets.UTF_8)).isEqualTo("я".repeat(150));
    }

    @Test
    void aRowReadsBackAsAJsonObjectOfItsColumns() {
        RowBinary rows = new RowBinary();
        for (String city : new String[] {"Омск", "Тула"}) {
            rows.beginRow();
            rows.string("city", city)
                    .uint32("quantity", 4_000_000_000L)
                    .money("amount", RowBinary.MAX_DECIMAL_18)
                    .dateTime64(
                            "event_time", Instant.parse("2025-06-02T00:00:00.273Z").toEpochMilli())
                    .strings("items.brand", new String[] {"\"Q\"", "\0"}, x -> x)
                    .moneys("items.price", TWO, x -> x)
                    .uint32s("items.quantity", NONE, x -> x);
            rows.endRow();
        }

        assertThat(new String(rows.rowAsObject(1), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"city\":\"Тула\",\"quantity\":4000000000,"
                                + "\"amount\":9999999999999999.99,"
                                + "\"event_time\":\"2025-06-02 00:00:00.273\","
                                + "\"items.brand\":[\"\\\"Q\\\"\",\"\\u0000\"],"
                                + "\"items.price\":[2.50,0.01],\"items.quantity\":[]}");
    }

    @Test
    void aValueTheColumnCannotHoldFailsTheRowAndLeavesNoTrace() {
        RowBinary rows = new RowBinary();
        rows.beginRow();
        rows.string("s", "kept").uint32("q", 1).money("m", 1);
        rows.endRow();
        int end = rows.start(1);

        for (Runnable bad :
                new Runnable[] {
                    () -> rows.string("s", "lost").uint32("q", -1),
                    () -> rows.string("s", "lost").uint32("q", 1L << 32),
                    () -> rows.string("s", null),
                    () ->
                            rows.string("s", "lost")
                                    .uint32("q", 1)
                                    .money("m", -1_000_000_000_000_000_000L)
                }) {
            rows.beginRow();
            assertThatThrownBy(bad::run).isInstanceOf(IllegalArgumentException.class);
            rows.dropPartialRow();
        }

        assertThat(rows.rows()).isEqualTo(1);
        assertThat(rows.start(1)).isEqualTo(end);
    }

    @Test
    void everyRowMustWriteEachColumnAsTheFirstDid() {
        RowBinary rows = new RowBinary();
        rows.beginRow();
        rows.uint32("q", 1);
        rows.endRow();

        rows.beginRow();
        assertThatThrownBy(() -> rows.money("q", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("column q written as DECIMAL_18_2, first as UINT32");
    }

    @Test
    void aFirstRowDroppedHalfwayLeavesNoColumnOrType() {
        RowBinary rows = new RowBinary();
        rows.beginRow();
        rows.uint32("q", 1);
        rows.dropPartialRow();
        rows.beginRow();
        rows.money("q", 1);
        rows.endRow();

        assertThat(rows.columns()).containsExactly("q");
        assertThat(new String(rows.rowAsObject(0), StandardCharsets.UTF_8))
                .isEqualTo("{\"q\":0.01}");
    }
}
