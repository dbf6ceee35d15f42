package com.shoppulse.ingest;

import com.shoppulse.events.ShopEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first on-time event of each {@link ShopEvent#dedupKey()} and drops the rest: copies of
 * a counted event are counted in {@code eventsDuplicate}, late events that are no copy go to {@link
 * RejectInvalid#REJECTED} as dead letters and are counted in {@code eventsLate}. Keyed by that key.
 *
 * <p>Copies first: a producer that re-sends after a restart (at least once) re-sends events the
 * windows have already closed over; they are duplicates, not news that came too late.
 *
 * <p>A key is remembered until the watermark passes its event time plus {@code retentionMillis}:
 * chosen as the largest window plus the allowed lateness, after which any copy would be dropped as
 * late anyway. So memory stays bounded and no duplicate ever counts.
 */
public final class Deduplicate extends KeyedProcessFunction<String, CheckedEvent, ShopEvent> {
    private static final long serialVersionUID = 1L;

    private final long retentionMillis;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;
    private transient Counter late;

    public Deduplicate(long retentionMillis) {
        this.retentionMillis = retentionMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Boolean.class));
        duplicates = getRuntimeContext().getMetricGroup().counter("eventsDuplicate");
        late = getRuntimeContext().getMetricGroup().counter("eventsLate");
    }

    @Override
    public void processElement(CheckedEvent checked, Context ctx, Collector<ShopEvent> out)
            throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        if (checked.isLate()) {
            late.inc();
            ctx.output(RejectInvalid.REJECTED, checked.late);
            return;
        }
        ShopEvent event = checked.event;
        seen.update(true);
        ctx.timerService().registerEventTimeTimer(event.eventTimeMillis + retentionMillis);
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShopEvent> out) {
        seen.clear();
    }
}
