package com.shoppulse.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmitOptionsTest {
    @Test
    void theReadmeListsTheOptionsAsDeclared() throws IOException {
        SubmitOptions.OPTIONS.requireListedIn(Path.of("..", "README.md"));
    }

    @Test
    void readsOptionsAndTheJobsToSubmit() {
        SubmitOptions options =
                SubmitOptions.parse(
                        new String[] {
                            "--flink-rest-url", "http://jm:8081",
                            "--jobs", "list.yaml",
                            "--checkpoints", "/state/checkpoints",
                            "--wait-for-taskmanager", "true",
                            "--only", "metrics, alerts",
                            "--stop", "true"
                        },
                        Map.of("FLINK_REST_URL", "http://other:8081"));

        assertThat(options)
                .isEqualTo(
                        new SubmitOptions(
                                "http://jm:8081",
                                Path.of("list.yaml"),
                                Path.of("/state/checkpoints"),
                                true,
                                List.of("metrics", "alerts"),
                                true));
    }

    @Test
    void theClusterComesFromTheEnvironmentAndTheListHasADefault() {
        SubmitOptions options =
                SubmitOptions.parse(
                        new String[] {"--checkpoints", "c"},
                        Map.of("FLINK_REST_URL", "http://jobmanager:8081"));

        assertThat(options.flinkRestUrl()).isEqualTo("http://jobmanager:8081");
        assertThat(options.jobList()).isEqualTo(Path.of("flink-jobs.yaml"));
        assertThat(options.waitForTaskManager()).isFalse();
        assertThat(options.only()).isEmpty();
        assertThat(options.stop()).isFalse();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> SubmitOptions.parse(new String[] {"--checkpoints", "c"}, Map.of()))
                .hasMessage("option --flink-rest-url is needed, or the variable FLINK_REST_URL");
        assertThatThrownBy(
                        () ->
                                SubmitOptions.parse(
                                        new String[] {"--flink-rest-url", "http://u"}, Map.of()))
                .hasMessage("option --checkpoints is needed");
        assertThatThrownBy(() -> SubmitOptions.parse(new String[] {"--checkpoints"}, Map.of()))
                .hasMessage("option --checkpoints needs a value");
        assertThatThrownBy(() -> SubmitOptions.parse(new String[] {"--parallelism", "2"}, Map.of()))
                .hasMessageStartingWith("unknown option --parallelism");
    }
}
