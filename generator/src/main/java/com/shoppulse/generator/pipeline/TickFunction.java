package com.shoppulse.generator.pipeline;

import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.generator.simulation.SimulationSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/** Turns the source's n-th tick into the records of the simulated seconds it covers. */
class TickFunction implements GeneratorFunction<Long, List<ShopRecord>> {

    private final SimulationSettings settings;
    private final long secondsPerTick;
    private final StopPoint stop;
    private transient ShopSimulator simulator;

    TickFunction(SimulationSettings settings, long secondsPerTick, StopPoint stop) {
        this.settings = settings;
        this.secondsPerTick = secondsPerTick;
        this.stop = stop;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        simulator = new ShopSimulator(settings);
    }

    @Override
    public List<ShopRecord> map(Long tick) {
        List<ShopRecord> records = new ArrayList<>();
        long first = tick * secondsPerTick;
        for (long second = first; second < first + secondsPerTick; second++) {
            records.addAll(stop.within(second, simulator.recordsAt(second)));
        }
        return records;
    }
}
