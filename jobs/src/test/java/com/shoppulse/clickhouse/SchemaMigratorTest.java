package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
    @Test
    void findsTheMigrationsInVersionOrder() throws Exception {
        assertThat(SchemaMigrator.migrations())
                .extracting(Map.Entry::getKey)
                .startsWith("V001__kpi_tables", "V002__events_raw", "V003__views")
                .isSorted();
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
