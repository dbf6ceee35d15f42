package com.shoppulse.metrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Counts contributions {@link WindowTotals} found late although {@link
 * com.shoppulse.ingest.LateEventFilter} let their event through. It should stay at zero; a non-zero
 * {@code contributionsDroppedLate} means the two disagree about lateness, which a person must look
 * into, so it is visible as a metric rather than silently lost.
 */
final class CountUnexpectedLate extends RichMapFunction<KpiPartial, KpiPartial> {
    private static final long serialVersionUID = 1L;
    private transient Counter dropped;

    @Override
    public void open(OpenContext openContext) {
        dropped = getRuntimeContext().getMetricGroup().counter("contributionsDroppedLate");
    }

    @Override
    public KpiPartial map(KpiPartial partial) {
        dropped.inc(partial.totals.contributions);
        return partial;
    }
}
