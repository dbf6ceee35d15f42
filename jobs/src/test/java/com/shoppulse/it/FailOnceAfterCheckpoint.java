package com.shoppulse.it;

import com.shoppulse.ingest.ParsedRecord;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Fails the job once, at the first record after a checkpoint that followed some records, so that it
 * must restore from that checkpoint and replay from Kafka. Slows records down until then, so that a
 * checkpoint completes while records are still flowing. Static state, because the restarted task is
 * a new instance in the same JVM.
 */
final class FailOnceAfterCheckpoint
        implements MapFunction<ParsedRecord, ParsedRecord>, CheckpointListener {
    private static final long serialVersionUID = 1L;

    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicInteger SEEN = new AtomicInteger();

    /** Records to pass before failing, so that the restored state holds real totals. */
    private static final int WARM_UP = 500;

    static void reset() {
        CHECKPOINTED.set(false);
        FAILED.set(false);
        SEEN.set(0);
    }

    @Override
    public ParsedRecord map(ParsedRecord record) throws Exception {
        if (!FAILED.get()) {
            if (CHECKPOINTED.get()) {
                FAILED.set(true);
                throw new IllegalStateException(
                        "injected failure at "
                                + record.source.topicPartition()
                                + "@"
                                + record.source.offset);
            }
            SEEN.incrementAndGet();
            Thread.sleep(2);
        }
        return record;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (SEEN.get() > WARM_UP) {
            CHECKPOINTED.set(true);
        }
    }
}
