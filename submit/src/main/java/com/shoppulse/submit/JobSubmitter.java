package com.shoppulse.submit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Submits the jobs of the list to a session cluster, safe to repeat:
 *
 * <ul>
 *   <li>a job that is live under its name is left alone, so a second start does not run it twice;
 *   <li>each job checkpoints to a directory of its own, {@code <checkpoints>/<name>}, and a job
 *       that ran before resumes from its newest complete checkpoint there: a stopped or killed
 *       stack starts again where it left off instead of replaying its input into a new job, and a
 *       job cancelled to change its parallelism resumes with the new one.
 * </ul>
 */
public final class JobSubmitter {
    private final FlinkRestClient flink;
    private final Path checkpoints;
    private final Consumer<String> log;

    /** Jars uploaded by this submitter, by path: the two jobs of one jar share one upload. */
    private final Map<Path, String> uploaded = new HashMap<>();

    /**
     * @param checkpoints the directory under which each job checkpoints; the cluster's processes
     *     must see it at the same path
     */
    public JobSubmitter(FlinkRestClient flink, Path checkpoints, Consumer<String> log) {
        this.flink = flink;
        this.checkpoints = checkpoints.toAbsolutePath();
        this.log = log;
    }

    public List<Submission> submitAll(List<JobSpec> jobs) throws IOException, InterruptedException {
        List<Submission> submissions = new ArrayList<>();
        for (JobSpec job : jobs) {
            submissions.add(submit(job));
        }
        return submissions;
    }

    public Submission submit(JobSpec job) throws IOException, InterruptedException {
        Optional<JobStatus> live =
                flink.jobs().stream()
                        .filter(status -> status.live() && status.name().equals(job.jobName()))
                        .findFirst();
        if (live.isPresent()) {
            log.accept(
                    String.format(
                            "%s ('%s') is %s as job %s; left alone",
                            job.name(), job.jobName(), live.get().state(), live.get().id()));
            return new Submission(job, live.get().id(), true, Optional.empty());
        }
        if (!Files.isRegularFile(job.jar())) {
            throw new IllegalArgumentException(
                    job.jar() + " not found; build it with: mvn -B -DskipTests package");
        }
        Path dir = checkpoints.resolve(job.name());
        Optional<Path> checkpoint = Checkpoints.newest(dir);
        String jobId =
                flink.run(
                        uploadOnce(job.jar()),
                        new RunRequest(
                                job.entryClass(), job.parallelism(), job.args(), dir, checkpoint));
        log.accept(
                String.format("submitted %s (%s) as job %s", job.name(), job.entryClass(), jobId)
                        + checkpoint.map(path -> ", resuming from " + shown(path)).orElse(""));
        return new Submission(job, jobId, false, checkpoint);
    }

    private String uploadOnce(Path jar) throws IOException, InterruptedException {
        String id = uploaded.get(jar);
        if (id == null) {
            id = flink.uploadJar(jar);
            uploaded.put(jar, id);
        }
        return id;
    }

    /** Relative to the working directory when under it: shorter, and the same on every machine. */
    private static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
    }
}
