package com.shoppulse.clickhouse;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one batch of rows in a table, for as long as it takes: when ClickHouse cannot take the
 * batch, it retries with pauses growing to {@link #MAX_BACKOFF_MILLIS}; when ClickHouse refuses a
 * value, it splits the batch in halves until it has found the rows at fault, stores the rest and
 * returns those. Blocking; {@link ClickHouseWriter} runs it on a thread of its own.
 */
final class BatchInserter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchInserter.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;

    /** Short enough that the job is back within seconds of ClickHouse. */
    static final long MAX_BACKOFF_MILLIS = 5_000;

    /** Long enough for a large batch into a busy server; a server that hangs is retried. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** A row ClickHouse refused: as a JSON object of its columns, and the server's message. */
    record Refused(byte[] row, String message) {}

    private final ClickHouseTable<?> table;
    private final Counter written;
    private final Counter retries;
    private final HttpClient http;

    BatchInserter(ClickHouseTable<?> table, Counter written, Counter retries) {
        this.table = table;
        this.written = written;
        this.retries = retries;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Stores {@code batch}; returns the rows ClickHouse refused, which are not stored. */
    List<Refused> store(RowBuffer batch) throws InterruptedException {
        List<Refused> refused = new ArrayList<>();
        String insert =
                batch.columns().stream()
                        .map(column -> '`' + column + '`')
                        .collect(
                                Collectors.joining(
                                        ", ",
                                        "INSERT INTO " + table.table + " (",
                                        ") FORMAT " + batch.format()));
        insert(insert, batch, 0, batch.rows(), refused);
        return refused;
    }

    private void insert(String insert, RowBuffer batch, int from, int to, List<Refused> refused)
            throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                send(insert, batch, from, to);
                written.inc(to - from);
                if (attempt > 0) {
                    LOG.info("{}: ClickHouse takes rows again", table.table);
                }
                return;
            } catch (IOException e) {
                if (InsertFailure.of(e) == InsertFailure.ROWS_AT_FAULT) {
                    if (to - from == 1) {
                        refused.add(new Refused(batch.rowAsObject(from), e.getMessage()));
                    } else {
                        int half = from + (to - from) / 2;
                        insert(insert, batch, from, half, refused);
                        insert(insert, batch, half, to, refused);
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

    private void send(String insert, RowBuffer batch, int from, int to)
            throws IOException, InterruptedException {
        HttpRequest request =
                table.options
                        // No merging of twins within the insert: the tables' readers merge them
                        // anyway (FINAL, argMax), as they must across inserts, and it cost an
                        // eighth of the server's CPU for events_raw.
                        .request(insert, "optimize_on_insert=0")
                        .timeout(REQUEST_TIMEOUT)
                        .POST(batch.body(from, to))
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
}
