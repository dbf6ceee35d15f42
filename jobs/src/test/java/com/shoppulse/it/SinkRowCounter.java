package com.shoppulse.it;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Counts the rows that reached the sinks of the Flink jobs run in this JVM: a metrics reporter that
 * keeps the {@code numRecordsIn} counter of every sink's writer (the operator Flink names "NAME:
 * Writer"). For sinks that keep nothing to count afterwards, like Flink SQL's blackhole connector.
 * {@link #install} adds it to a local environment's configuration.
 */
public final class SinkRowCounter implements MetricReporter {
    private static final String NAME = "sink-row-counter";

    /** Each sink subtask's counter, by its operator and subtask. */
    private static final Map<String, Counter> SINK_INPUTS = new ConcurrentHashMap<>();

    /** Adds the counter to {@code conf}, forgetting the sinks of jobs run before in this JVM. */
    public static void install(Configuration conf) {
        SINK_INPUTS.clear();
        conf.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    }

    /** Rows that reached a sink so far, over all sinks and subtasks. */
    public static long rows() {
        return SINK_INPUTS.values().stream().mapToLong(Counter::getCount).sum();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        Map<String, String> variables = group.getAllVariables();
        String operator = variables.get("<operator_name>");
        if (metricName.equals("numRecordsIn") && metric instanceof Counter && operator != null) {
            if (operator.endsWith(": Writer")) {
                SINK_INPUTS.put(
                        operator + "#" + variables.get("<subtask_index>"), (Counter) metric);
            }
        }
    }

    // The counters outlive their tasks here: read once the job has ended.
    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {}

    /** Found by Flink through META-INF/services. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new SinkRowCounter();
        }
    }
}
