package com.shoppulse.ingest;

import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.metrics.CalendarWindows;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Drops events that come after their window has closed for good, to {@link ParseEvents#REJECTED}
 * with reason {@code late}, counted in {@code eventsLate}.
 *
 * <p>An event is late when the watermark has passed the end of its smallest window plus the allowed
 * lateness: the rule Flink's window operator applies, decided once per event so that it counts in
 * all window sizes or in none. Runs right after the watermark assigner, before any shuffle, so the
 * decision depends only on the order of the input.
 *
 * <p>An operator rather than a process function because it must checkpoint the watermark itself:
 * after a restore the watermark starts again from nothing, and without this floor an event that was
 * late before a failure could count after it, into a window whose state is already gone. With the
 * floor (operator state keeps its subtask at an unchanged parallelism), a replay decides exactly as
 * the first run did.
 */
public final class LateEventFilter extends AbstractStreamOperator<ShopEvent>
        implements OneInputStreamOperator<ParsedEvent, ShopEvent> {
    private static final long serialVersionUID = 1L;

    private final CalendarWindows smallestWindows;
    private final long allowedLatenessMillis;
    private transient Counter eventsLate;
    private transient ListState<Long> floorState;
    private transient long watermark;

    public LateEventFilter(CalendarWindows smallestWindows, long allowedLatenessMillis) {
        this.smallestWindows = smallestWindows;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        floorState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("watermark-floor", Long.class));
        watermark = Long.MIN_VALUE;
        for (Long restored : floorState.get()) {
            watermark = Math.max(watermark, restored);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        eventsLate = getMetricGroup().counter("eventsLate");
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        floorState.update(List.of(watermark));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processElement(StreamRecord<ParsedEvent> record) {
        ShopEvent event = record.getValue().event;
        long windowMaxTimestamp = smallestWindows.windowFor(event.eventTimeMillis).maxTimestamp();
        if (windowMaxTimestamp + allowedLatenessMillis > watermark) {
            output.collect(record.replace(event));
            return;
        }
        eventsLate.inc();
        DeadLetter letter =
                DeadLetter.of(
                        record.getValue().source,
                        RejectReason.LATE,
                        "event_time "
                                + Instant.ofEpochMilli(event.eventTimeMillis)
                                + " is behind the watermark "
                                + Instant.ofEpochMilli(watermark)
                                + " by more than the allowed lateness",
                        getProcessingTimeService().getCurrentProcessingTime());
        output.collect(ParseEvents.REJECTED, new StreamRecord<>(letter));
    }
}
