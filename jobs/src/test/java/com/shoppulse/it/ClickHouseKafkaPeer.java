package com.shoppulse.it;

import com.shoppulse.clickhouse.ClickHouseOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Runs ClickHouse's own peer of the metrics job ({@code bench/clickhouse-kafka-peer.sql}: the Kafka
 * table engine and a materialized view) over everything a topic holds now, in the ClickHouse server
 * of the tests, and waits until the view has aggregated every record.
 */
final class ClickHouseKafkaPeer {
    /** The longest the view may go without aggregating another record before the run fails. */
    private static final long STALL_NANOS = 120_000_000_000L;

    /**
     * @param spent from the first statement until the view had aggregated every record
     * @param rows rows in the target table at that moment (partial states, not yet merged)
     * @param kpiRows the rows a reader sees: one per hour and dimension value
     */
    record Run(String database, long records, CpuClock.Reading spent, long rows, long kpiRows) {}

    private ClickHouseKafkaPeer() {}

    static Run over(String topic, Path sqlFile) throws Exception {
        long records = TestServices.recordsIn(topic);
        String database = TestServices.uniqueName("clickhouse_kafka_peer");
        Map<String, String> values =
                Map.of(
                        "database", database,
                        "bootstrap_servers", TestServices.kafka(),
                        "topic", topic,
                        "group_id", database);
        try (Connection db = connect(null);
                Statement statement = db.createStatement()) {
            CpuClock clock = CpuClock.start();
            for (String sql : SqlScript.statements(sqlFile, values)) {
                statement.execute(sql);
            }
            long read = 0;
            long progress = System.nanoTime();
            while (read < records) {
                Thread.sleep(100);
                long now =
                        single(
                                statement,
                                "SELECT sum(events) FROM "
                                        + database
                                        + ".kpi_hourly WHERE dimension = 'all'");
                if (now > read) {
                    read = now;
                    progress = System.nanoTime();
                } else if (System.nanoTime() - progress > STALL_NANOS) {
                    throw new IllegalStateException(
                            "ClickHouse's Kafka engine read "
                                    + read
                                    + " of "
                                    + records
                                    + " records and then nothing for 120 s; see the server's"
                                    + " log");
                }
            }
            CpuClock.Reading spent = clock.read();
            // Stops the consumers, which would otherwise poll the topic for ever.
            statement.execute("DROP TABLE " + database + ".kpi_hourly_mv SYNC");
            statement.execute("DROP TABLE " + database + ".events_queue SYNC");
            if (read != records) {
                throw new IllegalStateException(
                        "ClickHouse's Kafka engine read " + read + " of " + records + " records");
            }
            long rows = single(statement, "SELECT count() FROM " + database + ".kpi_hourly");
            long kpiRows =
                    single(
                            statement,
                            "SELECT uniqExact(window_start, dimension, dimension_value) FROM "
                                    + database
                                    + ".kpi_hourly");
            return new Run(database, records, spent, rows, kpiRows);
        }
    }

    /** Of {@code rows} hourly KPI rows (overall and per city), {@code differing} differ. */
    record Agreement(long rows, long differing) {}

    /**
     * How this peer's hourly KPIs agree with the metrics job's in {@code metricsDatabase}, row by
     * row; the topic must hold neither duplicates nor late events, or the metrics job would rightly
     * count less.
     */
    static Agreement agreement(Run run, String metricsDatabase) throws SQLException {
        String sql =
                "SELECT count(), countIf(NOT (m.active_users = p.active_users"
                        + " AND m.orders = p.orders AND m.revenue = p.revenue"
                        + " AND m.views = p.views))"
                        + " FROM (SELECT 'all' AS dimension, 'all' AS dimension_value,"
                        + " window_start, active_users, orders, revenue, views"
                        + " FROM {m}.kpi_window FINAL WHERE window_seconds = 3600"
                        + " UNION ALL SELECT toString(dimension), dimension_value,"
                        + " window_start, active_users, orders, revenue, views"
                        + " FROM {m}.kpi_window_dim FINAL"
                        + " WHERE window_seconds = 3600 AND dimension = 'city') AS m"
                        + " FULL OUTER JOIN (SELECT toString(dimension) AS dimension,"
                        + " dimension_value, window_start,"
                        + " uniqExactMerge(active_users) AS active_users, sum(orders) AS orders,"
                        + " sum(revenue) AS revenue, sum(views) AS views FROM {p}.kpi_hourly"
                        + " GROUP BY dimension, dimension_value, window_start) AS p"
                        + " USING (dimension, dimension_value, window_start)";
        try (Connection db = connect(null);
                Statement statement = db.createStatement();
                ResultSet rs =
                        statement.executeQuery(
                                sql.replace("{m}", metricsDatabase)
                                        .replace("{p}", run.database()))) {
            rs.next();
            return new Agreement(rs.getLong(1), rs.getLong(2));
        }
    }

    private static Connection connect(String database) throws SQLException {
        return new ClickHouseOptions(TestServices.clickHouse(), "default", "", database)
                .connect(database);
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
