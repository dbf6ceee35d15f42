package com.shoppulse.metrics;

import com.shoppulse.ingest.CountedEvent;
import com.shoppulse.kpi.CalendarWindows;
import com.shoppulse.kpi.Dimension;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Folds counted events into partial totals per window and (dimension, value) before they are
 * shuffled to {@link WindowTotals}, the way Flink SQL's local-global aggregation does: the shuffle
 * then carries a few hundred partials per watermark instead of some twenty records per event.
 *
 * <p>Each event is added once, to its window of the smallest size; at a flush, those totals are
 * merged into the larger windows that hold them, so the cost per event does not grow with the
 * number of window sizes.
 *
 * <p>It keeps no state: the partials are sent on before every watermark (so a window's events are
 * all in before the watermark that closes it), before every checkpoint barrier, and whenever {@link
 * #MAX_BUFFERED_EVENTS} have come in since. Partials of one window from any number of subtasks and
 * flushes merge exactly: their users are bitmaps of the indexes {@link
 * com.shoppulse.ingest.Deduplicate} hands out.
 */
public final class PreAggregate extends AbstractStreamOperator<KpiPartial>
        implements OneInputStreamOperator<CountedEvent, KpiPartial> {
    private static final long serialVersionUID = 1L;

    /** Bounds memory while the watermark stands still (a partition that lags or pauses). */
    static final int MAX_BUFFERED_EVENTS = 50_000;

    private static final TimeWindow[] NO_PARENTS = new TimeWindow[0];

    /** The window sizes, smallest first. */
    private final List<CalendarWindows> windows;

    private transient Breakdowns breakdowns;
    private transient List<Slices> bySize;
    private transient int buffered;

    public PreAggregate(List<CalendarWindows> windows) {
        this.windows = windows;
    }

    @Override
    public void open() throws Exception {
        super.open();
        breakdowns = new Breakdowns();
        bySize = new ArrayList<>();
        for (CalendarWindows size : windows) {
            bySize.add(new Slices(size, bySize.isEmpty() ? this::parentsOf : w -> NO_PARENTS));
        }
    }

    @Override
    public void processElement(StreamRecord<CountedEvent> record) throws Exception {
        CountedEvent counted = record.getValue();
        Breakdowns event = breakdowns.of(counted.event);
        long time = counted.event.eventTimeMillis;
        Slice smallest = bySize.get(0).of(time);
        smallest.add(event, counted.userIndex);
        for (int size = 1; size < bySize.size(); size++) {
            if (smallest.parents[size] == null) {
                bySize.get(size).of(time).add(event, counted.userIndex);
            }
        }
        if (++buffered >= MAX_BUFFERED_EVENTS) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        for (Slice smallest : bySize.get(0).byStart.values()) {
            for (int size = 1; size < bySize.size(); size++) {
                TimeWindow parent = smallest.parents[size];
                if (parent != null) {
                    bySize.get(size).slice(parent).addAll(smallest);
                }
            }
        }
        for (Slices slices : bySize) {
            slices.emit(output);
        }
        buffered = 0;
    }

    /**
     * For a window of the smallest size, the window of each larger size that holds all of it; null
     * where it straddles two (a window that a daylight-saving change cuts), whose events are then
     * added to that size one by one.
     */
    private TimeWindow[] parentsOf(TimeWindow window) {
        TimeWindow[] parents = new TimeWindow[windows.size()];
        for (int size = 1; size < windows.size(); size++) {
            TimeWindow first = windows.get(size).windowFor(window.getStart());
            if (first.equals(windows.get(size).windowFor(window.maxTimestamp()))) {
                parents[size] = first;
            }
        }
        return parents;
    }

    /** The partial totals of one window size, per window. */
    private static final class Slices {
        private final CalendarWindows size;
        private final Function<TimeWindow, TimeWindow[]> parentsOf;
        private final Map<Long, Slice> byStart = new HashMap<>();
        private Slice last;

        Slices(CalendarWindows size, Function<TimeWindow, TimeWindow[]> parentsOf) {
            this.size = size;
            this.parentsOf = parentsOf;
        }

        Slice of(long time) {
            if (last == null || time < last.window.getStart() || time >= last.window.getEnd()) {
                last = slice(size.windowFor(time));
            }
            return last;
        }

        Slice slice(TimeWindow window) {
            return byStart.computeIfAbsent(
                    window.getStart(), start -> new Slice(window, parentsOf.apply(window)));
        }

        void emit(Output<StreamRecord<KpiPartial>> out) {
            for (Slice slice : byStart.values()) {
                TimeWindow window = slice.window;
                for (Map.Entry<Dimension, Map<String, KpiAccumulator>> dimension :
                        slice.totals.entrySet()) {
                    for (Map.Entry<String, KpiAccumulator> value :
                            dimension.getValue().entrySet()) {
                        KpiPartial partial =
                                new KpiPartial(
                                        size.sizeSeconds(),
                                        dimension.getKey(),
                                        value.getKey(),
                                        window.getStart(),
                                        window.getEnd(),
                                        value.getValue());
                        out.collect(new StreamRecord<>(partial, window.maxTimestamp()));
                    }
                }
            }
            byStart.clear();
            last = null;
        }
    }

    /** One window's partial totals per (dimension, value). */
    private static final class Slice {
        final TimeWindow window;
        final TimeWindow[] parents;
        final Map<Dimension, Map<String, KpiAccumulator>> totals = new EnumMap<>(Dimension.class);

        Slice(TimeWindow window, TimeWindow[] parents) {
            this.window = window;
            this.parents = parents;
            for (Dimension dimension : Dimension.values()) {
                totals.put(dimension, new HashMap<>());
            }
        }

        void add(Breakdowns event, int user) {
            for (int i = 0; i < event.size(); i++) {
                event.addTo(
                        totals.get(event.dimension(i))
                                .computeIfAbsent(event.value(i), v -> new KpiAccumulator()),
                        i,
                        user);
            }
        }

        /** Adds the totals of a slice of a smaller window that lies within this one. */
        void addAll(Slice smaller) {
            smaller.totals.forEach(
                    (dimension, byValue) -> {
                        Map<String, KpiAccumulator> mine = totals.get(dimension);
                        byValue.forEach(
                                (value, acc) ->
                                        mine.computeIfAbsent(value, v -> new KpiAccumulator())
                                                .merge(acc));
                    });
        }
    }
}
