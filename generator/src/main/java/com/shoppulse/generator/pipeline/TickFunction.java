package com.shoppulse.generator.pipeline;

import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.generator.simulation.SimulationSettings;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the source's n-th tick into the records of the simulated seconds it covers.
 *
 * <p>A restored source resumes at the tick it had reached, counted from the start of the run that
 * took the checkpoint. The default {@code --start} is a year before the day of the submission, so a
 * run resumed on a later day would be given a later start, and the shop would jump ahead by as many
 * days, with an empty day and the alerts it sets off. So the start a run began with is kept in this
 * function's state and wins over the configured one.
 */
class TickFunction extends RichFlatMapFunction<Long, ShopRecord> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final SimulationSettings settings;
    private final long secondsPerTick;
    private final StopPoint stop;
    private transient ListState<Instant> startState;
    private transient Instant start;
    private transient ShopSimulator simulator;

    TickFunction(SimulationSettings settings, long secondsPerTick, StopPoint stop) {
        this.settings = settings;
        this.secondsPerTick = secondsPerTick;
        this.stop = stop;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        startState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("simulation-start", Types.INSTANT));
        start = settings.start();
        for (Instant restored : startState.get()) {
            start = restored;
        }
        simulator = new ShopSimulator(settings.startingAt(start));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        startState.update(List.of(start));
    }

    @Override
    public void flatMap(Long tick, Collector<ShopRecord> out) {
        long first = tick * secondsPerTick;
        for (long second = first; second < first + secondsPerTick; second++) {
            stop.within(second, simulator.recordsAt(second)).forEach(out::collect);
        }
    }
}
