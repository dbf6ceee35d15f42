package com.shoppulse.submit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 *       job cancelled to change its parallelism resumes with the new one;
 *   <li>a job whose checkpoints another state backend wrote than the cluster's moves to the
 *       cluster's through a savepoint.
 * </ul>
 *
 * <p>{@link #stopAll} stops the jobs with a savepoint each, from which the next submission resumes.
 */
public final class JobSubmitter {
    /**
     * How long a job may take to start, and then to take its savepoint, when it changes backend.
     */
    private static final Duration STATE_BACKEND_MOVE_TIMEOUT = Duration.ofMinutes(5);

    /**
     * How long each job may take to stop with a savepoint; the whole stop of local/up.sh waits for
     * it, so a job that cannot (one restarting, or held back by a dependency that is down) is left
     * to its checkpoints instead.
     */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

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
        String backend = flink.clusterStateBackend();
        String written = Checkpoints.stateBackend(dir);
        if (checkpoint.isPresent() && !written.equals(backend)) {
            checkpoint =
                    Optional.of(moveToStateBackend(job, dir, checkpoint.get(), written, backend));
        }
        Checkpoints.recordStateBackend(dir, backend);
        String jobId = run(job, dir, checkpoint, Optional.empty());
        log.accept(
                String.format("submitted %s (%s) as job %s", job.name(), job.entryClass(), jobId)
                        + checkpoint.map(path -> ", resuming from " + shown(path)).orElse(""));
        return new Submission(job, jobId, false, checkpoint);
    }

    /**
     * Stops each running job of the list with a savepoint into {@code
     * <checkpoints>/<name>/savepoints}, the last of the list first, so that the next {@link
     * #submit} resumes it exactly where it stopped. From a checkpoint it would resume up to a
     * checkpoint interval back, and do again what it did since: send a Telegram message a second
     * time, say. A job that is not running, or takes no savepoint within {@link #STOP_TIMEOUT}, is
     * left to resume from its newest checkpoint; the log says which.
     */
    public void stopAll(List<JobSpec> jobs) throws IOException, InterruptedException {
        List<JobStatus> statuses = flink.jobs();
        for (int i = jobs.size() - 1; i >= 0; i--) {
            JobSpec job = jobs.get(i);
            Optional<JobStatus> running =
                    statuses.stream()
                            .filter(s -> s.state().equals("RUNNING"))
                            .filter(s -> s.name().equals(job.jobName()))
                            .findFirst();
            if (running.isEmpty()) {
                log.accept(
                        job.name() + " is not running; it will resume from its newest checkpoint");
                continue;
            }
            Path savepoints = checkpoints.resolve(job.name()).resolve(Checkpoints.SAVEPOINTS);
            Path savepoint;
            try {
                savepoint = flink.stopWithSavepoint(running.get().id(), savepoints, STOP_TIMEOUT);
            } catch (IOException | IllegalStateException e) {
                log.accept(
                        String.format(
                                "%s took no savepoint (%s); it will resume from its newest"
                                        + " checkpoint",
                                job.name(), e.getMessage()));
                continue;
            }
            log.accept(String.format("stopped %s with savepoint %s", job.name(), shown(savepoint)));
            Checkpoints.deleteSavepointsBut(savepoints, savepoint);
        }
    }

    /**
     * A checkpoint can be restored only by the state backend that wrote it, so a job whose cluster
     * changed its state backend since (as this stack did, from heap to RocksDB) would fail to
     * restore, again and again. Instead the job resumes from it once more with its old backend and
     * stops at once with a savepoint in Flink's canonical format, which any backend restores;
     * returns that savepoint.
     */
    private Path moveToStateBackend(
            JobSpec job, Path dir, Path checkpoint, String old, String backend)
            throws IOException, InterruptedException {
        log.accept(
                String.format(
                        "%s: %s was written by the %s state backend and the cluster's is %s:"
                                + " resuming it with %s to take a savepoint that %s can read",
                        job.name(), shown(checkpoint), old, backend, old, backend));
        String jobId = run(job, dir, Optional.of(checkpoint), Optional.of(old));
        flink.awaitTasksRunning(jobId, STATE_BACKEND_MOVE_TIMEOUT);
        Path savepoint =
                flink.stopWithSavepoint(
                        jobId, dir.resolve(Checkpoints.SAVEPOINTS), STATE_BACKEND_MOVE_TIMEOUT);
        log.accept(String.format("%s: savepoint %s taken", job.name(), shown(savepoint)));
        return savepoint;
    }

    private String run(JobSpec job, Path dir, Optional<Path> restore, Optional<String> backend)
            throws IOException, InterruptedException {
        return flink.run(
                uploadOnce(job.jar()),
                new RunRequest(
                        job.entryClass(), job.parallelism(), job.args(), dir, restore, backend));
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
