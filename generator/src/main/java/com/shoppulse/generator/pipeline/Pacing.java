package com.shoppulse.generator.pipeline;

/**
 * How the source's ticks cover simulated time: each tick holds {@code secondsPerTick} simulated
 * seconds and ticks come {@code ticksPerSecond} times a real second, so simulated time runs at the
 * speed-up whatever the traffic.
 */
record Pacing(long secondsPerTick, double ticksPerSecond) {

    // Enough ticks for smooth pacing, few enough that mostly empty ticks cost nothing.
    private static final double MOST_TICKS_PER_SECOND = 100;

    static Pacing forSpeedUp(double speedUp) {
        long secondsPerTick = Math.max(1, (long) Math.ceil(speedUp / MOST_TICKS_PER_SECOND));
        return new Pacing(secondsPerTick, speedUp / secondsPerTick);
    }
}
