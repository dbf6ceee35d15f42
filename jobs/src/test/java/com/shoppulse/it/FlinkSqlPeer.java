package com.shoppulse.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Runs the Flink SQL peer of the metrics job ({@code bench/flink-sql-peer.sql}) over everything a
 * topic holds now, on a local Flink in this JVM, through a TableEnvironment: statement by
 * statement, each job awaited to its end.
 */
final class FlinkSqlPeer {
    /**
     * @param spent from the first statement until the last job ended, planning included
     * @param rows rows that reached the file's sinks
     */
    record Run(long records, CpuClock.Reading spent, long rows) {}

    private static final Pattern SET =
            Pattern.compile("SET\\s+'([^']+)'\\s*=\\s*'([^']*)'", Pattern.CASE_INSENSITIVE);

    private FlinkSqlPeer() {}

    static Run over(String topic, Path sqlFile) throws Exception {
        long records = TestServices.recordsIn(topic);
        Map<String, String> values =
                Map.of(
                        "bootstrap_servers", TestServices.kafka(),
                        "topic", topic,
                        "group_id", TestServices.uniqueName("flink_sql_peer"));
        List<String> statements = SqlScript.statements(sqlFile, values);
        // Checkpoints and state backend as the metrics job's in MetricsJobRun.
        Configuration conf = MetricsJobRun.clusterLike(new Configuration());
        SinkRowCounter.install(conf);
        // A TableEnvironment runs no SET (the SQL client does): the file's SETs, which come
        // first, configure the environment before it is made.
        int first = 0;
        for (; first < statements.size(); first++) {
            Matcher set = SET.matcher(statements.get(first));
            if (!set.matches()) {
                break;
            }
            conf.setString(set.group(1), set.group(2));
        }
        StreamTableEnvironment tables =
                StreamTableEnvironment.create(
                        StreamExecutionEnvironment.getExecutionEnvironment(conf));
        CpuClock clock = CpuClock.start();
        for (String statement : statements.subList(first, statements.size())) {
            if (SET.matcher(statement).matches()) {
                throw new IllegalArgumentException(
                        sqlFile + ": a SET must come before every other statement: " + statement);
            }
            tables.executeSql(statement).await();
        }
        return new Run(records, clock.read(), SinkRowCounter.rows());
    }
}
