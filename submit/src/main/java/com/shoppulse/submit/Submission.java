package com.shoppulse.submit;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What became of one job of the list.
 *
 * @param jobId the new job's id, or the id of the live job that was left alone
 * @param leftAlone whether a job of the same name was live already, so nothing was submitted
 * @param restoredFrom the checkpoint the new job starts from, if it ran before
 */
public record Submission(
        JobSpec job, String jobId, boolean leftAlone, Optional<Path> restoredFrom) {}
