package com.shoppulse.metrics;

import com.shoppulse.kpi.KpiRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.AggregatingState;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.StringValue;
import org.apache.flink.util.OutputTag;

/**
 * Merges the {@link KpiPartial}s of each window into the window's totals, keyed by window size,
 * dimension and value, and emits them as a {@link KpiRow} once the watermark passes the window's
 * end; within the allowed lateness, every partial that comes after that emits the updated totals at
 * once. A window is forgotten when the watermark passes its end plus the allowed lateness; a
 * partial for it after that goes to {@link #UNEXPECTED_LATE}. These are the rules of Flink's
 * event-time window operator with allowed lateness, which did this work before.
 *
 * <p>Why not that operator: the windows still open are few, and their totals small (users are
 * bitmaps of dense indexes, a million of them in about 128 KB), but on RocksDB, the shipped
 * backend, it read, deserialized, wrote back and registered two timers for every partial: 15 % of
 * the job's CPU in a profile of {@code ./bench/run.sh backlog}. Here the totals stay on the heap
 * and go whole into each checkpoint, as operator state, in the synchronous part of it.
 *
 * <p>That state is a union list, one entry per subtask: after a restore at any parallelism, every
 * subtask reads all entries and keeps the windows whose key falls into its key groups, where {@code
 * keyBy} sends their partials. It carries a format version, and each window's totals their own
 * ({@link KpiAccumulator}).
 *
 * <p>Restored from a savepoint of a release that still used the window operator (same uid), the
 * windows in its keyed state ({@value #WINDOW_OPERATOR_STATE}) move here and that state is cleared.
 * Whether a window had already been emitted is in the operator's timers, which are not read: each
 * is emitted again when the watermark passes its end, with the same totals and version, a row that
 * ClickHouse merges with the one before.
 */
public final class WindowTotals extends AbstractStreamOperator<KpiRow>
        implements OneInputStreamOperator<KpiPartial, KpiRow> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<KpiPartial> UNEXPECTED_LATE =
            new OutputTag<>("unexpected-late") {};

    static final int FORMAT_VERSION = 1;

    /** The keyed state in which Flink's window operator kept each window's totals. */
    static final String WINDOW_OPERATOR_STATE = "window-contents";

    private final long allowedLatenessMillis;

    private transient Map<WindowKey, Totals> open;

    /** Windows waiting to be emitted, by their last moment. */
    private transient TreeMap<Long, List<WindowKey>> dueToEmit;

    /** Every open window, by the watermark that ends its allowed lateness. */
    private transient TreeMap<Long, List<WindowKey>> dueToForget;

    private transient long watermark;
    private transient ListState<byte[]> checkpointed;
    private transient Counter windowsEmitted;
    private transient StreamRecord<KpiRow> reuse;

    public WindowTotals(long allowedLatenessMillis) {
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    private record WindowKey(String key, long start, long end) {
        long lastMoment() {
            return end - 1;
        }
    }

    private static final class Totals {
        final KpiAccumulator totals = new KpiAccumulator();

        /** In {@link #dueToEmit}: not emitted since its last change. */
        boolean pending;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        open = new HashMap<>();
        dueToEmit = new TreeMap<>();
        dueToForget = new TreeMap<>();
        watermark = Long.MIN_VALUE;
        checkpointed =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "open-windows",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        KeyGroupRange mine =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks(),
                        getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks(),
                        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        for (byte[] subtask : checkpointed.get()) {
            restore(subtask, mine);
        }
        if (context.isRestored()) {
            moveWindowOperatorState();
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        windowsEmitted = getMetricGroup().counter("windowsEmitted");
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<KpiPartial> record) {
        KpiPartial partial = record.getValue();
        long lastMoment = partial.windowEnd - 1;
        if (lastMoment + allowedLatenessMillis <= watermark) {
            output.collect(UNEXPECTED_LATE, record);
            return;
        }
        WindowKey window = new WindowKey(partial.key(), partial.windowStart, partial.windowEnd);
        Totals totals = open.get(window);
        if (totals == null) {
            totals = new Totals();
            add(window, totals);
        }
        totals.totals.merge(partial.totals);
        if (lastMoment <= watermark) {
            emit(window, totals);
        } else if (!totals.pending) {
            pend(window, totals);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = mark.getTimestamp();
        while (!dueToEmit.isEmpty() && dueToEmit.firstKey() <= watermark) {
            for (WindowKey window : dueToEmit.pollFirstEntry().getValue()) {
                Totals totals = open.get(window);
                totals.pending = false;
                emit(window, totals);
            }
        }
        while (!dueToForget.isEmpty() && dueToForget.firstKey() <= watermark) {
            for (WindowKey window : dueToForget.pollFirstEntry().getValue()) {
                open.remove(window);
            }
        }
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        DataOutputSerializer out = new DataOutputSerializer(4096);
        out.writeInt(FORMAT_VERSION);
        out.writeInt(open.size());
        for (Map.Entry<WindowKey, Totals> entry : open.entrySet()) {
            WindowKey window = entry.getKey();
            StringValue.writeString(window.key, out);
            out.writeLong(window.start);
            out.writeLong(window.end);
            out.writeBoolean(entry.getValue().pending);
            entry.getValue().totals.write(out);
        }
        checkpointed.update(List.of(out.getCopyOfBuffer()));
    }

    private void restore(byte[] subtask, KeyGroupRange mine) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(subtask);
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "KPI windows checkpointed in format "
                            + version
                            + ", which this release does not read (it reads "
                            + FORMAT_VERSION
                            + "): restore them with the release that wrote them, or a later one");
        }
        int maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
        for (int count = in.readInt(); count > 0; count--) {
            WindowKey window =
                    new WindowKey(StringValue.readString(in), in.readLong(), in.readLong());
            Totals totals = new Totals();
            boolean pending = in.readBoolean();
            totals.totals.read(in);
            if (mine.contains(
                    KeyGroupRangeAssignment.assignToKeyGroup(window.key, maxParallelism))) {
                add(window, totals);
                if (pending) {
                    pend(window, totals);
                }
            }
        }
    }

    private void moveWindowOperatorState() throws Exception {
        KeyedStateBackend<String> keyed = getKeyedStateBackend();
        AggregatingStateDescriptor<KpiPartial, KpiAccumulator, KpiAccumulator> descriptor =
                new AggregatingStateDescriptor<>(
                        WINDOW_OPERATOR_STATE,
                        new KpiAggregate(),
                        TypeInformation.of(KpiAccumulator.class));
        TimeWindow.Serializer windows = new TimeWindow.Serializer();
        keyed.getOrCreateKeyedState(windows, descriptor);
        List<Tuple2<String, TimeWindow>> stored;
        try (Stream<Tuple2<String, TimeWindow>> all =
                keyed.getKeysAndNamespaces(WINDOW_OPERATOR_STATE)) {
            stored = all.toList();
        }
        for (Tuple2<String, TimeWindow> keyAndWindow : stored) {
            keyed.setCurrentKey(keyAndWindow.f0);
            AggregatingState<KpiPartial, KpiAccumulator> state =
                    keyed.getPartitionedState(keyAndWindow.f1, windows, descriptor);
            KpiAccumulator restored = state.get();
            if (restored != null) {
                WindowKey window =
                        new WindowKey(
                                keyAndWindow.f0,
                                keyAndWindow.f1.getStart(),
                                keyAndWindow.f1.getEnd());
                Totals totals = new Totals();
                totals.totals.merge(restored);
                add(window, totals);
                pend(window, totals);
            }
            state.clear();
        }
    }

    private void add(WindowKey window, Totals totals) {
        open.put(window, totals);
        dueToForget
                .computeIfAbsent(
                        window.lastMoment() + allowedLatenessMillis, time -> new ArrayList<>())
                .add(window);
    }

    private void pend(WindowKey window, Totals totals) {
        totals.pending = true;
        dueToEmit.computeIfAbsent(window.lastMoment(), time -> new ArrayList<>()).add(window);
    }

    private void emit(WindowKey window, Totals totals) {
        KpiRow row = new KpiRow();
        row.dimension = KpiPartial.dimensionOfKey(window.key).column();
        row.dimensionValue = KpiPartial.valueOfKey(window.key);
        row.windowSeconds = KpiPartial.windowSecondsOfKey(window.key);
        row.windowStartMillis = window.start;
        row.windowEndMillis = window.end;
        totals.totals.totalsInto(row);
        windowsEmitted.inc();
        output.collect(reuse.replace(row, window.lastMoment()));
    }
}
