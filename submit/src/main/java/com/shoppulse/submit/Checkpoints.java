package com.shoppulse.submit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The checkpoints Flink retained in a job's checkpoint directory. */
final class Checkpoints {
    private Checkpoints() {}

    /**
     * The newest complete checkpoint under {@code dir} ({@code <job id>/chk-<n>}, complete once its
     * {@code _metadata} is written), by the time of that file: a job submitted again gets a new job
     * id, so the newest checkpoint may sit under any of them.
     */
    static Optional<Path> newest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return children(dir).stream()
                .flatMap(job -> children(job).stream())
                .filter(chk -> chk.getFileName().toString().startsWith("chk-"))
                .filter(chk -> Files.isRegularFile(chk.resolve("_metadata")))
                .max(Comparator.comparing(chk -> modified(chk.resolve("_metadata"))));
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
