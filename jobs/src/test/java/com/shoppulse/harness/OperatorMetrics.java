package com.shoppulse.harness;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * The metrics an operator in a test harness registers, as a cluster's reporter would see them. A
 * harness on its default environment throws every metric away, so without this no test could tell a
 * counter that counts from one that stays at 0. Close it after the harness: a harness closes only
 * an environment it made itself.
 */
public final class OperatorMetrics implements AutoCloseable {
    private static final char DELIMITER = '.';

    /** As much managed memory as a harness on its default environment has: RocksDB needs some. */
    private static final long MANAGED_MEMORY_BYTES = 3 * 1024 * 1024;

    private final Map<String, Metric> byIdentifier = new ConcurrentHashMap<>();
    private final MockEnvironment environment;

    /** For a harness of one subtask, of an operator with the given maximum parallelism. */
    public OperatorMetrics(int maxParallelism) {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setDelimiter(DELIMITER)
                        .setNumberReporters(1)
                        .setRegisterConsumer(
                                (metric, name, group) ->
                                        byIdentifier.put(group.getMetricIdentifier(name), metric))
                        .build();
        environment =
                new MockEnvironmentBuilder()
                        .setMaxParallelism(maxParallelism)
                        .setManagedMemorySize(MANAGED_MEMORY_BYTES)
                        .setMetricGroup(
                                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                                registry, "localhost", ResourceID.generate())
                                        .addJob(new JobID(), "test")
                                        .addTask(ExecutionAttemptID.randomId(), "test"))
                        .build();
    }

    /** The environment to build the harness with. */
    public MockEnvironment environment() {
        return environment;
    }

    /**
     * The count of the counter the operator registered under {@code path}, its name below the
     * operator's group: {@code eventsIn}, or {@code eventsRejected.reason.late.count} for one in
     * nested groups.
     */
    public long count(String path) {
        List<Metric> found =
                byIdentifier.entrySet().stream()
                        .filter(e -> e.getKey().endsWith(DELIMITER + path))
                        .map(Map.Entry::getValue)
                        .toList();
        if (found.size() != 1) {
            throw new AssertionError(
                    found.size() + " metrics end with " + path + ", of " + byIdentifier.keySet());
        }
        return ((Counter) found.get(0)).getCount();
    }

    @Override
    public void close() throws Exception {
        environment.close();
    }
}
