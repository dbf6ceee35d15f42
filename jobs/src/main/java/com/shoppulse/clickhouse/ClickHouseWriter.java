package com.shoppulse.clickhouse;

import com.shoppulse.ingest.DeadLetter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched inserts into one ClickHouse table that never fail the job.
 *
 * <p>Each row is written at once into the batch as a line of JSON ({@code JSONEachRow}), so the
 * writer holds bytes, not objects, and the batch is sent as it is over ClickHouse's HTTP interface.
 * A batch is sent when it is full, every flush interval, and before every checkpoint barrier goes
 * on, so a completed checkpoint means its rows are stored. When ClickHouse cannot take a batch, the
 * writer keeps retrying the same batch with growing pauses: the task stops taking input, Kafka
 * holds the backlog, and checkpoints wait (or expire within the tolerance the cluster sets) until
 * the server is back. That is back-pressure rather than a restart loop, and no TaskManager is ever
 * at risk. A batch the server refuses because of its data is split in halves until the rows at
 * fault are found; those leave as dead letters with the server's message and the row's JSON, the
 * rest is stored.
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

    /** Long enough for a large batch into a busy server; a server that hangs is retried. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final ClickHouseTable<T> table;

    private transient JsonLine batch;
    private transient HttpClient http;
    private transient String insert;
    private transient Counter written;
    private transient Counter rejected;
    private transient Counter retries;

    ClickHouseWriter(ClickHouseTable<T> table) {
        this.table = table;
    }

    @Override
    public void open() throws Exception {
        super.open();
        batch = new JsonLine();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        // Strict: a field the table does not have is an error, not silently lost.
        insert = "INSERT INTO " + table.table + " FORMAT JSONEachRow";
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
    public void processElement(StreamRecord<T> element) throws InterruptedException {
        T row = element.getValue();
        try {
            batch.beginRow();
            table.format.write(batch, row);
            batch.endRow();
        } catch (RuntimeException unwritable) {
            batch.dropPartialRow();
            reject(String.valueOf(row).getBytes(StandardCharsets.UTF_8), unwritable.toString());
            return;
        }
        if (batch.rows() >= table.batchSize) {
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

    private void flush() throws InterruptedException {
        if (batch.rows() > 0) {
            insert(0, batch.rows());
            batch.clear();
        }
    }

    /**
     * Stores rows {@code from} (inclusive) to {@code to} of the batch, waiting for as long as it
     * takes; rows at fault become dead letters.
     */
    private void insert(int from, int to) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                send(batch.start(from), batch.start(to));
                written.inc(to - from);
                if (attempt > 0) {
                    LOG.info("{}: ClickHouse takes rows again", table.table);
                }
                return;
            } catch (IOException e) {
                if (InsertFailure.of(e) == InsertFailure.ROWS_AT_FAULT) {
                    if (to - from == 1) {
                        byte[] line =
                                Arrays.copyOfRange(
                                        batch.bytes(), batch.start(from), batch.start(to) - 1);
                        reject(line, e.getMessage());
                    } else {
                        int half = from + (to - from) / 2;
                        insert(from, half);
                        insert(half, to);
                    }
                    return;
                }
                retries.inc();
                long pause =
                        Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt, 20));
                if (attempt == 0 || pause == MAX_BACKOFF_MILLIS && attempt % 10 == 0) {
                    LOG.warn(
                            "{}: ClickHouse did not take {} rows; holding them (and the job's"
                                    + " input) back and retrying every {} ms at most",
                            table.table,
                            to - from,
                            MAX_BACKOFF_MILLIS,
                            e);
                }
                Thread.sleep(pause);
            }
        }
    }

    private void send(int start, int end) throws IOException, InterruptedException {
        HttpRequest request =
                table.options
                        .request(insert, "input_format_skip_unknown_fields=0")
                        .timeout(REQUEST_TIMEOUT)
                        .POST(
                                HttpRequest.BodyPublishers.ofByteArray(
                                        batch.bytes(), start, end - start))
                        .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new RefusedByServer(
                    response.headers()
                            .firstValue("X-ClickHouse-Exception-Code")
                            .map(Integer::parseInt)
                            .orElse(-1),
                    response.body().strip());
        }
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
                                getProcessingTimeService().getCurrentProcessingTime(),
                                DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES)));
    }
}
