package com.shoppulse.ingest;

import com.shoppulse.events.ShopEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first event of each {@link ShopEvent#dedupKey()} and drops the rest, counted in {@code
 * eventsDuplicate}. Keyed by that key.
 *
 * <p>A key is remembered until the watermark passes its event time plus {@code retentionMillis}:
 * chosen as the largest window plus the allowed lateness, after which any copy would be dropped as
 * late anyway. So memory stays bounded and no duplicate ever counts.
 */
public final class Deduplicate extends KeyedProcessFunction<String, ShopEvent, ShopEvent> {
    private static final long serialVersionUID = 1L;

    private final long retentionMillis;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public Deduplicate(long retentionMillis) {
        this.retentionMillis = retentionMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Boolean.class));
        duplicates = getRuntimeContext().getMetricGroup().counter("eventsDuplicate");
    }

    @Override
    public void processElement(ShopEvent event, Context ctx, Collector<ShopEvent> out)
            throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(true);
        ctx.timerService().registerEventTimeTimer(event.eventTimeMillis + retentionMillis);
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShopEvent> out) {
        seen.clear();
    }
}
