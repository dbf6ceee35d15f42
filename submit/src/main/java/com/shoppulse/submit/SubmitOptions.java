package com.shoppulse.submit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link SubmitJobs}.
 *
 * @param only the jobs of the list to submit, by name; all of them if empty
 */
record SubmitOptions(
        String flinkRestUrl,
        Path jobList,
        Path checkpoints,
        boolean waitForTaskManager,
        List<String> only) {

    static final String USAGE =
            """
            usage: java -jar shop-pulse-submit.jar --checkpoints DIR [options] [JOB...]

            Submits the jobs of the job list (all, or the JOBs named) to a Flink session cluster.
            A job already live under its name is left alone; a job that ran before resumes from
            its newest checkpoint in DIR/<job>.

              --flink-rest-url URL     the cluster's REST API (default: $FLINK_REST_URL); the job
                                       list sees it as ${FLINK_REST_URL}
              --checkpoints DIR        where each job checkpoints, in DIR/<job>; the cluster must
                                       see DIR at the same path
              --jobs FILE              the job list (default: flink-jobs.yaml)
              --wait-for-taskmanager   first wait until the cluster has a TaskManager

            The list's ${NAME} and ${NAME:-default} placeholders are filled from the environment.
            """;

    static SubmitOptions parse(String[] args, Map<String, String> environment) {
        String flinkRestUrl = environment.get("FLINK_REST_URL");
        Path jobList = Path.of("flink-jobs.yaml");
        Path checkpoints = null;
        boolean waitForTaskManager = false;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flink-rest-url" -> flinkRestUrl = valueOf(args, ++i);
                case "--jobs" -> jobList = Path.of(valueOf(args, ++i));
                case "--checkpoints" -> checkpoints = Path.of(valueOf(args, ++i));
                case "--wait-for-taskmanager" -> waitForTaskManager = true;
                default -> {
                    if (args[i].startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    only.add(args[i]);
                }
            }
        }
        if (flinkRestUrl == null || flinkRestUrl.isBlank()) {
            throw new IllegalArgumentException("--flink-rest-url (or FLINK_REST_URL) is not set");
        }
        if (checkpoints == null) {
            throw new IllegalArgumentException("--checkpoints is not set");
        }
        return new SubmitOptions(flinkRestUrl, jobList, checkpoints, waitForTaskManager, only);
    }

    private static String valueOf(String[] args, int i) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
