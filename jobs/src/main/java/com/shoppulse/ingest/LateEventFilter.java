package com.shoppulse.ingest;

import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.kpi.CalendarWindows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Marks events that come after their window has closed for good as late, with the dead letter
 * (reason {@code late}) they become; {@link Deduplicate} drops them, to the dead-letter topic
 * unless they are copies of an event already counted.
 *
 * <p>An event is late when <em>its own partition's</em> watermark has passed the end of its
 * smallest window plus the allowed lateness: the rule the window totals apply (as Flink's window
 * operator does), decided once per event so that it counts in all window sizes or in none. A
 * partition's watermark is the newest event time read from it before this event, minus the
 * out-of-orderness (as the source computes it). So the decision is a function of the records in the
 * event's partition alone: not of how partitions interleave, of the parallelism, or of when the job
 * reads them.
 *
 * <p>It never lets through an event a window would refuse: the job's event time, which fires and
 * purges windows, is the minimum over the partitions, never ahead of the event's own partition. The
 * one exception is a partition the source declared idle, whose events may have fallen behind the
 * others; for it the subtask's input watermark counts too.
 *
 * <p>An operator rather than a process function because it checkpoints each partition's newest
 * event time (the source's own split watermarks start again from nothing after a restore): a replay
 * decides exactly as the first run did. Union state, so every subtask knows every partition after a
 * restore at another parallelism.
 */
public final class LateEventFilter extends AbstractStreamOperator<CheckedEvent>
        implements OneInputStreamOperator<ParsedRecord, CheckedEvent> {
    private static final long serialVersionUID = 1L;

    private final CalendarWindows smallestWindows;
    private final long outOfOrdernessMillis;
    private final long allowedLatenessMillis;
    private final int maxPayloadBytes;
    private transient ListState<Tuple2<String, Long>> newestState;
    private transient Map<String, Newest> newestByPartition;
    private transient long inputWatermark;
    // Kafka hands over records a partition's batch at a time: remembering the last partition
    // spares almost every event a key string and a map lookup.
    private transient RawRecord lastSource;
    private transient Newest lastNewest;

    /** A partition's newest event time so far; mutable, so an update allocates nothing. */
    private static final class Newest {
        long time = Long.MIN_VALUE;
    }

    public LateEventFilter(
            CalendarWindows smallestWindows,
            long outOfOrdernessMillis,
            long allowedLatenessMillis,
            int maxPayloadBytes) {
        this.smallestWindows = smallestWindows;
        this.maxPayloadBytes = maxPayloadBytes;
        this.outOfOrdernessMillis = outOfOrdernessMillis;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        newestState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "newest-event-time-per-partition",
                                        Types.TUPLE(Types.STRING, Types.LONG)));
        newestByPartition = new HashMap<>();
        for (Tuple2<String, Long> restored : newestState.get()) {
            Newest newest = newestByPartition.computeIfAbsent(restored.f0, p -> new Newest());
            newest.time = Math.max(newest.time, restored.f1);
        }
        inputWatermark = Long.MIN_VALUE;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<Tuple2<String, Long>> entries = new ArrayList<>();
        newestByPartition.forEach(
                (partition, newest) -> entries.add(Tuple2.of(partition, newest.time)));
        newestState.update(entries);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        inputWatermark = Math.max(inputWatermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    private Newest newestOf(RawRecord source) {
        if (lastSource == null
                || source.partition != lastSource.partition
                || !source.topic.equals(lastSource.topic)) {
            lastNewest =
                    newestByPartition.computeIfAbsent(source.topicPartition(), p -> new Newest());
            lastSource = source;
        }
        return lastNewest;
    }

    @Override
    public void processElement(StreamRecord<ParsedRecord> record) {
        ParsedRecord parsed = record.getValue();
        ShopEvent event = parsed.event;
        Newest newest = newestOf(parsed.source);
        long watermark =
                newest.time == Long.MIN_VALUE
                        ? inputWatermark
                        : Math.max(inputWatermark, newest.time - outOfOrdernessMillis - 1);
        newest.time = Math.max(newest.time, event.eventTimeMillis);
        long windowMaxTimestamp = smallestWindows.windowFor(event.eventTimeMillis).maxTimestamp();
        if (windowMaxTimestamp + allowedLatenessMillis > watermark) {
            output.collect(record.replace(CheckedEvent.onTime(event)));
            return;
        }
        DeadLetter letter =
                DeadLetter.of(
                        parsed.source,
                        RejectReason.LATE,
                        "event_time "
                                + Instant.ofEpochMilli(event.eventTimeMillis)
                                + " is behind the watermark of partition "
                                + parsed.source.topicPartition()
                                + " ("
                                + Instant.ofEpochMilli(watermark)
                                + ") by more than the allowed lateness",
                        getProcessingTimeService().getCurrentProcessingTime(),
                        maxPayloadBytes);
        output.collect(record.replace(CheckedEvent.late(event, letter)));
    }
}
