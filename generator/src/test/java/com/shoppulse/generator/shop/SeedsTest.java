package com.shoppulse.generator.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void sameCoordinatesGiveTheSameSeed() {
        assertThat(Seeds.of("session", 42, 7, 3)).isEqualTo(Seeds.of("session", 42, 7, 3));
    }

    @Test
    void everyPartAndItsPlaceMatter() {
        long seed = Seeds.of("session", 42, 7, 3);

        assertThat(Seeds.of("session", 43, 7, 3)).isNotEqualTo(seed);
        assertThat(Seeds.of("session", 42, 3, 7)).isNotEqualTo(seed);
        assertThat(Seeds.of("session", 42, 7, 3, 0)).isNotEqualTo(seed);
        assertThat(Seeds.of("event-id", 42, 7, 3)).isNotEqualTo(seed);
    }

    @Test
    void uuidsLookRandomButRepeat() {
        UUID uuid = Seeds.uuid("event-id", 42, 1);

        assertThat(uuid).isEqualTo(Seeds.uuid("event-id", 42, 1));
        assertThat(uuid).isNotEqualTo(Seeds.uuid("event-id", 42, 2));
        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
    }
}
