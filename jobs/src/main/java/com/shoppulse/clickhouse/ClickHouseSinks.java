package com.shoppulse.clickhouse;

import com.shoppulse.events.ShopEvent;
import com.shoppulse.metrics.KpiRow;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The job's ClickHouse sinks: batched JDBC inserts, flushed on every checkpoint (at least once).
 * Replays are harmless because the tables replace rows by key (see {@code sql/}).
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
        return JdbcSink.<ShopEvent>builder()
                .withExecutionOptions(execution)
                .withQueryStatement(RawEventStatement.SQL, new RawEventStatement())
                .buildAtLeastOnce(options.jdbcConnectionOptions());
    }

    private Sink<KpiRow> kpis(KpiRowStatement statement) {
        return JdbcSink.<KpiRow>builder()
                .withExecutionOptions(execution)
                .withQueryStatement(statement.sql(), statement)
                .buildAtLeastOnce(options.jdbcConnectionOptions());
    }
}
