package com.shoppulse.metrics;

import com.shoppulse.events.EventType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import org.apache.flink.api.java.typeutils.runtime.DataInputViewStream;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;
import org.roaringbitmap.RoaringBitmap;

/**
 * The running totals of one window for one (dimension, value).
 *
 * <p>Distinct users are kept as compressed bitmaps of dense user indexes: exact at any size, about
 * one to two bytes per user in a window when indexes are dense, and a union or cardinality is
 * cheap. A hash set of user ids would cost ~50 bytes per user per window; a HyperLogLog would be
 * small but only approximate.
 *
 * <p>Implements Flink's {@link Value} so state is written with the bitmap's own compact format
 * instead of a reflective Kryo dump. The format carries a version, so that a later release can
 * still read the windows of a savepoint this one wrote.
 */
public class KpiAccumulator implements Value {
    private static final long serialVersionUID = 1L;

    /**
     * The high half of the first int of a versioned record ("SP"). The first format had no header
     * and began with a bitmap, whose first two bytes are its cookie, 0x3A or 0x3B then 0x30: never
     * this.
     */
    private static final int FORMAT_MARK = 0x5350;

    /** 1: no header (until 2026-12); 2: a header, then the fields of 1. */
    static final int FORMAT_VERSION = 2;

    public final RoaringBitmap users = new RoaringBitmap();
    public final RoaringBitmap buyers = new RoaringBitmap();
    public long views;
    public long addToCarts;
    public long orders;
    public long itemsSold;
    public long revenueMinor;

    /** How many contributions went in: grows with every late update, so it versions the row. */
    public long contributions;

    /**
     * Adds one event of the user with dense index {@code user}: a view, an add-to-cart, or an order
     * with its items and revenue in this breakdown.
     */
    public void add(int user, EventType type, long items, long revenue) {
        users.add(user);
        switch (type) {
            case VIEW:
                views++;
                break;
            case ADD_TO_CART:
                addToCarts++;
                break;
            case ORDER:
                buyers.add(user);
                orders++;
                itemsSold += items;
                revenueMinor += revenue;
                break;
        }
        contributions++;
    }

    public void merge(KpiAccumulator other) {
        users.or(other.users);
        buyers.or(other.buyers);
        views += other.views;
        addToCarts += other.addToCarts;
        orders += other.orders;
        itemsSold += other.itemsSold;
        revenueMinor += other.revenueMinor;
        contributions += other.contributions;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        out.writeInt(FORMAT_MARK << 16 | FORMAT_VERSION);
        users.runOptimize();
        buyers.runOptimize();
        users.serialize(out);
        buyers.serialize(out);
        out.writeLong(views);
        out.writeLong(addToCarts);
        out.writeLong(orders);
        out.writeLong(itemsSold);
        out.writeLong(revenueMinor);
        out.writeLong(contributions);
    }

    @Override
    public void read(DataInputView in) throws IOException {
        int head = in.readInt();
        if (head >>> 16 == FORMAT_MARK) {
            int version = head & 0xFFFF;
            if (version != FORMAT_VERSION) {
                throw new IOException(
                        "KPI window state of format "
                                + version
                                + " is newer than this release reads ("
                                + FORMAT_VERSION
                                + "): restore it with the release that wrote it, or a later one");
            }
            users.deserialize(in);
        } else {
            users.deserialize(firstFormat(head, in));
        }
        buyers.deserialize(in);
        views = in.readLong();
        addToCarts = in.readLong();
        orders = in.readLong();
        itemsSold = in.readLong();
        revenueMinor = in.readLong();
        contributions = in.readLong();
    }

    /** The rest of a record of format 1, with the int already read put back in front. */
    private static DataInputStream firstFormat(int head, DataInputView in) {
        byte[] read = {
            (byte) (head >>> 24), (byte) (head >>> 16), (byte) (head >>> 8), (byte) head
        };
        return new DataInputStream(
                new SequenceInputStream(
                        new ByteArrayInputStream(read), new DataInputViewStream(in)));
    }
}
