package com.shoppulse.metrics;

import com.shoppulse.events.EventType;
import java.io.IOException;
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
 * instead of a reflective Kryo dump.
 */
public class KpiAccumulator implements Value {
    private static final long serialVersionUID = 1L;

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
        users.deserialize(in);
        buyers.deserialize(in);
        views = in.readLong();
        addToCarts = in.readLong();
        orders = in.readLong();
        itemsSold = in.readLong();
        revenueMinor = in.readLong();
        contributions = in.readLong();
    }
}
