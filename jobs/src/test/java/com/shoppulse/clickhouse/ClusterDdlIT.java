package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.it.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * The cluster form of sql/ against the real ClickHouse's own parser ({@code formatQuery}): every
 * statement is valid ClickHouse SQL and keeps its {@code ON CLUSTER}. The test server is one node
 * (embedded ClickHouse refuses {@code ON CLUSTER} DDL and has no Keeper), so the statements are
 * parsed here, not run on a cluster.
 */
class ClusterDdlIT {
    @Test
    void everyStatementIsValidClickHouseSql() throws Exception {
        ClickHouseOptions server =
                new ClickHouseOptions(TestServices.clickHouse(), "default", "", "default");
        try (Connection connection = server.connect(null);
                PreparedStatement format = connection.prepareStatement("SELECT formatQuery(?)")) {
            for (String sql : ClusterDdlTest.clusterStatements()) {
                format.setString(1, sql);
                try (ResultSet formatted = format.executeQuery()) {
                    assertThat(formatted.next()).isTrue();
                    String text = formatted.getString(1);
                    if (sql.startsWith("CREATE")) {
                        assertThat(text).as(sql).contains("ON CLUSTER shop");
                    }
                }
            }
        }
    }
}
