package com.shoppulse.alerts;

import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.util.Collector;

/**
 * The CEP side of alerting: {@code n} consecutive breaching windows of a series make a match,
 * emitted as its last evaluation marked {@link Evaluation#matched}. After a match the pattern
 * starts afresh, so a lasting breach matches again every {@code n} windows; {@link AlertLifecycle}
 * turns that into one alert (or a repeat).
 */
public final class ConsecutiveBreaches extends PatternProcessFunction<Evaluation, Evaluation> {
    private static final long serialVersionUID = 1L;
    private static final String BREACHES = "breaches";

    public static Pattern<Evaluation, Evaluation> pattern(int n) {
        Pattern<Evaluation, Evaluation> breach =
                Pattern.<Evaluation>begin(BREACHES, AfterMatchSkipStrategy.skipPastLastEvent())
                        .where(SimpleCondition.of(e -> e.breach));
        return n == 1 ? breach : breach.times(n).consecutive();
    }

    @Override
    public void processMatch(
            Map<String, List<Evaluation>> match, Context ctx, Collector<Evaluation> out) {
        List<Evaluation> breaches = match.get(BREACHES);
        Evaluation last = breaches.get(breaches.size() - 1);
        last.matched = true;
        out.collect(last);
    }
}
