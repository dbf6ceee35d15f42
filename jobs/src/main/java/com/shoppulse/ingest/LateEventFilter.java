package com.shoppulse.ingest;

import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.metrics.CalendarWindows;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops events that come after their window has closed for good, to {@link ParseEvents#REJECTED}
 * with reason {@code late}, counted in {@code eventsLate}.
 *
 * <p>An event is late when the watermark has passed the end of its smallest window plus the allowed
 * lateness: the rule Flink's window operator applies, decided once per event so that it counts in
 * all window sizes or in none. Runs right after the watermark assigner, before any shuffle, so the
 * decision depends only on the order of the input.
 */
public final class LateEventFilter extends ProcessFunction<ParsedEvent, ShopEvent>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final CalendarWindows smallestWindows;
    private final long allowedLatenessMillis;
    private transient Counter eventsLate;

    /**
     * The watermark as of the last checkpoint. After a restore the watermark starts again from
     * nothing, and without this floor an event that was late before a failure could count after it,
     * into a window whose state is already gone.
     */
    private transient ListState<Long> floorState;

    private transient long watermark;

    public LateEventFilter(CalendarWindows smallestWindows, long allowedLatenessMillis) {
        this.smallestWindows = smallestWindows;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        eventsLate = getRuntimeContext().getMetricGroup().counter("eventsLate");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        floorState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("watermark-floor", Long.class));
        watermark = Long.MIN_VALUE;
        for (Long restored : floorState.get()) {
            watermark = Math.max(watermark, restored);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        floorState.update(List.of(watermark));
    }

    @Override
    public void processElement(ParsedEvent in, Context ctx, Collector<ShopEvent> out) {
        ShopEvent event = in.event;
        long windowMaxTimestamp = smallestWindows.windowFor(event.eventTimeMillis).maxTimestamp();
        watermark = Math.max(watermark, ctx.timerService().currentWatermark());
        if (windowMaxTimestamp + allowedLatenessMillis <= watermark) {
            eventsLate.inc();
            ctx.output(
                    ParseEvents.REJECTED,
                    DeadLetter.of(
                            in.source,
                            RejectReason.LATE,
                            "event_time "
                                    + Instant.ofEpochMilli(event.eventTimeMillis)
                                    + " is behind the watermark "
                                    + Instant.ofEpochMilli(watermark)
                                    + " by more than the allowed lateness",
                            ctx.timerService().currentProcessingTime()));
        } else {
            out.collect(event);
        }
    }
}
