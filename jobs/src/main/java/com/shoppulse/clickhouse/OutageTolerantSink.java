package com.shoppulse.clickhouse;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC sink, except that closing its writer never throws.
 *
 * <p>When ClickHouse is away, a flush fails and the task fails; Flink then closes the writer, which
 * tries to flush its buffer once more and throws again. An exception while a failed task is being
 * cleaned up is fatal to Flink: the whole TaskManager process exits, and every job on it waits for
 * a person. Swallowing it loses nothing: the sink is at least once, so what the buffer held since
 * the last checkpoint is read again from Kafka after the restart, and the tables replace a row
 * written twice. The job then restarts with the cluster's backoff until ClickHouse is back.
 */
final class OutageTolerantSink<T>
        implements Sink<T>,
                SupportsWriterState<T, JdbcWriterState>,
                SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OutageTolerantSink.class);

    private final JdbcSink<T> delegate;

    OutageTolerantSink(JdbcSink<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public Writer<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(delegate.createWriter(context));
    }

    @Override
    public Writer<T> restoreWriter(WriterInitContext context, Collection<JdbcWriterState> state)
            throws IOException {
        return new Writer<>(delegate.restoreWriter(context, state));
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context)
            throws IOException {
        return delegate.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    /** Delegates everything; only {@link #close} logs what it would have thrown. */
    static final class Writer<T>
            implements StatefulSinkWriter<T, JdbcWriterState>,
                    CommittingSinkWriter<T, JdbcCommitable> {
        private final StatefulSinkWriter<T, JdbcWriterState> stateful;
        private final CommittingSinkWriter<T, JdbcCommitable> committing;

        <W extends StatefulSinkWriter<T, JdbcWriterState> & CommittingSinkWriter<T, JdbcCommitable>>
                Writer(W delegate) {
            this.stateful = delegate;
            this.committing = delegate;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            stateful.write(element, context);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            stateful.flush(endOfInput);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            stateful.writeWatermark(watermark);
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            return stateful.snapshotState(checkpointId);
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            return committing.prepareCommit();
        }

        @Override
        public void close() {
            try {
                stateful.close();
            } catch (Exception e) {
                LOG.warn(
                        "Closing the ClickHouse writer failed; its unflushed rows will be written"
                                + " again after the restart, from the last checkpoint",
                        e);
            }
        }
    }
}
