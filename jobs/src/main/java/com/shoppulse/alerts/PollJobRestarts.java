package com.shoppulse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On every tick, asks the Flink cluster's REST API how often each of its live jobs has restarted
 * (the job metric {@code numRestarts}). A cluster that does not answer yields nothing this time:
 * the JobManager may be restarting itself.
 */
public final class PollJobRestarts extends RichFlatMapFunction<Long, JobRestarts> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PollJobRestarts.class);
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String restUrl;
    private transient HttpClient http;

    public PollJobRestarts(String restUrl) {
        this.restUrl = restUrl.replaceAll("/+$", "");
    }

    @Override
    public void open(OpenContext openContext) {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void flatMap(Long tick, Collector<JobRestarts> out) throws InterruptedException {
        try {
            long now = System.currentTimeMillis();
            for (JsonNode job : liveJobs(get("/jobs/overview"))) {
                JsonNode metrics =
                        get("/jobs/" + job.get("jid").asText() + "/metrics?get=numRestarts");
                out.collect(new JobRestarts(job.get("name").asText(), restarts(metrics), now));
            }
        } catch (IOException e) {
            LOG.debug("the Flink REST API at {} did not answer: {}", restUrl, e.toString());
        }
    }

    /** The jobs of a {@code /jobs/overview} answer that have not ended. */
    static List<JsonNode> liveJobs(JsonNode overview) {
        List<JsonNode> live = new ArrayList<>();
        for (JsonNode job : overview.path("jobs")) {
            if (!ENDED.contains(job.path("state").asText())) {
                live.add(job);
            }
        }
        return live;
    }

    /**
     * {@code numRestarts} from a job metrics answer ({@code [{"id":..., "value":"3"}]}); 0 if
     * absent.
     */
    static long restarts(JsonNode metrics) {
        for (JsonNode metric : metrics) {
            if ("numRestarts".equals(metric.path("id").asText())) {
                return (long) Double.parseDouble(metric.path("value").asText("0"));
            }
        }
        return 0;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + path);
        }
        return JSON.readTree(response.body());
    }
}
