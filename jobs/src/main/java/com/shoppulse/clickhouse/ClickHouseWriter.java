package com.shoppulse.clickhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.shoppulse.ingest.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched inserts into one ClickHouse table that never fail the job.
 *
 * <p>A batch is written when it is full, every flush interval, and before every checkpoint barrier
 * goes on, so a completed checkpoint means its rows are stored. When ClickHouse cannot take a
 * batch, the writer keeps retrying the same batch with growing pauses: the task stops taking input,
 * Kafka holds the backlog, and checkpoints wait (or expire within the tolerance the cluster sets)
 * until the server is back. That is back-pressure rather than a restart loop, and no TaskManager is
 * ever at risk. A batch the server refuses because of its data is split in halves until the rows at
 * fault are found; those leave as dead letters with the server's message, the rest is stored.
 *
 * <p>Metrics: {@code clickhouseRowsWritten}, {@code clickhouseRowsRejected}, {@code
 * clickhouseInsertRetries}.
 */
final class ClickHouseWriter<T> extends AbstractStreamOperator<DeadLetter>
        implements OneInputStreamOperator<T, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseWriter.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;

    /** Short enough that the job is back within seconds of ClickHouse. */
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final ClickHouseTable<T> table;

    private transient List<T> buffer;
    private transient TypeSerializer<T> copier;
    private transient Connection connection;
    private transient ObjectMapper json;
    private transient Counter written;
    private transient Counter rejected;
    private transient Counter retries;

    ClickHouseWriter(ClickHouseTable<T> table) {
        this.table = table;
    }

    @Override
    public void open() throws Exception {
        super.open();
        buffer = new ArrayList<>(table.batchSize);
        if (getExecutionConfig().isObjectReuseEnabled()) {
            // Upstream may hand over the same object again for the next row.
            copier = getOperatorConfig().getTypeSerializerIn(0, getUserCodeClassloader());
        }
        json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        written = getMetricGroup().counter("clickhouseRowsWritten");
        rejected = getMetricGroup().counter("clickhouseRowsRejected");
        retries = getMetricGroup().counter("clickhouseInsertRetries");
        scheduleFlush();
    }

    private void scheduleFlush() {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        getProcessingTimeService()
                .registerTimer(
                        now + table.flushIntervalMillis,
                        time -> {
                            flush();
                            scheduleFlush();
                        });
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        T row = element.getValue();
        buffer.add(copier == null ? row : copier.copy(row));
        if (buffer.size() >= table.batchSize) {
            flush();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        disconnect();
        super.close();
    }

    private void flush() throws InterruptedException {
        if (!buffer.isEmpty()) {
            insert(buffer);
            buffer.clear();
        }
    }

    /** Stores {@code rows}, waiting for as long as it takes; rows at fault become dead letters. */
    private void insert(List<T> rows) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                execute(rows);
                written.inc(rows.size());
                if (attempt > 0) {
                    LOG.info("{}: ClickHouse takes rows again", table.table);
                }
                return;
            } catch (SQLException e) {
                if (InsertFailure.of(e) == InsertFailure.ROWS_AT_FAULT) {
                    if (rows.size() == 1) {
                        reject(rows.get(0), e);
                    } else {
                        int half = rows.size() / 2;
                        insert(rows.subList(0, half));
                        insert(rows.subList(half, rows.size()));
                    }
                    return;
                }
                disconnect();
                retries.inc();
                long pause =
                        Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 20));
                if (attempt == 0 || pause == MAX_BACKOFF_MILLIS && attempt % 10 == 0) {
                    LOG.warn(
                            "{}: ClickHouse did not take {} rows; holding them (and the job's"
                                    + " input) back and retrying every {} ms at most",
                            table.table,
                            rows.size(),
                            MAX_BACKOFF_MILLIS,
                            e);
                }
                Thread.sleep(pause);
            }
        }
    }

    private void execute(List<T> rows) throws SQLException {
        if (connection == null) {
            connection = table.options.connect(table.options.database());
        }
        try (PreparedStatement ps = connection.prepareStatement(table.sql)) {
            // clickhouse-jdbc inlines bound values into the SQL text and would then rewrite escapes
            // such as {fn now()} anywhere in it, values included.
            ps.setEscapeProcessing(false);
            for (T row : rows) {
                table.binder.accept(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void reject(T row, SQLException refusal) {
        rejected.inc();
        String message = String.valueOf(refusal.getMessage());
        LOG.warn(
                "{}: ClickHouse refused a row, sent to the dead letters: {}", table.table, message);
        output.collect(
                new StreamRecord<>(
                        DeadLetter.refusedByClickHouse(
                                table.table,
                                describe(row),
                                message,
                                getProcessingTimeService().getCurrentProcessingTime(),
                                DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES)));
    }

    private byte[] describe(T row) {
        try {
            return json.writeValueAsBytes(row);
        } catch (Exception e) {
            return String.valueOf(row).getBytes(StandardCharsets.UTF_8);
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("{}: closing a broken ClickHouse connection failed", table.table, e);
            }
            connection = null;
        }
    }
}
