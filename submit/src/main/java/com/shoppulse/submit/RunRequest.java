package com.shoppulse.submit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How to run an uploaded jar: what the web UI's "Submit New Job" form asks, plus where the job
 * checkpoints, the checkpoint it starts from and, if not the cluster's, its state backend.
 */
public record RunRequest(
        String entryClass,
        int parallelism,
        List<String> args,
        Path checkpointDir,
        Optional<Path> restoreFrom,
        Optional<String> stateBackend) {

    public RunRequest {
        args = List.copyOf(args);
    }
}
