package com.shoppulse.submit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Submits the jobs of the job list (flink-jobs.yaml) to a Flink session cluster through its REST
 * API, as the web UI's "Submit New Job" does, or stops them with a savepoint each ({@code --stop}).
 * local/up.sh and the Docker stack's flink-jobs service run it; {@code --help} lists its options.
 */
public final class SubmitJobs {
    private SubmitJobs() {}

    public static void main(String[] args) throws InterruptedException {
        if (SubmitOptions.OPTIONS.printHelpIfAsked(args)) {
            return;
        }
        SubmitOptions options;
        try {
            options = SubmitOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (--help lists the options)");
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (Exception e) {
            log("ERROR: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(SubmitOptions options) throws Exception {
        Map<String, String> variables = new HashMap<>(System.getenv());
        variables.put(SubmitOptions.FLINK_REST_URL_VARIABLE, options.flinkRestUrl());
        List<JobSpec> jobs = selected(JobList.read(options.jobList(), variables), options.only());
        FlinkRestClient flink = new FlinkRestClient(options.flinkRestUrl());
        if (options.waitForTaskManager()) {
            log("waiting for the JobManager at " + options.flinkRestUrl() + " and a TaskManager");
            flink.awaitTaskManager();
        }
        JobSubmitter submitter = new JobSubmitter(flink, options.checkpoints(), SubmitJobs::log);
        if (options.stop()) {
            submitter.stopAll(jobs);
        } else {
            submitter.submitAll(jobs);
        }
    }

    private static List<JobSpec> selected(List<JobSpec> jobs, List<String> only) {
        List<String> names = jobs.stream().map(JobSpec::name).toList();
        for (String name : only) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException(
                        "no job '" + name + "' in the job list; it has " + names);
            }
        }
        return only.isEmpty() ? jobs : jobs.stream().filter(j -> only.contains(j.name())).toList();
    }

    private static void log(String line) {
        System.err.println("[submit-jobs] " + line);
    }
}
