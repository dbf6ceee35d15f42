package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AlertsJobConfigTest {
    @Test
    void theReadmeListsTheOptionsAsDeclared() throws IOException {
        AlertsJobConfig.OPTIONS.requireListedIn(Path.of("..", "README.md"));
    }

    @Test
    void withoutARulesFileTheShippedRulesApply() throws IOException {
        AlertsJobConfig config = AlertsJobConfig.fromArgs();

        assertThat(config.rules).isNotEmpty();
        assertThat(config.startingOffsets).isEqualTo("latest");
        assertThat(config.flinkRestUrl).isNull();
    }

    @Test
    void aMissingRulesFileIsNamed() {
        assertThatThrownBy(() -> AlertsJobConfig.fromArgs("--rules", "no-such-rules.yaml"))
                .hasMessage("option --rules: cannot read the rules file 'no-such-rules.yaml'");
        assertThatThrownBy(() -> AlertsJobConfig.fromArgs("--flink-rest-url", "localhost:8081"))
                .hasMessageContaining("must be the HTTP address of Flink's REST API");
    }
}
