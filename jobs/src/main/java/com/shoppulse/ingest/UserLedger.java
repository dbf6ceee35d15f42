package com.shoppulse.ingest;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;

/**
 * What {@link Deduplicate} keeps per user: the user's dense index, the dedup keys of their counted
 * events with each event's time, and when the next clean-up of those keys is due. A Flink {@link
 * Value}, so the heap snapshot writes it field by field rather than through Kryo; each key in one
 * write (keys are at most a few hundred characters, see {@code EventParser}), where a write per
 * character made snapshots a tenth of the job's CPU.
 */
public final class UserLedger implements Value {
    private static final long serialVersionUID = 1L;

    static final long NO_CLEANUP = Long.MIN_VALUE;

    int index;
    long cleanupAt = NO_CLEANUP;
    final Map<String, Long> counted = new HashMap<>();

    public UserLedger() {}

    UserLedger(int index) {
        this.index = index;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        out.writeInt(index);
        out.writeLong(cleanupAt);
        out.writeInt(counted.size());
        for (Map.Entry<String, Long> entry : counted.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeLong(entry.getValue());
        }
    }

    @Override
    public void read(DataInputView in) throws IOException {
        index = in.readInt();
        cleanupAt = in.readLong();
        counted.clear();
        for (int n = in.readInt(); n > 0; n--) {
            counted.put(in.readUTF(), in.readLong());
        }
    }
}
