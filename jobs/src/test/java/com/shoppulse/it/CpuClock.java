package com.shoppulse.it;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Wall time and CPU time over one measured run: of this JVM, and of the ClickHouse server and the
 * Kafka broker whose process ids the variables {@code BENCH_CLICKHOUSE_PID} and {@code
 * BENCH_KAFKA_PID} give ({@code ./bench/run.sh} sets them for the servers it starts). On a machine
 * where all three share the cores, events per second alone hide who spent them: the CPU time shows
 * what a system costs the machine per event, its servers' work included.
 */
final class CpuClock {
    /** Linux reports a process's CPU time in {@code /proc/PID/stat} in these ticks a second. */
    private static final double TICKS_PER_SECOND = 100;

    /**
     * What one run spent; a CPU time is -1 where unknown (no such variable, or not Linux).
     *
     * @param seconds wall time
     * @param jvm CPU seconds of this JVM
     * @param clickHouse CPU seconds of the ClickHouse server
     * @param kafka CPU seconds of the Kafka broker
     */
    record Reading(double seconds, double jvm, double clickHouse, double kafka) {
        /** CPU seconds of the three together, the unknown ones left out. */
        double total() {
            return Math.max(jvm, 0) + Math.max(clickHouse, 0) + Math.max(kafka, 0);
        }
    }

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final String clickHousePid;
    private final String kafkaPid;
    private final long startNanos;
    private final long jvmStart;
    private final double clickHouseStart;
    private final double kafkaStart;

    private CpuClock(String clickHousePid, String kafkaPid) {
        this.clickHousePid = clickHousePid;
        this.kafkaPid = kafkaPid;
        jvmStart = OS.getProcessCpuTime();
        clickHouseStart = cpuSeconds(clickHousePid);
        kafkaStart = cpuSeconds(kafkaPid);
        startNanos = System.nanoTime();
    }

    /** Starts counting, for the servers the environment names. */
    static CpuClock start() {
        return start(System.getenv("BENCH_CLICKHOUSE_PID"), System.getenv("BENCH_KAFKA_PID"));
    }

    /** Starts counting, for the servers of these process ids (null: unknown). */
    static CpuClock start(String clickHousePid, String kafkaPid) {
        return new CpuClock(clickHousePid, kafkaPid);
    }

    /** What was spent since {@link #start}. */
    Reading read() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new Reading(
                seconds,
                (OS.getProcessCpuTime() - jvmStart) / 1e9,
                since(clickHouseStart, cpuSeconds(clickHousePid)),
                since(kafkaStart, cpuSeconds(kafkaPid)));
    }

    private static double since(double start, double now) {
        return start < 0 || now < 0 ? -1 : now - start;
    }

    /** User and system CPU seconds of a process so far; -1 if unknown. */
    private static double cpuSeconds(String pid) {
        if (pid == null || pid.isBlank()) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid.strip(), "stat"));
            // The command name, field 2, is in parentheses and may hold spaces: count after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
