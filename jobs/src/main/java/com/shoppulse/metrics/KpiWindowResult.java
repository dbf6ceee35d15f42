package com.shoppulse.metrics;

import com.shoppulse.kpi.KpiRow;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's totals into a {@link KpiRow}. Fires when the window closes and again for every
 * late event within the allowed lateness; each firing carries the complete, updated totals.
 */
public final class KpiWindowResult
        extends ProcessWindowFunction<KpiAccumulator, KpiRow, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private transient Counter windowsEmitted;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        windowsEmitted = getRuntimeContext().getMetricGroup().counter("windowsEmitted");
    }

    @Override
    public void process(
            String key, Context context, Iterable<KpiAccumulator> totals, Collector<KpiRow> out) {
        KpiAccumulator acc = totals.iterator().next();
        KpiRow row = new KpiRow();
        row.dimension = KpiPartial.dimensionOfKey(key).column();
        row.dimensionValue = KpiPartial.valueOfKey(key);
        row.windowSeconds = KpiPartial.windowSecondsOfKey(key);
        row.windowStartMillis = context.window().getStart();
        row.windowEndMillis = context.window().getEnd();
        acc.totalsInto(row);
        windowsEmitted.inc();
        out.collect(row);
    }
}
