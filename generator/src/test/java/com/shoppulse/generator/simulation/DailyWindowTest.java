package com.shoppulse.generator.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DailyWindowTest {

    private final DailyWindow window = new DailyWindow(14 * 60, 16 * 60);

    @Test
    void coversItsStretchOfEveryDay() {
        assertThat(window.contains(at("2026-11-23T14:00:00Z"))).isTrue();
        assertThat(window.contains(at("2026-11-23T15:59:59Z"))).isTrue();
        assertThat(window.contains(at("2027-03-02T15:00:00Z"))).isTrue();
        assertThat(window.contains(at("2026-11-23T13:59:59Z"))).isFalse();
        assertThat(window.contains(at("2026-11-23T16:00:00Z"))).isFalse();
    }

    @Test
    void canRunUpToMidnight() {
        DailyWindow evening = new DailyWindow(22 * 60, 24 * 60);

        assertThat(evening.contains(at("2026-11-23T23:59:59Z"))).isTrue();
        assertThat(evening.contains(at("2026-11-24T00:00:00Z"))).isFalse();
        assertThat(evening).hasToString("22:00-24:00");
    }

    @Test
    void runsForward() {
        assertThatThrownBy(() -> new DailyWindow(16 * 60, 14 * 60))
                .hasMessageContaining("16:00-14:00")
                .hasMessageContaining("split one across midnight");
        assertThatThrownBy(() -> new DailyWindow(0, 25 * 60))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long at(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }
}
