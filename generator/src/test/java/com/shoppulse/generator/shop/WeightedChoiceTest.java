package com.shoppulse.generator.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WeightedChoiceTest {

    @Test
    void picksInProportionToTheWeights() {
        Map<String, Double> weights = Map.of("a", 1.0, "b", 3.0, "never", 0.0);
        WeightedChoice<String> choice =
                new WeightedChoice<>(List.of("a", "b", "never"), weights::get);
        SplittableRandom random = new SplittableRandom(1);

        Map<String, Long> picks =
                IntStream.range(0, 40_000)
                        .mapToObj(i -> choice.pick(random))
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(picks).doesNotContainKey("never");
        assertThat(picks.get("b") / 40_000.0).isCloseTo(0.75, within(0.01));
    }

    @Test
    void needsSomethingToChoose() {
        assertThatThrownBy(() -> new WeightedChoice<String>(List.of(), s -> 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeightedChoice<>(List.of("a"), s -> 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeightedChoice<>(List.of("a"), s -> -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
