package com.shoppulse.ingest;

import com.shoppulse.events.ShopEvent;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;

/**
 * What {@link Deduplicate} keeps per user: the user's dense index, the dedup keys of their counted
 * events with each event's time while they are few, else how many keys it keeps apart, and when the
 * next clean-up of those keys is due. A Flink {@link Value}, so the heap snapshot writes it field
 * by field rather than through Kryo.
 *
 * <p>The format is versioned, so that checkpoints of earlier versions stay readable: format 1 (no
 * header; it starts with the index, which is never negative) kept each key as its text; formats 1
 * and 2 kept every key in the ledger, so a ledger read from them has no keys apart.
 */
public final class UserLedger implements Value {
    private static final long serialVersionUID = 1L;

    static final long NO_CLEANUP = Long.MIN_VALUE;

    /** Negative, so that it cannot be mistaken for the index that format 1 starts with. */
    static final int FORMAT_2 = 0xD350_0002;

    static final int FORMAT_3 = 0xD350_0003;

    int index;
    long cleanupAt = NO_CLEANUP;
    final DedupKeys counted = new DedupKeys();

    /**
     * How many keys {@link Deduplicate} keeps in its map state. A ledger that an earlier version
     * wrote may hold keys in {@link #counted} as well; the user's next new key moves them there.
     */
    int moreKeys;

    public UserLedger() {}

    UserLedger(int index) {
        this.index = index;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        out.writeInt(FORMAT_3);
        out.writeInt(index);
        out.writeLong(cleanupAt);
        counted.write(out);
        out.writeInt(moreKeys);
    }

    @Override
    public void read(DataInputView in) throws IOException {
        int header = in.readInt();
        if (header >= 0) {
            readFormat1(header, in);
            return;
        }
        if (header != FORMAT_2 && header != FORMAT_3) {
            throw new IOException(
                    "a user ledger of format "
                            + Integer.toHexString(header)
                            + ", which this version does not know: restore with a newer build");
        }
        index = in.readInt();
        cleanupAt = in.readLong();
        counted.read(in);
        moreKeys = header == FORMAT_3 ? in.readInt() : 0;
    }

    private void readFormat1(int index, DataInputView in) throws IOException {
        this.index = index;
        cleanupAt = in.readLong();
        moreKeys = 0;
        counted.clear();
        DedupKeys.Key key = new DedupKeys.Key();
        for (int n = in.readInt(); n > 0; n--) {
            String text = in.readUTF();
            boolean order = text.startsWith(ShopEvent.ORDER_KEY_PREFIX);
            key.of(
                    order,
                    text.substring(
                            order
                                    ? ShopEvent.ORDER_KEY_PREFIX.length()
                                    : ShopEvent.EVENT_KEY_PREFIX.length()));
            counted.add(key, in.readLong());
        }
    }
}
