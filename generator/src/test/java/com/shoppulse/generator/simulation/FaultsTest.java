package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void sharesAreFractions() {
        assertThatCode(() -> new Faults(0, 0.5, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Faults(1.01, 0, 0))
                .hasMessage("a share lies between 0 and 1, got 1.01");
        assertThatThrownBy(() -> new Faults(0, -0.1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Faults(0, 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
