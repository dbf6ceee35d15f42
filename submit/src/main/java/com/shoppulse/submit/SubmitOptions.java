package com.shoppulse.submit;

import com.shoppulse.options.Option;
import com.shoppulse.options.OptionTable;
import com.shoppulse.options.OptionValues;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link SubmitJobs}, declared in {@link #OPTIONS}.
 *
 * @param only the jobs of the list to submit, by name; all of them if empty
 * @param stop stop the jobs with a savepoint each instead of submitting them
 */
record SubmitOptions(
        String flinkRestUrl,
        Path jobList,
        Path checkpoints,
        boolean waitForTaskManager,
        List<String> only,
        boolean stop) {

    static final String FLINK_REST_URL_VARIABLE = "FLINK_REST_URL";

    private static final Option<String> FLINK_REST_URL =
            Option.text("flink-rest-url")
                    .check(
                            url -> url.matches("https?://.+"),
                            "the HTTP address of Flink's REST API, like http://localhost:8081")
                    .withShownDefault("`$" + FLINK_REST_URL_VARIABLE + "`")
                    .withDescription(
                            "the session cluster's REST API; the list sees it as `${"
                                    + FLINK_REST_URL_VARIABLE
                                    + "}` (where the alerting job watches restarts)");
    private static final Option<String> CHECKPOINTS =
            Option.text("checkpoints")
                    .withShownDefault("none (required)")
                    .withDescription(
                            "each job checkpoints to `<dir>/<job>`; the cluster's processes must"
                                    + " see the same path");
    private static final Option<String> JOBS =
            Option.text("jobs").withDefault("flink-jobs.yaml").withDescription("the job list");
    private static final Option<Boolean> WAIT_FOR_TASKMANAGER =
            Option.bool("wait-for-taskmanager")
                    .withDefault("false")
                    .withDescription(
                            "first wait until the cluster has a TaskManager (Docker starts them"
                                    + " side by side)");
    private static final Option<List<String>> ONLY =
            Option.of(
                            "only",
                            "job names of the list, separated by commas",
                            names -> Arrays.stream(names.split(",")).map(String::strip).toList())
                    .withShownDefault("all")
                    .withDescription(
                            "the jobs to submit, by name (Docker leaves out `generator` with"
                                    + " `RUN_GENERATOR=false`)");

    private static final Option<Boolean> STOP =
            Option.bool("stop")
                    .withDefault("false")
                    .withDescription(
                            "instead of submitting the jobs, stop those running, each with a"
                                    + " savepoint into `<dir>/<job>/savepoints`, from which the"
                                    + " next submit resumes it (local/up.sh does this when it"
                                    + " stops)");

    static final OptionTable OPTIONS =
            OptionTable.of(
                    "the submit client",
                    List.of(FLINK_REST_URL, CHECKPOINTS, JOBS, WAIT_FOR_TASKMANAGER, ONLY, STOP));

    static SubmitOptions parse(String[] args, Map<String, String> environment) {
        OptionValues options = OPTIONS.parse(args);
        String flinkRestUrl = options.get(FLINK_REST_URL);
        if (flinkRestUrl == null) {
            flinkRestUrl = environment.get(FLINK_REST_URL_VARIABLE);
        }
        if (flinkRestUrl == null || flinkRestUrl.isBlank()) {
            throw new IllegalArgumentException(
                    "option --flink-rest-url is needed, or the variable "
                            + FLINK_REST_URL_VARIABLE);
        }
        String checkpoints = options.get(CHECKPOINTS);
        if (checkpoints == null) {
            throw new IllegalArgumentException("option --checkpoints is needed");
        }
        List<String> only = options.get(ONLY);
        return new SubmitOptions(
                flinkRestUrl,
                Path.of(options.get(JOBS)),
                Path.of(checkpoints),
                options.get(WAIT_FOR_TASKMANAGER),
                only == null ? List.of() : only,
                options.get(STOP));
    }
}
