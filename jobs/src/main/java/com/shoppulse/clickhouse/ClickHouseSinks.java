package com.shoppulse.clickhouse;

import com.shoppulse.events.ShopEvent;
import com.shoppulse.kpi.KpiRow;
import java.time.Duration;

/** The jobs' ClickHouse tables, batched as configured (see {@link ClickHouseWriter}). */
public final class ClickHouseSinks {
    private final ClickHouseOptions options;
    private final int batchSize;
    private final Duration flushInterval;

    public ClickHouseSinks(ClickHouseOptions options, int batchSize, Duration flushInterval) {
        this.options = options;
        this.batchSize = batchSize;
        this.flushInterval = flushInterval;
    }

    public ClickHouseTable<KpiRow> kpiWindow() {
        return kpis(KpiRowStatement.overall());
    }

    public ClickHouseTable<KpiRow> kpiWindowDim() {
        return kpis(KpiRowStatement.byDimension());
    }

    public ClickHouseTable<ShopEvent> rawEvents() {
        return insert("events_raw", new RawEventStatement());
    }

    private ClickHouseTable<KpiRow> kpis(KpiRowStatement statement) {
        return insert(statement.table(), statement);
    }

    /** {@code table}, its rows written as {@code format} says. */
    public <T> ClickHouseTable<T> insert(String table, JsonRow<T> format) {
        return new ClickHouseTable<>(options, table, format, batchSize, flushInterval);
    }
}
