package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.harness.OperatorMetrics;
import com.shoppulse.ingest.DeadLetter;
import com.shoppulse.it.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer against the real ClickHouse server: rows it refuses, a server that is away, and the
 * rows a checkpoint holds.
 */
class ClickHouseWriterIT {
    /** A row of the test table. */
    public record Row(long id, BigDecimal amount) {}

    private static final String TABLE = "writer_test";
    private static final JsonRow<Row> FORMAT =
            (line, row) -> line.number("id", row.id()).number("amount", row.amount());

    private ClickHouseOptions clickHouse;

    @BeforeEach
    void createTable() throws Exception {
        String database = TestServices.uniqueName("writer");
        clickHouse = new ClickHouseOptions(TestServices.clickHouse(), "default", "", database);
        try (Connection server = clickHouse.connect(null);
                Statement statement = server.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            statement.execute(
                    "CREATE TABLE "
                            + database
                            + "."
                            + TABLE
                            + " (id UInt32, amount Decimal(18, 2), CONSTRAINT small_id CHECK id <"
                            + " 1000) ENGINE = MergeTree ORDER BY id");
        }
    }

    @Test
    void rowsTheServerRefusesBecomeDeadLettersAndTheRestIsStored() throws Exception {
        List<Row> rows = new ArrayList<>();
        Set<Long> good = new TreeSet<>();
        int tooBig = 0;
        int againstConstraint = 0;
        for (long id = 0; id < 300; id++) {
            if (id % 37 == 5) {
                rows.add(new Row(id, new BigDecimal("90000000000000000.00")));
                tooBig++;
            } else if (id % 53 == 7) {
                rows.add(new Row(id + 1000, BigDecimal.ONE));
                againstConstraint++;
            } else {
                rows.add(new Row(id, BigDecimal.valueOf(id, 2)));
                good.add(id);
            }
        }
        var table =
                new ClickHouseTable<>(clickHouse, TABLE, FORMAT, 1000, Duration.ofHours(1), false);
        try (OperatorMetrics metrics = new OperatorMetrics(1);
                var harness =
                        new OneInputStreamOperatorTestHarness<>(
                                table.writer(), metrics.environment())) {
            harness.open();
            for (Row row : rows) {
                harness.processElement(new StreamRecord<>(row));
            }
            harness.getOperator().finish();

            assertThat(storedIds(clickHouse)).containsExactlyElementsOf(good);
            List<DeadLetter> letters = new ArrayList<>(harness.extractOutputValues());
            assertThat(letters)
                    .allSatisfy(
                            letter -> {
                                assertThat(letter.reason).isEqualTo("clickhouse_rejected");
                                assertThat(letter.detail).startsWith(TABLE + ": Code: ");
                                assertThat(letter.payload).startsWith("{\"id\":");
                            });
            assertThat(letters)
                    .filteredOn(l -> l.detail.contains("Decimal value is too big"))
                    .hasSize(tooBig);
            assertThat(letters)
                    .filteredOn(l -> l.detail.contains("VIOLATED_CONSTRAINT"))
                    .hasSize(againstConstraint);
            assertThat(metrics.count("clickhouseRowsWritten")).isEqualTo(good.size());
            assertThat(metrics.count("clickhouseRowsRejected"))
                    .isEqualTo(tooBig + againstConstraint);
        }
    }

    @Test
    void aWatermarkSendsTheRowsBeforeItWhenTheTableFlushesOnWatermarks() throws Exception {
        var table =
                new ClickHouseTable<>(clickHouse, TABLE, FORMAT, 1000, Duration.ofHours(1), true);
        try (var harness = new OneInputStreamOperatorTestHarness<>(table.writer())) {
            harness.open();
            addRows(harness, 0, 50);
            harness.processWatermark(new Watermark(1_000));

            // Neither the hour-long flush interval nor a checkpoint: only the watermark sent them.
            awaitStored(50);
            assertThat(harness.getOutput()).containsExactly(new Watermark(1_000));
        }
    }

    @Test
    void aWatermarkWithinAFlushIntervalOfTheLastInsertLeavesItsRowsToTheNextFlush()
            throws Exception {
        var table =
                new ClickHouseTable<>(
                        clickHouse, TABLE, FORMAT, 1000, Duration.ofSeconds(10), true);
        try (var harness = new OneInputStreamOperatorTestHarness<>(table.writer())) {
            harness.setProcessingTime(0);
            harness.open();
            addRows(harness, 0, 50);
            harness.setProcessingTime(4_000);
            harness.processWatermark(new Watermark(1_000));
            awaitStored(50);

            // 5 s after that insert, catching up: the rows wait for the flush an interval after
            // it, at 14 s; the timer set at the start, due at 10 s, leaves them too.
            addRows(harness, 50, 100);
            harness.setProcessingTime(9_000);
            harness.processWatermark(new Watermark(2_000));
            harness.setProcessingTime(10_000);
            Thread.sleep(2_000);
            assertThat(storedIds(clickHouse)).hasSize(50);

            harness.setProcessingTime(14_000);
            awaitStored(100);

            // An interval after that insert (the flush at 24 s found nothing to send), a
            // watermark sends at once again, long before the flush at 35 s.
            harness.setProcessingTime(25_000);
            addRows(harness, 100, 150);
            harness.processWatermark(new Watermark(3_000));
            awaitStored(150);
            assertThat(harness.getOutput())
                    .containsExactly(
                            new Watermark(1_000), new Watermark(2_000), new Watermark(3_000));
        }
    }

    @Test
    void aCheckpointHoldsTheRowsNotYetStoredAndAWriterRestoredFromItStoresThem() throws Exception {
        var table =
                new ClickHouseTable<>(clickHouse, TABLE, FORMAT, 1000, Duration.ofHours(1), false);
        var harness = new OneInputStreamOperatorTestHarness<>(table.writer());
        harness.open();
        addRows(harness, 0, 50);
        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        crash(harness);
        // The checkpoint sent nothing: with an hour-long flush interval only its state has them.
        assertThat(storedIds(clickHouse)).isEmpty();

        OperatorSubtaskState next;
        try (var restored = new OneInputStreamOperatorTestHarness<>(table.writer())) {
            restored.initializeState(checkpoint);
            restored.open();
            awaitStored(50);
            restored.getOperator().finish();
            next = restored.snapshot(2, 2);
        }
        // Stored, they are not in the next checkpoint: a restore from it sends none again.
        try (var again = new OneInputStreamOperatorTestHarness<>(table.writer())) {
            again.initializeState(next);
            again.open();
        }
        assertThat(storedIds(clickHouse)).hasSize(50);
    }

    @Test
    void whileTheServerIsAwayACheckpointHoldsTheBatchInFlightAndTheOneFilling() throws Exception {
        OperatorSubtaskState checkpoint =
                whileTheServerIsAway(
                        harness -> {
                            OperatorSubtaskState taken = harness.snapshot(1, 1);
                            crash(harness);
                            return taken;
                        });
        assertARestoreFromItStoresAll100(checkpoint);
    }

    @Test
    void aStopWithASavepointStoresTheRowsFirstAndTheSavepointHoldsNone() throws Exception {
        var table =
                new ClickHouseTable<>(clickHouse, TABLE, FORMAT, 60, Duration.ofHours(1), false);
        var harness = new OneInputStreamOperatorTestHarness<>(table.writer());
        harness.open();
        // The 60th row sends a batch; 40 rows follow, which only the stop sends.
        addRows(harness, 0, 100);
        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState savepoint = stopWithSavepoint(harness);
        assertThat(storedIds(clickHouse))
                .containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList());
        assertThat(harness.extractOutputValues()).isEmpty();

        try (var restored = new OneInputStreamOperatorTestHarness<>(table.writer())) {
            restored.initializeState(savepoint);
            restored.open();
            restored.getOperator().finish();
        }
        assertThat(storedIds(clickHouse)).hasSize(100);
    }

    @Test
    void whileTheServerIsAwayAStopWithASavepointLeavesTheRowsInIt() throws Exception {
        long start = System.nanoTime();
        OperatorSubtaskState savepoint =
                whileTheServerIsAway(ClickHouseWriterIT::stopWithSavepoint);
        // Bounded: an outage must not hold up the stop for longer than the writer waits.
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(Duration.ofSeconds(ClickHouseWriter.STOP_WAIT_SECONDS + 30));
        assertARestoreFromItStoresAll100(savepoint);
    }

    /**
     * What {@code snapshot} takes of a writer whose port to the server is closed, after 100 rows in
     * batches of 60: the 60th row sends a batch, which the closed port keeps in flight, and 40 rows
     * follow. Nothing is stored.
     */
    private OperatorSubtaskState whileTheServerIsAway(Snapshot snapshot) throws Exception {
        OperatorSubtaskState taken;
        try (Gate gate = new Gate(URI.create(TestServices.clickHouse()))) {
            var throughGate =
                    new ClickHouseTable<>(
                            gate.options(clickHouse),
                            TABLE,
                            FORMAT,
                            60,
                            Duration.ofHours(1),
                            false);
            var harness = new OneInputStreamOperatorTestHarness<>(throughGate.writer());
            harness.open();
            addRows(harness, 0, 100);
            harness.prepareSnapshotPreBarrier(1);
            taken = snapshot.of(harness);
        }
        assertThat(storedIds(clickHouse)).isEmpty();
        return taken;
    }

    /** A writer restored from {@code state} stores all 100 rows, each once, and refuses none. */
    private void assertARestoreFromItStoresAll100(OperatorSubtaskState state) throws Exception {
        var table =
                new ClickHouseTable<>(clickHouse, TABLE, FORMAT, 60, Duration.ofHours(1), false);
        try (var restored = new OneInputStreamOperatorTestHarness<>(table.writer())) {
            restored.initializeState(state);
            restored.open();
            restored.getOperator().finish();
            assertThat(restored.extractOutputValues()).isEmpty();
        }
        assertThat(storedIds(clickHouse))
                .containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList());
    }

    /** Takes a checkpoint or savepoint of the writer and ends it. */
    @FunctionalInterface
    private interface Snapshot {
        OperatorSubtaskState of(OneInputStreamOperatorTestHarness<Row, DeadLetter> harness)
                throws Exception;
    }

    @Test
    void aBatchWithRowsRefusedAtAStopStaysInTheSavepointForItsDeadLetters() throws Exception {
        var table =
                new ClickHouseTable<>(clickHouse, TABLE, FORMAT, 1000, Duration.ofHours(1), false);
        var harness = new OneInputStreamOperatorTestHarness<>(table.writer());
        harness.open();
        addRows(harness, 0, 10);
        addRows(harness, 1000, 1001);
        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState savepoint = stopWithSavepoint(harness);
        // Nothing may follow the savepoint's barrier, so the dead letter waits for a restore.
        assertThat(storedIds(clickHouse)).hasSize(10);
        assertThat(harness.extractOutputValues()).isEmpty();

        try (var restored = new OneInputStreamOperatorTestHarness<>(table.writer())) {
            restored.initializeState(savepoint);
            restored.open();
            restored.getOperator().finish();
            assertThat(restored.extractOutputValues())
                    .singleElement()
                    .satisfies(letter -> assertThat(letter.payload).startsWith("{\"id\":1000"));
        }
        // The rest of the batch went twice; the project's tables replace such twins.
        assertThat(storedIds(clickHouse)).hasSize(20);
    }

    @Test
    void whileTheServerIsAwayTheWriterHoldsItsRowsAndStoresThemWhenItIsBack() throws Exception {
        try (Gate gate = new Gate(URI.create(TestServices.clickHouse()))) {
            assertRowsHeldBackUntil(
                    new ClickHouseTable<>(
                            gate.options(clickHouse),
                            TABLE,
                            FORMAT,
                            50,
                            Duration.ofHours(1),
                            false),
                    gate::open);
        }
    }

    @Test
    void rowsWithAColumnTheTableLacksWaitForItInsteadOfBecomingDeadLetters() throws Exception {
        JsonRow<Row> withNote =
                (line, row) -> {
                    FORMAT.write(line, row);
                    line.string("note", "row " + row.id());
                };
        // A schema behind the job is the server's matter, not the rows'.
        assertRowsHeldBackUntil(
                new ClickHouseTable<>(clickHouse, TABLE, withNote, 50, Duration.ofHours(1), false),
                () -> {
                    try (Connection db = clickHouse.connect(clickHouse.database());
                            Statement statement = db.createStatement()) {
                        statement.execute("ALTER TABLE " + TABLE + " ADD COLUMN note String");
                    }
                });
    }

    /**
     * Writes 100 rows into {@code table}, whose batches must hold 50, and checks that the writer
     * takes no more input once its second batch is due, however long it is given, and gives up no
     * row, until {@code release} has run; then that every row is stored.
     */
    private void assertRowsHeldBackUntil(ClickHouseTable<Row> table, Release release)
            throws Exception {
        try (OperatorMetrics metrics = new OperatorMetrics(1);
                var harness =
                        new OneInputStreamOperatorTestHarness<>(
                                table.writer(), metrics.environment())) {
            harness.open();
            CompletableFuture<Void> input =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    addRows(harness, 0, 100);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            // Released whatever the checks find, so that a failed one ends the test: with the
            // writer retrying and its input held, closing the harness would wait for ever.
            try {
                Thread.sleep(2_000);
                assertThat(input).isNotDone();
                assertThat(storedIds(clickHouse)).isEmpty();
                assertThat(harness.extractOutputValues()).isEmpty();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (metrics.count("clickhouseInsertRetries") == 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(metrics.count("clickhouseInsertRetries")).isPositive();
                assertThat(metrics.count("clickhouseRowsWritten")).isZero();
            } finally {
                release.run();
            }
            input.get(60, TimeUnit.SECONDS);
            harness.getOperator().finish();
            assertThat(storedIds(clickHouse)).hasSize(100);
            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(metrics.count("clickhouseRowsWritten")).isEqualTo(100);
            assertThat(metrics.count("clickhouseRowsRejected")).isZero();
        }
    }

    /** Ends the writer as a killed TaskManager does: without finishing, so nothing more is sent. */
    private static void crash(OneInputStreamOperatorTestHarness<Row, DeadLetter> harness)
            throws Exception {
        harness.getOperator().close();
    }

    /**
     * Takes the savepoint of a stop (not drained), then ends the writer without finishing it, as
     * Flink does.
     */
    private static OperatorSubtaskState stopWithSavepoint(
            OneInputStreamOperatorTestHarness<Row, DeadLetter> harness) throws Exception {
        OperatorSubtaskState savepoint =
                harness.snapshotWithLocalState(
                                1, 1, SavepointType.suspend(SavepointFormatType.CANONICAL))
                        .getJobManagerOwnedState();
        harness.getOperator().close();
        return savepoint;
    }

    private static void addRows(
            OneInputStreamOperatorTestHarness<Row, DeadLetter> harness, long from, long to)
            throws Exception {
        for (long id = from; id < to; id++) {
            harness.processElement(new StreamRecord<>(new Row(id, BigDecimal.ONE)));
        }
    }

    /** Polls (bounded) until {@code rows} rows are stored. */
    private void awaitStored(int rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (storedIds(clickHouse).size() < rows && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(storedIds(clickHouse)).hasSize(rows);
    }

    @FunctionalInterface
    private interface Release {
        void run() throws Exception;
    }

    private static List<Long> storedIds(ClickHouseOptions clickHouse) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection db = clickHouse.connect(clickHouse.database());
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id FROM " + TABLE + " ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /**
     * A TCP port in front of the real server: closed (connections refused) until {@link #open},
     * then every connection is passed through.
     */
    private static final class Gate implements AutoCloseable {
        private final URI target;
        private final ServerSocket reserved;
        private final int port;
        private volatile ServerSocket listening;

        Gate(URI target) throws IOException {
            this.target = target;
            reserved = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            port = reserved.getLocalPort();
            reserved.close();
        }

        /** {@code server}'s options, but for connections through this gate. */
        ClickHouseOptions options(ClickHouseOptions server) {
            return new ClickHouseOptions(
                    "http://127.0.0.1:" + port, "default", "", server.database());
        }

        void open() throws IOException {
            listening = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread accept =
                    new Thread(
                            () -> {
                                while (!listening.isClosed()) {
                                    try {
                                        Socket client = listening.accept();
                                        Socket server =
                                                new Socket(target.getHost(), target.getPort());
                                        pump(client, server);
                                        pump(server, client);
                                    } catch (IOException closed) {
                                        return;
                                    }
                                }
                            });
            accept.setDaemon(true);
            accept.start();
        }

        private static void pump(Socket from, Socket to) {
            Thread copy =
                    new Thread(
                            () -> {
                                try (InputStream in = from.getInputStream();
                                        OutputStream out = to.getOutputStream()) {
                                    in.transferTo(out);
                                } catch (IOException ended) {
                                    // One side hung up; the other copy ends with it.
                                } finally {
                                    try {
                                        from.close();
                                        to.close();
                                    } catch (IOException ignored) {
                                        // Both are being closed anyway.
                                    }
                                }
                            });
            copy.setDaemon(true);
            copy.start();
        }

        @Override
        public void close() throws IOException {
            if (listening != null) {
                listening.close();
            }
        }
    }
}
