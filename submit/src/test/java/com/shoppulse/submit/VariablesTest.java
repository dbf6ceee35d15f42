package com.shoppulse.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesTest {
    private final Variables variables =
            new Variables(Map.of("KAFKA", "kafka:9092", "EMPTY", "", "DOLLAR", "a$1\\b"));

    @Test
    void fillsSetVariablesAndLeavesOtherTextAlone() {
        assertThat(variables.fill("${KAFKA}", "x")).isEqualTo("kafka:9092");
        assertThat(variables.fill("PLAINTEXT://${KAFKA}/$x", "x"))
                .isEqualTo("PLAINTEXT://kafka:9092/$x");
        assertThat(variables.fill("${DOLLAR}", "x")).isEqualTo("a$1\\b");
    }

    @Test
    void usesTheDefaultForAnUnsetOrEmptyVariable() {
        assertThat(variables.fill("${TOPIC:-shop-events}", "x")).isEqualTo("shop-events");
        assertThat(variables.fill("${EMPTY:-fallback}", "x")).isEqualTo("fallback");
        assertThat(variables.fill("${KAFKA:-other}", "x")).isEqualTo("kafka:9092");
        assertThat(variables.fill("${RATE:-}", "x")).isEmpty();
    }

    @Test
    void anUnsetVariableWithoutDefaultIsNamedInTheError() {
        assertThatThrownBy(
                        () -> variables.fill("${CLICKHOUSE_URL}", "job metrics (--clickhouse-url)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "job metrics (--clickhouse-url) needs the variable CLICKHOUSE_URL, which is"
                                + " not set");
        assertThatThrownBy(() -> variables.fill("${EMPTY}", "x"))
                .hasMessageContaining("needs the variable EMPTY");
    }
}
