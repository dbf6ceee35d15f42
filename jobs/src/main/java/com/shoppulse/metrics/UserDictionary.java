package com.shoppulse.metrics;

import com.shoppulse.events.ShopEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives every user id a small, stable integer so distinct users can be counted exactly in
 * compressed bitmaps (see {@link KpiAccumulator}). Keyed by user id: the index lives in keyed state
 * and follows its key on rescaling.
 *
 * <p>Indexes must be unique across subtasks without coordination: subtask {@code i} of {@code p}
 * hands out {@code base + i, base + i + p, ...}. Each subtask checkpoints its next free index as
 * union state, so after a restore, at any parallelism, every subtask starts above the highest index
 * ever handed out.
 */
public final class UserDictionary extends KeyedProcessFunction<String, ShopEvent, IndexedEvent>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private transient ValueState<Integer> userIndex;
    private transient ListState<Integer> nextIndexState;
    private transient int nextIndex;
    private transient int stride;

    @Override
    public void open(OpenContext openContext) {
        userIndex =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("user-index", Integer.class));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        nextIndexState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("next-user-index", Integer.class));
        int base = 0;
        for (Integer restored : nextIndexState.get()) {
            base = Math.max(base, restored);
        }
        stride = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        nextIndex = base + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        nextIndexState.update(java.util.List.of(nextIndex));
    }

    @Override
    public void processElement(ShopEvent event, Context ctx, Collector<IndexedEvent> out)
            throws Exception {
        Integer index = userIndex.value();
        if (index == null) {
            index = nextIndex;
            nextIndex = Math.addExact(nextIndex, stride);
            userIndex.update(index);
        }
        out.collect(new IndexedEvent(event, index));
    }
}
