package com.shoppulse.generator.shop;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Picks one of a fixed list of options with probability proportional to its weight. */
public final class WeightedChoice<T> {

    private final List<T> options;
    private final double[] cumulative;

    public WeightedChoice(List<T> options, ToDoubleFunction<T> weight) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        this.options = List.copyOf(options);
        this.cumulative = new double[options.size()];
        double total = 0;
        for (int i = 0; i < options.size(); i++) {
            double w = weight.applyAsDouble(options.get(i));
            if (!(w >= 0)) {
                throw new IllegalArgumentException("negative weight for " + options.get(i));
            }
            total += w;
            cumulative[i] = total;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
    }

    public T pick(SplittableRandom random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (target < cumulative[i]) {
                return options.get(i);
            }
        }
        // Rounding can leave the target a hair above the last bound.
        return options.get(options.size() - 1);
    }
}
