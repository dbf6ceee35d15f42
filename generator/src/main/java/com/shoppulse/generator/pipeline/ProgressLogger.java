package com.shoppulse.generator.pipeline;

import com.shoppulse.generator.simulation.ShopRecord;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.functions.MapFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes records on and logs, about once an interval of real time, how many have been sent and how
 * fast, so that whoever runs the generator sees it working.
 */
public class ProgressLogger implements MapFunction<ShopRecord, ShopRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLogger.class);

    private final long intervalNanos;
    private long sent;
    private long sentAtLastReport;
    private long lastReportNanos;

    public ProgressLogger(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public ShopRecord map(ShopRecord record) {
        count(System.nanoTime()).ifPresent(LOG::info);
        return record;
    }

    /** Counts one record sent at this time, and returns a report when one is due. */
    Optional<String> count(long nowNanos) {
        if (sent == 0) {
            lastReportNanos = nowNanos;
        }
        sent++;
        long elapsed = nowNanos - lastReportNanos;
        if (elapsed < intervalNanos) {
            return Optional.empty();
        }
        double perSecond = (sent - sentAtLastReport) / (elapsed / 1e9);
        String report =
                String.format(
                        Locale.ROOT,
                        "%d events sent, %.1f events/s over the last %d s",
                        sent,
                        perSecond,
                        Math.round(elapsed / 1e9));
        sentAtLastReport = sent;
        lastReportNanos = nowNanos;
        return Optional.of(report);
    }
}
