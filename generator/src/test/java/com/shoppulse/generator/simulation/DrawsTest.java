package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DrawsTest {

    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void poissonCountsHaveTheirMeanAsVariance() {
        for (double mean : new double[] {0.02, 2.5, 180}) {
            int[] counts = draw(20_000, () -> Draws.poisson(random, mean));

            assertThat(mean(counts)).isCloseTo(mean, within(0.05 * mean + 0.005));
            assertThat(variance(counts)).isCloseTo(mean, within(0.1 * mean + 0.005));
        }
    }

    @Test
    void geometricCountsStopWithTheirChance() {
        int[] counts = draw(20_000, () -> Draws.geometric(random, 0.25));

        assertThat(mean(counts)).isCloseTo(3.0, within(0.1));
        assertThat(IntStream.of(counts).min().orElseThrow()).isZero();
    }

    @Test
    void aCertainStopRepeatsNothing() {
        assertThat(draw(100, () -> Draws.geometric(random, 1))).containsOnly(0);
    }

    private static int[] draw(int n, IntSupplier draw) {
        return IntStream.range(0, n).map(i -> draw.getAsInt()).toArray();
    }

    private static double mean(int[] counts) {
        return IntStream.of(counts).average().orElseThrow();
    }

    private static double variance(int[] counts) {
        double mean = mean(counts);
        return IntStream.of(counts)
                .mapToDouble(c -> (c - mean) * (c - mean))
                .average()
                .orElseThrow();
    }
}
