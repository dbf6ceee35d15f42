package com.shoppulse.metrics;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Merges the {@link KpiPartial}s of a window into the window's {@link KpiAccumulator}: the function
 * of Flink's window operator, which kept the job's windows until 2026-12. {@link WindowTotals}
 * names it in the descriptor of that operator's state, to read windows from older savepoints.
 */
public final class KpiAggregate
        implements AggregateFunction<KpiPartial, KpiAccumulator, KpiAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public KpiAccumulator createAccumulator() {
        return new KpiAccumulator();
    }

    @Override
    public KpiAccumulator add(KpiPartial partial, KpiAccumulator acc) {
        acc.merge(partial.totals);
        return acc;
    }

    @Override
    public KpiAccumulator getResult(KpiAccumulator acc) {
        return acc;
    }

    @Override
    public KpiAccumulator merge(KpiAccumulator a, KpiAccumulator b) {
        a.merge(b);
        return a;
    }
}
