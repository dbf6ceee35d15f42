package com.shoppulse.generator.pipeline;

import com.shoppulse.generator.simulation.ShopRecord;
import com.shoppulse.generator.simulation.ShopSimulator;
import com.shoppulse.generator.simulation.SimulationSettings;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * The simulated shop as a Flink source: one element per tick of simulated time, holding the records
 * of that tick's seconds, with ticks paced so that simulated time runs at the speed-up.
 *
 * <p>Pacing by simulated time rather than by a fixed event rate keeps the seasonality: the evening
 * peak sends more events per real second than the night. The source must run with parallelism 1:
 * one clock drives the shop, and the tick numbers are its seconds.
 */
public final class ShopSource {

    private ShopSource() {}

    /**
     * @param speedUp simulated seconds per real second
     * @param maxEvents the number of records after which the source ends; empty for endless
     */
    public static DataGeneratorSource<List<ShopRecord>> create(
            SimulationSettings settings, double speedUp, OptionalLong maxEvents) {
        Pacing pacing = Pacing.forSpeedUp(speedUp);
        StopPoint stop =
                maxEvents.isPresent()
                        ? StopPoint.after(maxEvents.getAsLong(), new ShopSimulator(settings))
                        : StopPoint.NEVER;
        return new DataGeneratorSource<>(
                new TickFunction(settings, pacing.secondsPerTick(), stop),
                stop.ticks(pacing.secondsPerTick()),
                RateLimiterStrategy.perSecond(pacing.ticksPerSecond()),
                Types.LIST(TypeInformation.of(ShopRecord.class)));
    }
}
