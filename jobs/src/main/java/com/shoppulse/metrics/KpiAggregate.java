package com.shoppulse.metrics;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds contributions into a window's {@link KpiAccumulator}, one event at a time. */
public final class KpiAggregate
        implements AggregateFunction<KpiContribution, KpiAccumulator, KpiAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public KpiAccumulator createAccumulator() {
        return new KpiAccumulator();
    }

    @Override
    public KpiAccumulator add(KpiContribution contribution, KpiAccumulator acc) {
        acc.add(contribution);
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
