package com.shoppulse.generator.pipeline;

import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.generator.simulation.SimulationSettings;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * The simulated shop in Flink: a source of ticks of simulated time, paced so that simulated time
 * runs at the speed-up, and the function that turns each tick into the records of its seconds.
 *
 * <p>Pacing by simulated time rather than by a fixed event rate keeps the seasonality: the evening
 * peak sends more events per real second than the night. Both must run with parallelism 1, chained:
 * one clock drives the shop, and the tick numbers are its seconds.
 *
 * @param ticks the tick numbers, from 0
 * @param records the records of a tick's seconds; it keeps the run's start in its state
 */
public record ShopSource(Source<Long, ?, ?> ticks, FlatMapFunction<Long, ShopRecord> records) {

    /**
     * @param speedUp simulated seconds per real second
     * @param maxEvents the number of records after which the source ends; empty for endless
     */
    public static ShopSource create(
            SimulationSettings settings, double speedUp, OptionalLong maxEvents) {
        Pacing pacing = Pacing.forSpeedUp(speedUp);
        StopPoint stop =
                maxEvents.isPresent()
                        ? StopPoint.after(maxEvents.getAsLong(), new ShopSimulator(settings))
                        : StopPoint.NEVER;
        return new ShopSource(
                new DataGeneratorSource<>(
                        tick -> tick,
                        stop.ticks(pacing.secondsPerTick()),
                        RateLimiterStrategy.perSecond(pacing.ticksPerSecond()),
                        Types.LONG),
                new TickFunction(settings, pacing.secondsPerTick(), stop));
    }
}
