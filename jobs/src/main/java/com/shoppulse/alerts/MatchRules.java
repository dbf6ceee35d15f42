package com.shoppulse.alerts;

import com.shoppulse.kpi.Dimension;
import com.shoppulse.kpi.KpiRow;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Pairs each KPI row with the rules that watch its window size and scope. */
public final class MatchRules implements FlatMapFunction<KpiRow, Evaluation> {
    private static final long serialVersionUID = 1L;

    private final List<AlertRule> rules;

    public MatchRules(List<AlertRule> rules) {
        this.rules = rules;
    }

    @Override
    public void flatMap(KpiRow row, Collector<Evaluation> out) {
        for (AlertRule rule : rules) {
            boolean scopeMatches =
                    rule.scope == Dimension.OVERALL
                            ? row.isOverall()
                            : rule.scope.column().equals(row.dimension);
            if (rule.windowSeconds == row.windowSeconds && scopeMatches) {
                Evaluation e = new Evaluation();
                e.ruleId = rule.id;
                e.scopeValue = row.dimensionValue;
                e.forWindows = rule.forWindows;
                e.windowSeconds = row.windowSeconds;
                e.windowStartMillis = row.windowStartMillis;
                e.windowEndMillis = row.windowEndMillis;
                e.value = rule.kpi.of(row);
                out.collect(e);
            }
        }
    }
}
