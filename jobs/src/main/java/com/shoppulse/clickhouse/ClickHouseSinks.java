package com.shoppulse.clickhouse;

import com.shoppulse.events.ShopEvent;
import com.shoppulse.metrics.KpiRow;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The job's ClickHouse sinks: batched JDBC inserts, flushed on every checkpoint (at least once).
 * Replays are harmless because the tables replace rows by key (see {@code sql/}). Values are stored
 * as sent, with no JDBC escape processing.
 */
public final class ClickHouseSinks {
    private final ClickHouseOptions options;
    private final JdbcExecutionOptions execution;

    public ClickHouseSinks(ClickHouseOptions options, int batchSize, Duration flushInterval) {
        this.options = options;
        this.execution =
                JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize)
                        .withBatchIntervalMs(flushInterval.toMillis())
                        .withMaxRetries(5)
                        .build();
    }

    public Sink<KpiRow> kpiWindow() {
        return kpis(KpiRowStatement.overall());
    }

    public Sink<KpiRow> kpiWindowDim() {
        return kpis(KpiRowStatement.byDimension());
    }

    public Sink<ShopEvent> rawEvents() {
        return insert(RawEventStatement.SQL, new RawEventStatement());
    }

    private Sink<KpiRow> kpis(KpiRowStatement statement) {
        return insert(statement.sql(), statement);
    }

    /**
     * A sink running {@code sql}, an insert with one parameter per column, batched; an outage of
     * ClickHouse fails and restarts the job, never its TaskManager ({@link OutageTolerantSink}).
     */
    public <T> Sink<T> insert(String sql, JdbcStatementBuilder<T> statement) {
        return new OutageTolerantSink<>(
                JdbcSink.<T>builder()
                        .withExecutionOptions(execution)
                        .withQueryStatement(sql, verbatim(statement))
                        .buildAtLeastOnce(options.jdbcConnectionOptions()));
    }

    /**
     * Binds with JDBC escape processing off. clickhouse-jdbc inlines bound values into the SQL text
     * and then rewrites escapes such as {@code {fn now()}} anywhere in it, values included; data
     * must reach ClickHouse as it was sent.
     */
    private static <T> JdbcStatementBuilder<T> verbatim(JdbcStatementBuilder<T> statement) {
        return (ps, row) -> {
            ps.setEscapeProcessing(false);
            statement.accept(ps, row);
        };
    }
}
