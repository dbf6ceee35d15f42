package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final double[] NONE = {};

    @Test
    void belowAndAboveCompareWithTheThreshold() {
        assertThat(Condition.BELOW.breached(1249, 1250, NONE)).isTrue();
        assertThat(Condition.BELOW.breached(1250, 1250, NONE)).isFalse();
        assertThat(Condition.ABOVE.breached(1251, 1250, NONE)).isTrue();
        assertThat(Condition.ABOVE.breached(1250, 1250, NONE)).isFalse();
    }

    @Test
    void dropAndRiseCompareWithThePreviousWindow() {
        assertThat(Condition.DROP_PCT.breached(50, 50, new double[] {100})).isTrue();
        assertThat(Condition.DROP_PCT.breached(51, 50, new double[] {100})).isFalse();
        assertThat(Condition.RISE_PCT.breached(150, 50, new double[] {10, 100})).isTrue();
        assertThat(Condition.RISE_PCT.breached(149, 50, new double[] {100})).isFalse();
    }

    @Test
    void relativeConditionsNeedHistory() {
        assertThat(Condition.DROP_PCT.breached(0, 50, NONE)).isFalse();
        assertThat(Condition.DROP_PCT.breached(0, 50, new double[] {0})).isFalse();
        assertThat(Condition.ZSCORE.breached(1000, 3, new double[] {10})).isFalse();
    }

    @Test
    void zScoreAgainstTheBaseline() {
        double[] baseline = {10, 12, 8, 10, 11, 9};

        assertThat(Condition.zScore(10, baseline)).isZero();
        assertThat(Condition.ZSCORE.breached(25, 3, baseline)).isTrue();
        assertThat(Condition.ZSCORE.breached(0, 3, baseline)).isTrue();
        assertThat(Condition.ZSCORE.breached(13, 3, baseline)).isFalse();
        assertThat(Condition.ZSCORE.breached(50, 3, new double[] {5, 5, 5})).isFalse();
    }
}
