package com.shoppulse.submit;

import java.nio.file.Path;
import java.util.List;

/**
 * One job of the job list, its placeholders filled.
 *
 * @param name the list's short name: the job's checkpoint directory and its log lines
 * @param jobName what the job calls itself when it runs ({@code env.execute}), as the REST API's
 *     job overview lists it
 */
public record JobSpec(
        String name,
        String jobName,
        Path jar,
        String entryClass,
        int parallelism,
        List<String> args) {

    public JobSpec {
        args = List.copyOf(args);
    }
}
