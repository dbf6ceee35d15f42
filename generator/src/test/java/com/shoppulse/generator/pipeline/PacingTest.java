package com.shoppulse.generator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PacingTest {

    @Test
    void simulatedTimeRunsAtTheSpeedUp() {
        for (double speedUp : new double[] {0.5, 1, 60, 150, 1440, 86_400, 1e7}) {
            Pacing pacing = Pacing.forSpeedUp(speedUp);

            assertThat(pacing.secondsPerTick() * pacing.ticksPerSecond())
                    .isCloseTo(speedUp, within(speedUp * 1e-12));
            assertThat(pacing.ticksPerSecond()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void aTickIsOneSimulatedSecondUntilThatWouldBeTooMany() {
        assertThat(Pacing.forSpeedUp(1)).isEqualTo(new Pacing(1, 1));
        assertThat(Pacing.forSpeedUp(100)).isEqualTo(new Pacing(1, 100));
        assertThat(Pacing.forSpeedUp(1440)).isEqualTo(new Pacing(15, 96));
    }
}
