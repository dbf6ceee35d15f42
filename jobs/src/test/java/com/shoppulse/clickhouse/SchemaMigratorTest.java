package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shoppulse.kpi.Kpi;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
    @Test
    void findsTheMigrationsInVersionOrder() throws Exception {
        assertThat(SchemaMigrator.migrations())
                .extracting(Map.Entry::getKey)
                .startsWith("V001__kpi_tables", "V002__events_raw", "V003__views")
                .filteredOn(version -> version.startsWith("V"))
                .isSorted();
    }

    @Test
    void runsTheRepeatableScriptsLastWithEveryKpiFilledIn() throws Exception {
        Map.Entry<String, String> last =
                SchemaMigrator.migrations().get(SchemaMigrator.migrations().size() - 1);

        assertThat(last.getKey()).matches("R__kpi_columns_and_views@[0-9a-f]{12}");
        assertThat(last.getValue())
                .doesNotContain("${")
                .contains(
                        "ALTER TABLE kpi_window ADD COLUMN IF NOT EXISTS active_users UInt64, ",
                        "ADD COLUMN IF NOT EXISTS arppu Decimal(18, 2);",
                        "ADD COLUMN IF NOT EXISTS conversion_rate Float64, ",
                        "AS dau, " + Kpi.columns() + ", updated_at");
    }

    @Test
    void refusesAPlaceholderItDoesNotKnow() {
        assertThatThrownBy(() -> KpiColumns.fill("SELECT ${kpi_colums}"))
                .hasMessageContaining("${kpi_colums}");
    }

    @Test
    void splitsAScriptIntoStatementsWithoutComments() {
        assertThat(
                        SchemaMigrator.statements(
                                "-- a comment; with a semicolon\nCREATE TABLE a (x UInt8)\nENGINE = Memory;\n\n"
                                        + "CREATE VIEW b AS SELECT 1;\n"))
                .containsExactly(
                        "CREATE TABLE a (x UInt8)\nENGINE = Memory", "CREATE VIEW b AS SELECT 1");
    }
}
