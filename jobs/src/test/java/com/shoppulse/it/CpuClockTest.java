package com.shoppulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuClockTest {
    @Test
    void readsAProcessCpuTimeFromProcAsTheJvmCountsItsOwn() {
        assumeThat(Files.exists(Path.of("/proc/self/stat"))).as("Linux").isTrue();
        String self = Long.toString(ProcessHandle.current().pid());
        CpuClock clock = CpuClock.start(self, "no-such-process");

        burnCpuMillis(400);
        CpuClock.Reading spent = clock.read();

        assertThat(spent.jvm()).isGreaterThanOrEqualTo(0.4);
        // The same process counted twice: /proc in ticks of 10 ms, the JVM in nanoseconds.
        assertThat(spent.clickHouse()).isBetween(spent.jvm() - 0.1, spent.jvm() + 0.1);
        assertThat(spent.kafka()).isEqualTo(-1);
        assertThat(spent.total()).isEqualTo(spent.jvm() + spent.clickHouse());
    }

    private static void burnCpuMillis(long millis) {
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long until = os.getProcessCpuTime() + millis * 1_000_000;
        double sink = 0;
        while (os.getProcessCpuTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                sink += Math.sqrt(i + sink);
            }
        }
        assertThat(sink).isPositive();
    }
}
