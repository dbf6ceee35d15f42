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

    /**
     * {@code events_raw}, flushed at least every {@code flushInterval}, which may be longer than
     * the KPI tables': ClickHouse pays for every insert, and nothing live waits for these rows.
     */
    public ClickHouseTable<ShopEvent> rawEvents(Duration flushInterval) {
        return insert("events_raw", new RawEventStatement(), flushInterval);
    }

    /**
     * KPI rows come in bursts, when a watermark closes windows, and the watermark follows the
     * burst: sending it then stores a window's rows as soon as it closes, in one insert, where the
     * flush interval would hold them back for up to its length (but see {@link
     * ClickHouseWriter#processWatermark}).
     */
    private ClickHouseTable<KpiRow> kpis(KpiRowStatement statement) {
        return new ClickHouseTable<>(
                options, statement.table(), statement, batchSize, flushInterval, true);
    }

    /** {@code table}, its rows written as {@code format} says. */
    public <T> ClickHouseTable<T> insert(String table, RowFormat<T, ?> format) {
        return insert(table, format, flushInterval);
    }

    private <T> ClickHouseTable<T> insert(
            String table, RowFormat<T, ?> format, Duration flushInterval) {
        return new ClickHouseTable<>(options, table, format, batchSize, flushInterval, false);
    }
}
