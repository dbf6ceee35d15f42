package com.shoppulse.clickhouse;

import com.shoppulse.ingest.DeadLetter;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * One ClickHouse table as a destination of a stream: its name, how a row is written, and how to
 * batch and retry. {@link #write} adds a {@link ClickHouseWriter}, whose output is the rows the
 * server refused, as dead letters.
 */
public final class ClickHouseTable<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    final ClickHouseOptions options;
    final String table;
    final RowFormat<T, ?> format;
    final int batchSize;
    final long flushIntervalMillis;

    /** Whether a batch is also sent as soon as a watermark arrives behind its rows. */
    final boolean flushOnWatermark;

    ClickHouseTable(
            ClickHouseOptions options,
            String table,
            RowFormat<T, ?> format,
            int batchSize,
            Duration flushInterval,
            boolean flushOnWatermark) {
        this.options = options;
        this.table = table;
        this.format = format;
        this.batchSize = batchSize;
        this.flushIntervalMillis = flushInterval.toMillis();
        this.flushOnWatermark = flushOnWatermark;
    }

    public String table() {
        return table;
    }

    /**
     * Writes {@code rows} into the table, at least once: a checkpoint holds the rows not yet
     * stored, which a restore from it sends again, and replays are harmless because the tables
     * replace rows by key (see {@code sql/}). Returns the rows ClickHouse refused.
     */
    public SingleOutputStreamOperator<DeadLetter> write(DataStream<T> rows, String uid) {
        return rows.transform(table, TypeInformation.of(DeadLetter.class), writer()).uid(uid);
    }

    /** The operator that writes into this table. */
    ClickHouseWriter<T, ?> writer() {
        return ClickHouseWriter.of(this, format);
    }
}
