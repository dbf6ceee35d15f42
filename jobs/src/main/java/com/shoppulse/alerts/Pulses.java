package com.shoppulse.alerts;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes at most one arrival per {@code periodMillis} of processing time per subtask, so that the
 * single-keyed {@link NoDataDetector} sees a trickle, not the whole event stream.
 */
public final class Pulses<T> extends ProcessFunction<T, Long> {
    private static final long serialVersionUID = 1L;

    private final long periodMillis;
    private transient long lastEmitted = Long.MIN_VALUE;

    public Pulses(long periodMillis) {
        this.periodMillis = periodMillis;
    }

    @Override
    public void processElement(T value, Context ctx, Collector<Long> out) {
        long now = ctx.timerService().currentProcessingTime();
        if (lastEmitted == Long.MIN_VALUE || now - lastEmitted >= periodMillis) {
            lastEmitted = now;
            out.collect(now);
        }
    }
}
