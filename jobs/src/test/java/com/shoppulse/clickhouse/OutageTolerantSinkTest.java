package com.shoppulse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.junit.jupiter.api.Test;

class OutageTolerantSinkTest {
    /** A writer whose database is away: every flush and its close fail, as the JDBC one does. */
    private static final class DatabaseAway
            implements StatefulSinkWriter<String, JdbcWriterState>,
                    CommittingSinkWriter<String, JdbcCommitable> {
        final List<String> written = new ArrayList<>();
        boolean closed;

        @Override
        public void write(String element, Context context) {
            written.add(element);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            throw new IOException("Connection refused");
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() {
            return List.of();
        }

        @Override
        public void close() {
            closed = true;
            throw new RuntimeException("Writing records to JDBC failed.");
        }
    }

    @Test
    void aFailingFlushStillFailsTheTaskButClosingAfterItNeverThrows() throws Exception {
        DatabaseAway database = new DatabaseAway();
        OutageTolerantSink.Writer<String> writer = new OutageTolerantSink.Writer<>(database);

        writer.write("row", null);
        assertThatThrownBy(() -> writer.flush(false)).hasMessageContaining("Connection refused");
        assertThatCode(writer::close).doesNotThrowAnyException();

        assertThat(database.written).containsExactly("row");
        assertThat(database.closed).isTrue();
    }
}
