package com.shoppulse.clickhouse;

import com.shoppulse.ingest.DeadLetter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.CheckpointOptions;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.state.CheckpointStreamFactory;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OperatorSnapshotFutures;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched inserts into one ClickHouse table that never fail the job.
 *
 * <p>Each row is written at once into the batch in the table's input format ({@link RowFormat}), so
 * the writer holds bytes, not objects. A batch is sent when it is full, every flush interval and,
 * for tables that ask for it, at a watermark, unless a batch went less than a flush interval before
 * (the next flush then takes the rows). The batch is sent by a thread of the writer's own while the
 * task fills the next one: a task that waited for each insert spent as long waiting for ClickHouse
 * as working. At most one batch is in flight; a full batch waits for it, which is how a slow
 * ClickHouse slows the job down.
 *
 * <p>A checkpoint does not wait for ClickHouse: it holds the rows not yet stored (the batch in
 * flight and the one filling) in the writer's state, and a writer restored from it sends them again
 * first. Waiting held the whole task chain for the insert at every checkpoint, and the windows
 * closing behind it: 0.2-0.4 s each in a backlog, 0.1-0.2 s under 20,000 events/s. A row stored
 * just after a checkpoint may so be sent again by a restore from it; the tables replace such twins
 * (see {@code sql/}), as they do a replay's.
 *
 * <p>A stop with a savepoint is different: the job may not be started from it again, or not soon,
 * and ClickHouse is what people read. So the writer first stores what it holds, waiting at most
 * {@link #STOP_WAIT_SECONDS}, and the savepoint holds only what ClickHouse did not take by then, or
 * a batch of which it refused rows: their dead letters cannot go out after the savepoint's barrier,
 * so they go when a restore sends the batch again.
 *
 * <p>When ClickHouse cannot take a batch, {@link BatchInserter} keeps retrying it: the task stops
 * taking input once the next batch is due, Kafka holds the backlog, and checkpoints wait (or expire
 * within the tolerance the cluster sets) until the server is back. That is back-pressure rather
 * than a restart loop, and no TaskManager is ever at risk. Rows the server refuses because of their
 * data leave as dead letters with the server's message and the row as a JSON object; the rest is
 * stored.
 *
 * <p>Metrics: {@code clickhouseRowsWritten}, {@code clickhouseRowsRejected}, {@code
 * clickhouseInsertRetries}.
 */
final class ClickHouseWriter<T, B extends RowBuffer> extends AbstractStreamOperator<DeadLetter>
        implements OneInputStreamOperator<T, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseWriter.class);

    /**
     * How long a stop with a savepoint waits for ClickHouse to store the rows held: many times an
     * insert of a full batch on a busy server, and short enough that while ClickHouse is away the
     * writers of a task, waiting one after the other, stay well within the 30 s that {@code
     * ./local/up.sh} gives a stop (their rows then stay in the savepoint).
     */
    static final long STOP_WAIT_SECONDS = 5;

    private final ClickHouseTable<T> table;
    private final RowFormat<T, B> format;

    private transient B filling;
    private transient B sending;
    private transient BatchInserter inserter;
    private transient ExecutorService sender;
    private transient Future<List<BatchInserter.Refused>> inFlight;

    /** The batches {@link #inFlight} stores: {@link #sending}, or those a restore found. */
    private transient List<B> inFlightBatches;

    /**
     * The rows not yet stored at the last checkpoint, each batch as {@link RowBuffer#writeRows}.
     */
    private transient ListState<byte[]> unstored;

    private transient List<B> restored;
    private transient Counter rejected;

    /** When the last batch was sent, in processing time. */
    private transient long lastSent;

    private ClickHouseWriter(ClickHouseTable<T> table, RowFormat<T, B> format) {
        this.table = table;
        this.format = format;
    }

    /** A writer into {@code table}, whose rows {@code format} (the table's own) writes. */
    static <T, B extends RowBuffer> ClickHouseWriter<T, B> of(
            ClickHouseTable<T> table, RowFormat<T, B> format) {
        return new ClickHouseWriter<>(table, format);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        unstored =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "unstored-rows",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        restored = new ArrayList<>();
        for (byte[] rows : unstored.get()) {
            B batch = format.newBuffer();
            batch.readRows(new DataInputDeserializer(rows));
            restored.add(batch);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        filling = format.newBuffer();
        sending = format.newBuffer();
        inserter =
                new BatchInserter(
                        table,
                        getMetricGroup().counter("clickhouseRowsWritten"),
                        getMetricGroup().counter("clickhouseInsertRetries"));
        sender =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "ClickHouse " + table.table);
                            thread.setDaemon(true);
                            return thread;
                        });
        rejected = getMetricGroup().counter("clickhouseRowsRejected");
        // As if a batch had gone an interval before the start, so that a first watermark sends.
        lastSent = now() - table.flushIntervalMillis;
        scheduleFlush(now() + table.flushIntervalMillis);
        if (!restored.isEmpty()) {
            LOG.info(
                    "{}: sending again {} rows that the checkpoint restored held, not yet stored",
                    table.table,
                    rowsOf(restored));
            send(restored);
        }
        restored = null;
    }

    /**
     * Sends the batch an interval after the last insert, whatever sent that one (this timer, a full
     * batch, a checkpoint or a watermark): every row waits at most the interval, and a checkpoint's
     * insert just before does not make the timer send a second, tiny one.
     */
    private void scheduleFlush(long at) {
        getProcessingTimeService()
                .registerTimer(
                        at,
                        time -> {
                            if (time - lastSent >= table.flushIntervalMillis) {
                                flush();
                            }
                            long next = lastSent + table.flushIntervalMillis;
                            scheduleFlush(next > time ? next : time + table.flushIntervalMillis);
                        });
    }

    @Override
    public void processElement(StreamRecord<T> element) throws Exception {
        T row = element.getValue();
        try {
            filling.beginRow();
            format.write(filling, row);
            filling.endRow();
        } catch (RuntimeException unwritable) {
            filling.dropPartialRow();
            reject(String.valueOf(row).getBytes(StandardCharsets.UTF_8), unwritable.toString());
            return;
        }
        if (filling.rows() >= table.batchSize) {
            flush();
        }
    }

    /**
     * Live, a watermark closes a window a minute, and its rows go at once. Catching up on a
     * backlog, watermarks close windows several times a second, and an insert each would make as
     * many parts for ClickHouse to merge: a flush interval apart, the inserts take the same rows in
     * a fraction of the parts, and no row waits longer than the interval.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (table.flushOnWatermark && now() - lastSent >= table.flushIntervalMillis) {
            flush();
        }
        super.processWatermark(mark);
    }

    /** Dead letters of a batch stored by now go out before the barrier, into this checkpoint. */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        if (inFlight != null && inFlight.isDone()) {
            awaitInFlight();
        }
    }

    @Override
    public OperatorSnapshotFutures snapshotState(
            long checkpointId,
            long timestamp,
            CheckpointOptions options,
            CheckpointStreamFactory factory)
            throws Exception {
        if (options.getCheckpointType() instanceof SavepointType savepoint
                && savepoint.isSynchronous()) {
            storeBeforeStop();
        }
        return super.snapshotState(checkpointId, timestamp, options, factory);
    }

    private void storeBeforeStop() throws Exception {
        int before = rowsHeld();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        if (settledBy(deadline) && filling.rows() > 0) {
            flush();
            settledBy(deadline);
        }
        int held = rowsHeld();
        if (before > held) {
            LOG.info(
                    "{}: stored {} rows before the savepoint of the stop",
                    table.table,
                    before - held);
        }
        if (held > 0) {
            LOG.warn(
                    "{}: the savepoint of the stop holds {} rows not stored (ClickHouse took not"
                            + " all within {} s, or refused some); they go when the job starts"
                            + " from it",
                    table.table,
                    held,
                    STOP_WAIT_SECONDS);
        }
    }

    private int rowsHeld() {
        int rows = filling.rows();
        if (inFlight != null) {
            rows += rowsOf(inFlightBatches);
        }
        return rows;
    }

    private static int rowsOf(List<? extends RowBuffer> batches) {
        return batches.stream().mapToInt(RowBuffer::rows).sum();
    }

    /**
     * Whether the batch in flight, if any, was stored whole by {@code deadline} ({@link
     * System#nanoTime}); then the writer holds it no more.
     */
    private boolean settledBy(long deadline) throws Exception {
        if (inFlight == null) {
            return true;
        }
        try {
            if (!resultOfInFlight(deadline - System.nanoTime()).isEmpty()) {
                return false;
            }
        } catch (TimeoutException stillSending) {
            return false;
        }
        inFlightSettled();
        return true;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<byte[]> rows = new ArrayList<>();
        if (inFlight != null) {
            for (B batch : inFlightBatches) {
                rows.add(bytesOf(batch));
            }
        }
        if (filling.rows() > 0) {
            rows.add(bytesOf(filling));
        }
        unstored.update(rows);
    }

    /**
     * The batch as {@link RowBuffer#writeRows} writes it; the sender may be reading it meanwhile.
     */
    private static byte[] bytesOf(RowBuffer batch) throws IOException {
        DataOutputSerializer out =
                new DataOutputSerializer(batch.start(batch.rows()) + 4 * batch.rows() + 1024);
        batch.writeRows(out);
        return out.getCopyOfBuffer();
    }

    @Override
    public void finish() throws Exception {
        flush();
        awaitInFlight();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (sender != null) {
            sender.shutdownNow();
        }
        super.close();
    }

    /** Sends the batch so far, once the one before it is stored. */
    private void flush() throws Exception {
        if (filling.rows() == 0) {
            return;
        }
        awaitInFlight();
        B batch = filling;
        filling = sending;
        sending = batch;
        send(List.of(batch));
    }

    private void send(List<B> batches) {
        inFlightBatches = batches;
        inFlight =
                sender.submit(
                        () -> {
                            List<BatchInserter.Refused> refused = new ArrayList<>();
                            for (B batch : batches) {
                                refused.addAll(inserter.store(batch));
                            }
                            return refused;
                        });
        lastSent = now();
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    /** Waits until the batch in flight is stored; its refused rows become dead letters. */
    private void awaitInFlight() throws Exception {
        if (inFlight == null) {
            return;
        }
        List<BatchInserter.Refused> refused = resultOfInFlight(Long.MAX_VALUE);
        inFlightSettled();
        for (BatchInserter.Refused row : refused) {
            reject(row.row(), row.message());
        }
    }

    private List<BatchInserter.Refused> resultOfInFlight(long timeoutNanos)
            throws InterruptedException, TimeoutException {
        try {
            return inFlight.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    table.table + ": storing a batch failed unexpectedly", e.getCause());
        }
    }

    private void inFlightSettled() {
        inFlight = null;
        inFlightBatches = null;
        sending.clear();
    }

    private void reject(byte[] row, String message) {
        rejected.inc();
        LOG.warn(
                "{}: ClickHouse refused a row, sent to the dead letters: {}", table.table, message);
        output.collect(
                new StreamRecord<>(
                        DeadLetter.refusedByClickHouse(
                                table.table,
                                row,
                                message,
                                now(),
                                DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES)));
    }
}
