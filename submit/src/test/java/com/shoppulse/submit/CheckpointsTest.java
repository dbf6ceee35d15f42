package com.shoppulse.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir Path dir;

    @Test
    void noDirectoryOrNoCompleteCheckpointMeansNone() throws IOException {
        assertThat(Checkpoints.newest(dir.resolve("never-ran"))).isEmpty();
        Files.createDirectories(dir.resolve("job-a/chk-7"));
        Files.createDirectories(dir.resolve("job-a/shared"));
        assertThat(Checkpoints.newest(dir)).isEmpty();
    }

    @Test
    void theNewestCompleteCheckpointOfAnyEarlierJobWins() throws IOException {
        checkpoint("job-a/chk-9", "2026-12-01T10:00:00Z");
        Path newer = checkpoint("job-b/chk-2", "2026-12-01T11:00:00Z");
        // Being written: no _metadata yet.
        Files.createDirectories(dir.resolve("job-b/chk-3"));
        checkpoint("job-b/taskowned", "2026-12-01T12:00:00Z");

        assertThat(Checkpoints.newest(dir)).contains(newer);
    }

    @Test
    void aSavepointTakenAfterTheNewestCheckpointWins() throws IOException {
        checkpoint("job-a/chk-9", "2026-12-01T10:00:00Z");
        Path savepoint = checkpoint("savepoints/savepoint-a-1", "2026-12-01T10:01:00Z");

        assertThat(Checkpoints.newest(dir)).contains(savepoint);
    }

    @Test
    void aStopsSavepointReplacesTheOlderOnes() throws IOException {
        Path chk = checkpoint("job-a/chk-9", "2026-12-01T10:00:00Z");
        checkpoint("savepoints/savepoint-a-1", "2026-12-01T10:01:00Z");
        Files.createDirectories(dir.resolve("savepoints/savepoint-a-2/sub"));
        Path kept = checkpoint("savepoints/savepoint-b-1", "2026-12-01T11:00:00Z");

        Checkpoints.deleteSavepointsBut(dir.resolve("savepoints"), kept);

        try (var left = Files.list(dir.resolve("savepoints"))) {
            assertThat(left).containsExactly(kept);
        }
        assertThat(chk.resolve("_metadata")).exists();
        assertThat(Checkpoints.newest(dir)).contains(kept);
    }

    @Test
    void checkpointsWithoutARecordOfTheirStateBackendAreTheHeapBackends() throws IOException {
        assertThat(Checkpoints.stateBackend(dir)).isEqualTo("hashmap");

        Checkpoints.recordStateBackend(dir, "rocksdb");

        assertThat(Checkpoints.stateBackend(dir)).isEqualTo("rocksdb");
        assertThat(Checkpoints.newest(dir)).isEmpty();
    }

    private Path checkpoint(String path, String modified) throws IOException {
        Path chk = Files.createDirectories(dir.resolve(path));
        Path metadata = Files.createFile(chk.resolve("_metadata"));
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.parse(modified)));
        return chk;
    }
}
