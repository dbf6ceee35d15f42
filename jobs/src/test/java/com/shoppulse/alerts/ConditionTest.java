package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConditionTest {
    private static final double[] NONE = {};

    @Test
    void belowAndAboveCompareWithTheThreshold() {
        assertThat(Condition.BELOW.breached(1249, 1250, NONE, false)).isTrue();
        assertThat(Condition.BELOW.breached(1250, 1250, NONE, false)).isFalse();
        assertThat(Condition.ABOVE.breached(1251, 1250, NONE, false)).isTrue();
        assertThat(Condition.ABOVE.breached(1250, 1250, NONE, false)).isFalse();
    }

    @Test
    void dropAndRiseCompareWithThePreviousWindow() {
        assertThat(Condition.DROP_PCT.breached(50, 50, new double[] {100}, false)).isTrue();
        assertThat(Condition.DROP_PCT.breached(51, 50, new double[] {100}, false)).isFalse();
        assertThat(Condition.RISE_PCT.breached(150, 50, new double[] {10, 100}, false)).isTrue();
        assertThat(Condition.RISE_PCT.breached(149, 50, new double[] {100}, false)).isFalse();
    }

    @Test
    void relativeConditionsNeedHistory() {
        assertThat(Condition.DROP_PCT.breached(0, 50, NONE, false)).isFalse();
        assertThat(Condition.DROP_PCT.breached(0, 50, new double[] {0}, false)).isFalse();
        assertThat(Condition.ZSCORE.breached(1000, 3, new double[] {10}, false)).isFalse();
    }

    @Test
    void zScoreAgainstTheBaseline() {
        double[] baseline = {10, 12, 8, 10, 11, 9};

        assertThat(Condition.zScore(10, baseline, false)).isZero();
        assertThat(Condition.ZSCORE.breached(25, 3, baseline, false)).isTrue();
        assertThat(Condition.ZSCORE.breached(0, 3, baseline, false)).isTrue();
        assertThat(Condition.ZSCORE.breached(13, 3, baseline, false)).isFalse();
        assertThat(Condition.ZSCORE.breached(50, 3, new double[] {5, 5, 5}, false)).isFalse();
    }

    @Test
    void aCountsZScoreTakesNoLessSpreadThanChanceGivesIt() {
        double[] quiet = {5, 4, 5, 5, 4, 5, 5};

        assertThat(Condition.zScore(8, quiet, false)).isGreaterThan(6);
        assertThat(Condition.zScore(8, quiet, true))
                .isCloseTo((8 - 33 / 7.0) / Math.sqrt(33 / 7.0), within(1e-9));
        assertThat(Condition.ZSCORE.breached(8, 3, quiet, true)).isFalse();
        assertThat(Condition.ZSCORE.breached(50, 3, new double[] {5, 5, 5}, true)).isTrue();
        double[] wide = {10, 30, 10, 30};
        assertThat(Condition.zScore(40, wide, true)).isEqualTo(Condition.zScore(40, wide, false));
    }
}
