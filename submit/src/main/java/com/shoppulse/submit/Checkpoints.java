package com.shoppulse.submit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A job's checkpoint directory: the checkpoints Flink retained there, the savepoints the submitter
 * took there ({@link #SAVEPOINTS}), and which state backend wrote them ({@link #STATE_BACKEND}).
 */
final class Checkpoints {
    /** Where the submitter puts the savepoints it takes to move a job to another state backend. */
    static final String SAVEPOINTS = "savepoints";

    /** The file that names the state backend the job's checkpoints are written with. */
    static final String STATE_BACKEND = "state-backend";

    /**
     * What wrote checkpoints that have no {@link #STATE_BACKEND} file: they predate it, and until
     * then the stack shipped Flink's heap backend only.
     */
    static final String UNRECORDED_STATE_BACKEND = "hashmap";

    private Checkpoints() {}

    /**
     * The newest complete checkpoint or savepoint under {@code dir} ({@code <job id>/chk-<n>} or
     * {@code savepoints/savepoint-<id>}, complete once its {@code _metadata} is written), by the
     * time of that file: a job submitted again gets a new job id, so the newest checkpoint may sit
     * under any of them.
     */
    static Optional<Path> newest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return children(dir).stream()
                .flatMap(job -> children(job).stream())
                .filter(
                        chk ->
                                chk.getFileName().toString().startsWith("chk-")
                                        || chk.getFileName().toString().startsWith("savepoint-"))
                .filter(chk -> Files.isRegularFile(chk.resolve("_metadata")))
                .max(Comparator.comparing(chk -> modified(chk.resolve("_metadata"))));
    }

    /** The state backend that wrote the checkpoints under {@code dir}. */
    static String stateBackend(Path dir) {
        try {
            return Files.readString(dir.resolve(STATE_BACKEND)).strip();
        } catch (NoSuchFileException e) {
            return UNRECORDED_STATE_BACKEND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Notes that the job's checkpoints under {@code dir} are written by {@code backend} from now.
     */
    static void recordStateBackend(Path dir, String backend) throws IOException {
        Files.createDirectories(dir);
        Path partial = dir.resolve(STATE_BACKEND + ".partial");
        Files.writeString(partial, backend + "\n");
        Files.move(partial, dir.resolve(STATE_BACKEND), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Deletes the savepoints in {@code savepoints} but {@code kept}, which a job took as it
     * stopped: it resumes from that one or a later checkpoint, never from an older savepoint, and a
     * stack stopped every day would otherwise pile them up.
     */
    static void deleteSavepointsBut(Path savepoints, Path kept) throws IOException {
        for (Path other : children(savepoints)) {
            if (other.getFileName().toString().startsWith("savepoint-")
                    && !other.getFileName().equals(kept.getFileName())) {
                try (Stream<Path> files = Files.walk(other)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (NoSuchFileException e) {
            // Flink removed it (a checkpoint it no longer retains) since it was listed.
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return FileTime.fromMillis(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
