package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.clickhouse.ClickHouseOptions;
import com.shoppulse.clickhouse.SchemaMigrator;
import com.shoppulse.kpi.Kpi;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The KPIs as {@link Kpi} defines them against what {@code sql/} makes of them on a real server:
 * every KPI table and view has a column for each KPI, of the type its kind asks for, and no KPI
 * column that {@link Kpi} does not know. A KPI added in Java but not in a migration (or the other
 * way round) fails here, not in a dashboard.
 */
class KpiSchemaIT {
    /** The columns of the KPI tables and views that say which window and slice a row is. */
    private static final Set<String> NOT_KPIS =
            Set.of(
                    "window_seconds",
                    "window_start",
                    "window_end",
                    "dimension",
                    "dimension_value",
                    "version",
                    "updated_at",
                    "day",
                    "hour",
                    "minute",
                    // kpi_daily's name for active_users, which dashboards have read since V003.
                    "dau");

    private static String database;

    @BeforeAll
    static void migrate() throws Exception {
        database = TestServices.migratedDatabase("kpischema").database();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kpi_window",
                "kpi_window_dim",
                "kpi_daily",
                "kpi_hourly",
                "kpi_minutely",
                "kpi_daily_by_dimension",
                "kpi_all_windows"
            })
    void hasEveryKpiWithTheTypeOfItsKind(String table) throws Exception {
        Map<String, String> kpiColumns = new LinkedHashMap<>();
        for (Map.Entry<String, String> column : columns(table).entrySet()) {
            if (!NOT_KPIS.contains(column.getKey())) {
                kpiColumns.put(column.getKey(), column.getValue());
            }
        }

        Map<String, String> expected =
                Arrays.stream(Kpi.values())
                        .collect(
                                Collectors.toMap(
                                        Kpi::column,
                                        k -> k.kind().clickHouseType(),
                                        (a, b) -> a,
                                        LinkedHashMap::new));
        assertThat(kpiColumns).as("KPI columns of %s", table).isEqualTo(expected);
    }

    @Test
    void aKpiThatAnOlderSchemaLacksIsAddedToTheTablesAndViews() throws Exception {
        ClickHouseOptions options = TestServices.migratedDatabase("kpischema_older");
        String older = options.database();
        // The schema of a release before ARPPU: no column, and its repeatable script recorded.
        try (Connection db = options.connect(older);
                Statement statement = db.createStatement()) {
            statement.execute("ALTER TABLE kpi_window DROP COLUMN arppu");
            statement.execute("ALTER TABLE kpi_window_dim DROP COLUMN arppu");
            statement.execute(
                    "ALTER TABLE schema_migrations DELETE WHERE version LIKE 'R__%'"
                            + " SETTINGS mutations_sync = 1");
        }
        assertThat(columns(older, "kpi_window")).doesNotContainKey("arppu");

        assertThat(SchemaMigrator.migrate(options))
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("R__kpi_columns_and_views@");

        for (String table : new String[] {"kpi_window", "kpi_window_dim", "kpi_all_windows"}) {
            assertThat(columns(older, table)).containsEntry("arppu", "Decimal(18, 2)");
        }
        assertThat(SchemaMigrator.migrate(options)).as("a second run").isEmpty();
    }

    private static Map<String, String> columns(String table) throws Exception {
        return columns(database, table);
    }

    private static Map<String, String> columns(String database, String table) throws Exception {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Connection db =
                        new ClickHouseOptions(TestServices.clickHouse(), "default", "", database)
                                .connect(database);
                Statement statement = db.createStatement();
                ResultSet rows =
                        statement.executeQuery(
                                "SELECT name, type FROM system.columns WHERE database = '"
                                        + database
                                        + "' AND table = '"
                                        + table
                                        + "' ORDER BY position")) {
            while (rows.next()) {
                columns.put(rows.getString(1), rows.getString(2));
            }
        }
        assertThat(columns).as("columns of %s", table).isNotEmpty();
        return columns;
    }
}
