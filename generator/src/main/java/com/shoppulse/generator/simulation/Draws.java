package com.shoppulse.generator.simulation;

import java.util.SplittableRandom;

/** Random counts with the distributions a shop's traffic follows. */
final class Draws {

    // Knuth's method multiplies uniforms until they fall below e^-mean, which underflows for
    // large means; a sum of Poisson counts is a Poisson count, so large means go in chunks.
    private static final double POISSON_CHUNK = 30;

    private Draws() {}

    /** How many of many independent, individually unlikely arrivals happen: Poisson(mean). */
    static int poisson(SplittableRandom random, double mean) {
        int count = 0;
        double left = mean;
        while (left > 0) {
            double chunk = Math.min(left, POISSON_CHUNK);
            double limit = Math.exp(-chunk);
            double product = random.nextDouble();
            while (product > limit) {
                count++;
                product *= random.nextDouble();
            }
            left -= chunk;
        }
        return count;
    }

    /**
     * How many times something is repeated before it stops, stopping each time with this chance.
     */
    static int geometric(SplittableRandom random, double stopChance) {
        return (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - stopChance));
    }
}
