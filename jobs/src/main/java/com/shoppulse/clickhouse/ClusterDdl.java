package com.shoppulse.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster form of the single-server DDL in {@code sql/}, for {@code --clickhouse-cluster}:
 *
 * <ul>
 *   <li>every {@code CREATE} runs {@code ON CLUSTER}, so that it reaches every node;
 *   <li>a table {@code t} becomes {@code t_local} with the replicated twin of its engine, at {@code
 *       /clickhouse/tables/{shard}/<database>/t_local}, replica {@code {replica}}, and {@code t}
 *       becomes a {@code Distributed} table over it, so that the jobs' inserts, the views and the
 *       dashboards keep their names;
 *   <li>rows are sharded by a hash of the table's {@code ORDER BY} key: the rows that replace one
 *       another share that key, so they meet on one shard, where {@code FINAL} merges them;
 *   <li>a materialized view reads and writes the {@code _local} tables, so that each shard derives
 *       from its own rows (aggregate states merge exactly across shards when read);
 *   <li>an {@code ALTER TABLE} of such a table alters the {@code _local} table and then the
 *       Distributed one, on the cluster; a {@code MODIFY ORDER BY}, the last of its clauses, only
 *       the {@code _local} one, as a Distributed table has no sorting key (its sharding key stays:
 *       rows that replace one another still share it, a sorting key only ever growing);
 *   <li>an {@code INSERT} runs once, through the Distributed tables.
 * </ul>
 *
 * A statement of another form fails the migration, so that a new kind of migration cannot reach a
 * cluster untranslated.
 */
final class ClusterDdl {
    static final String LOCAL = "_local";

    private static final Pattern TABLE =
            Pattern.compile(
                    "CREATE TABLE IF NOT EXISTS (\\w+)\\s*(\\(.*\\))\\s*ENGINE\\s*=\\s*(\\w+)"
                            + "(?:\\(([^)]*)\\))?(.*)",
                    Pattern.DOTALL);
    private static final Pattern ORDER_BY =
            Pattern.compile("ORDER BY\\s+(.+?)\\s*(?:SETTINGS\\b.*)?$", Pattern.DOTALL);
    private static final Pattern VIEW =
            Pattern.compile("CREATE OR REPLACE VIEW (\\w+)\\s+(AS\\s.*)", Pattern.DOTALL);
    private static final Pattern MATERIALIZED_VIEW =
            Pattern.compile(
                    "CREATE MATERIALIZED VIEW IF NOT EXISTS (\\w+)\\s+TO\\s+(\\w+)\\s+(AS\\s.*)",
                    Pattern.DOTALL);
    private static final Pattern FROM = Pattern.compile("\\bFROM\\s+(\\w+)\\b");
    private static final Pattern ALTER =
            Pattern.compile("ALTER TABLE (\\w+)\\s+(.*)", Pattern.DOTALL);
    private static final Pattern MODIFY_ORDER_BY =
            Pattern.compile(",\\s*MODIFY ORDER BY\\s.*$", Pattern.DOTALL);

    private final String cluster;
    private final String database;

    /**
     * The tables created so far, whose names a materialized view must turn into their _local ones.
     */
    private final Set<String> tables;

    ClusterDdl(String cluster, String database, Set<String> tables) {
        this.cluster = cluster;
        this.database = database;
        this.tables = tables;
    }

    static String createDatabase(String database, String cluster) {
        return "CREATE DATABASE IF NOT EXISTS `" + database + "` ON CLUSTER `" + cluster + "`";
    }

    /** The migrations' own bookkeeping: one table replicated to every node, not sharded. */
    String migrationsTable() {
        return "CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER `"
                + cluster
                + "` (version String, applied_at DateTime DEFAULT now()) ENGINE ="
                + " ReplicatedReplacingMergeTree('/clickhouse/tables/"
                + database
                + "/schema_migrations', '{replica}') ORDER BY version";
    }

    /** The statements that stand for {@code statement} on the cluster. */
    List<String> translate(String statement) {
        Matcher table = TABLE.matcher(statement);
        if (table.matches()) {
            return table(table);
        }
        Matcher view = VIEW.matcher(statement);
        if (view.matches()) {
            return List.of("CREATE OR REPLACE VIEW " + view.group(1) + onCluster() + view.group(2));
        }
        Matcher materialized = MATERIALIZED_VIEW.matcher(statement);
        if (materialized.matches()) {
            String select =
                    FROM.matcher(materialized.group(3))
                            .replaceAll(
                                    from ->
                                            tables.contains(from.group(1))
                                                    ? "FROM " + from.group(1) + LOCAL
                                                    : from.group());
            return List.of(
                    "CREATE MATERIALIZED VIEW IF NOT EXISTS "
                            + materialized.group(1)
                            + onCluster()
                            + "TO "
                            + materialized.group(2)
                            + LOCAL
                            + " "
                            + select);
        }
        Matcher alter = ALTER.matcher(statement);
        if (alter.matches() && tables.contains(alter.group(1))) {
            return List.of(
                    "ALTER TABLE " + alter.group(1) + LOCAL + onCluster() + alter.group(2),
                    "ALTER TABLE "
                            + alter.group(1)
                            + onCluster()
                            + MODIFY_ORDER_BY.matcher(alter.group(2)).replaceFirst(""));
        }
        if (statement.startsWith("INSERT INTO ")) {
            return List.of(statement);
        }
        throw new IllegalStateException(
                "no cluster form is known for this statement; extend ClusterDdl: "
                        + statement.substring(0, Math.min(statement.length(), 80)));
    }

    private List<String> table(Matcher table) {
        String name = table.group(1);
        String local = name + LOCAL;
        String args =
                table.group(4) == null || table.group(4).isBlank() ? "" : ", " + table.group(4);
        String rest = table.group(5).strip();
        Matcher orderBy = ORDER_BY.matcher(rest);
        if (!orderBy.find()) {
            throw new IllegalStateException("table " + name + " has no ORDER BY to shard by");
        }
        String key = orderBy.group(1).strip();
        if (key.startsWith("(") && key.endsWith(")")) {
            key = key.substring(1, key.length() - 1);
        }
        tables.add(name);
        List<String> statements = new ArrayList<>();
        statements.add(
                "CREATE TABLE IF NOT EXISTS "
                        + local
                        + onCluster()
                        + table.group(2)
                        + " ENGINE = Replicated"
                        + table.group(3)
                        + "('/clickhouse/tables/{shard}/"
                        + database
                        + "/"
                        + local
                        + "', '{replica}'"
                        + args
                        + ") "
                        + rest);
        statements.add(
                "CREATE TABLE IF NOT EXISTS "
                        + name
                        + onCluster()
                        + "AS "
                        + local
                        + " ENGINE = Distributed(`"
                        + cluster
                        + "`, `"
                        + database
                        + "`, "
                        + local
                        + ", cityHash64("
                        + key
                        + "))");
        return statements;
    }

    private String onCluster() {
        return " ON CLUSTER `" + cluster + "` ";
    }
}
