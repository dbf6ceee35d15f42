package com.shoppulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading the answers of Flink's REST API, in the shapes Flink 2.2 gives them. */
class PollJobRestartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keepsTheJobsThatHaveNotEnded() throws Exception {
        String overview =
                "{\"jobs\":[{\"jid\":\"a1\",\"name\":\"shop-pulse metrics\",\"state\":\"RUNNING\"},"
                        + "{\"jid\":\"b2\",\"name\":\"old\",\"state\":\"CANCELED\"},"
                        + "{\"jid\":\"c3\",\"name\":\"shop-pulse alerts\",\"state\":\"RESTARTING\"},"
                        + "{\"jid\":\"d4\",\"name\":\"done\",\"state\":\"FINISHED\"}]}";

        assertThat(PollJobRestarts.liveJobs(JSON.readTree(overview)))
                .extracting(job -> job.get("name").asText())
                .containsExactly("shop-pulse metrics", "shop-pulse alerts");
    }

    @Test
    void readsNumRestartsFromAJobsMetrics() throws Exception {
        assertThat(
                        PollJobRestarts.restarts(
                                JSON.readTree("[{\"id\":\"numRestarts\",\"value\":\"4\"}]")))
                .isEqualTo(4);
        assertThat(PollJobRestarts.restarts(JSON.readTree("[]"))).isZero();
    }
}
