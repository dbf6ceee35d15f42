package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cluster form of every migration in sql/, statement by statement. */
class ClusterDdlTest {
    /** Every statement of every migration, in order, in its cluster form for cluster "shop". */
    static List<String> clusterStatements() throws Exception {
        Optional<ClusterDdl> cluster =
                Optional.of(new ClusterDdl("shop", "shop_analytics", new HashSet<>()));
        List<String> all = new ArrayList<>();
        for (Map.Entry<String, String> migration : SchemaMigrator.migrations()) {
            all.addAll(SchemaMigrator.statements(migration.getValue(), cluster));
        }
        return all;
    }

    @Test
    void everyCreateRunsOnTheCluster() throws Exception {
        assertThat(clusterStatements())
                .filteredOn(sql -> sql.startsWith("CREATE"))
                .isNotEmpty()
                .allMatch(sql -> sql.contains(" ON CLUSTER `shop` "));
    }

    @Test
    void aTableBecomesAReplicatedLocalTableAndADistributedOneShardedByItsKey() throws Exception {
        List<String> all = clusterStatements();

        assertThat(all)
                .anySatisfy(
                        sql ->
                                assertThat(sql)
                                        .startsWith(
                                                "CREATE TABLE IF NOT EXISTS kpi_window_local ON"
                                                        + " CLUSTER `shop` (")
                                        .contains(
                                                "ENGINE = ReplicatedReplacingMergeTree("
                                                        + "'/clickhouse/tables/{shard}/shop_analytics/"
                                                        + "kpi_window_local', '{replica}', version)")
                                        .contains("ORDER BY (window_seconds, window_start)"))
                .anySatisfy(
                        sql ->
                                assertThat(sql)
                                        .isEqualTo(
                                                "CREATE TABLE IF NOT EXISTS kpi_window ON CLUSTER"
                                                        + " `shop` AS kpi_window_local ENGINE ="
                                                        + " Distributed(`shop`, `shop_analytics`,"
                                                        + " kpi_window_local,"
                                                        + " cityHash64(window_seconds,"
                                                        + " window_start))"))
                .anySatisfy(
                        sql ->
                                assertThat(sql)
                                        .contains("events_raw_local ON CLUSTER `shop` (")
                                        .contains(
                                                "ReplicatedReplacingMergeTree('/clickhouse/tables/"
                                                        + "{shard}/shop_analytics/events_raw_local',"
                                                        + " '{replica}')"))
                .anySatisfy(
                        sql ->
                                assertThat(sql)
                                        .contains("user_activity_daily_local ON CLUSTER `shop` (")
                                        .contains("ENGINE = ReplicatedAggregatingMergeTree("));
        for (String table :
                List.of(
                        "kpi_window",
                        "kpi_window_dim",
                        "events_raw",
                        "alert_log",
                        "user_activity_daily",
                        "report_log")) {
            assertThat(all)
                    .as(table)
                    .anyMatch(
                            sql ->
                                    sql.startsWith(
                                                    "CREATE TABLE IF NOT EXISTS "
                                                            + table
                                                            + " ON CLUSTER `shop` AS "
                                                            + table
                                                            + "_local ENGINE = Distributed(")
                                            && sql.contains("cityHash64("));
        }
    }

    @Test
    void theMaterializedViewReadsAndWritesTheShardsOwnTables() throws Exception {
        assertThat(clusterStatements())
                .filteredOn(sql -> sql.startsWith("CREATE MATERIALIZED VIEW"))
                .singleElement()
                .satisfies(
                        sql ->
                                assertThat(sql)
                                        .contains(
                                                "user_activity_daily_mv ON CLUSTER `shop` TO"
                                                        + " user_activity_daily_local AS")
                                        .contains("FROM events_raw_local")
                                        .doesNotContain("FROM events_raw\n"));
    }

    @Test
    void viewsAndInsertsKeepTheDistributedNames() throws Exception {
        assertThat(clusterStatements())
                .anyMatch(
                        sql ->
                                sql.startsWith(
                                                "CREATE OR REPLACE VIEW kpi_daily ON CLUSTER `shop` AS")
                                        && sql.contains("FROM kpi_window FINAL"))
                .anyMatch(
                        sql ->
                                sql.startsWith("INSERT INTO user_activity_daily")
                                        && sql.contains("FROM events_raw"));
    }

    @Test
    void aKpiColumnIsAddedToTheShardsTablesAndThenToTheDistributedOnes() throws Exception {
        assertThat(clusterStatements())
                .filteredOn(sql -> sql.startsWith("ALTER TABLE kpi_window"))
                .extracting(sql -> sql.substring(0, sql.indexOf("ADD COLUMN ")))
                .containsExactly(
                        "ALTER TABLE kpi_window_local ON CLUSTER `shop` ",
                        "ALTER TABLE kpi_window ON CLUSTER `shop` ",
                        "ALTER TABLE kpi_window_dim_local ON CLUSTER `shop` ",
                        "ALTER TABLE kpi_window_dim ON CLUSTER `shop` ");
    }

    @Test
    void aSortingKeyChangesOnTheShardsTablesOnly() throws Exception {
        List<String> alters =
                clusterStatements().stream()
                        .filter(sql -> sql.startsWith("ALTER TABLE events_raw"))
                        .toList();

        assertThat(alters).hasSize(2);
        assertThat(alters.get(0))
                .startsWith("ALTER TABLE events_raw_local ON CLUSTER `shop` ADD COLUMN")
                .endsWith("MODIFY ORDER BY (toDate(event_time), dedup_key, dedup_user)");
        assertThat(alters.get(1))
                .startsWith("ALTER TABLE events_raw ON CLUSTER `shop` ADD COLUMN")
                .endsWith("(empty before V008)'")
                .doesNotContain("ORDER BY");
    }

    @Test
    void theClusterIsAnOptionOfItsOwnAndNamesARemoteServersEntry() {
        assertThat(options().cluster()).isEmpty();
        assertThat(options("--clickhouse-cluster", "shop_1").cluster()).contains("shop_1");
        assertThatThrownBy(() -> options("--clickhouse-cluster", "shop`; DROP"))
                .hasMessageContaining("option --clickhouse-cluster must be a cluster name");
    }

    private static ClickHouseOptions options(String... args) {
        return ClickHouseOptions.fromOptions(SchemaMigrator.OPTIONS.parse(args));
    }

    @Test
    void aStatementOfAnUnknownFormStopsTheMigration() {
        ClusterDdl cluster = new ClusterDdl("shop", "db", new HashSet<>());

        assertThatThrownBy(() -> cluster.translate("RENAME TABLE kpi_window TO kpis"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no cluster form is known");
    }
}
