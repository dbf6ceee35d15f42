package com.shoppulse.metrics;

import com.shoppulse.kpi.Kpi;
import com.shoppulse.kpi.KpiRow;
import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.util.List;
import org.apache.flink.api.java.typeutils.runtime.DataInputViewStream;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;
import org.roaringbitmap.RoaringBitmap;

/**
 * The running totals of one window for one (dimension, value): one slot per {@link Kpi#measured()}
 * KPI, a sum or a set of users.
 *
 * <p>Distinct users are kept as compressed bitmaps of dense user indexes: exact at any size, about
 * one to two bytes per user in a window when indexes are dense, and a union or cardinality is
 * cheap. A hash set of user ids would cost ~50 bytes per user per window; a HyperLogLog would be
 * small but only approximate.
 *
 * <p>Implements Flink's {@link Value} so state is written with the bitmap's own compact format
 * instead of a reflective Kryo dump. The format carries a version and says what each slot holds, so
 * that a later release can still read the windows of a savepoint this one wrote, and this one those
 * of the releases before: a KPI added since starts from zero in the windows restored.
 */
public class KpiAccumulator implements Value {
    private static final long serialVersionUID = 1L;

    /**
     * The high half of the first int of a versioned record ("SP"). The first format had no header
     * and began with a bitmap, whose first two bytes are its cookie, 0x3A or 0x3B then 0x30: never
     * this.
     */
    private static final int FORMAT_MARK = 0x5350;

    /**
     * 1: no header (until 2026-12); 2: a header, then the fields of 1; 3: a header, the number of
     * slots, and each slot with a tag saying whether it holds a sum or users.
     */
    static final int FORMAT_VERSION = 3;

    private static final byte SUM = 0;
    private static final byte USERS = 1;

    /** The slots of formats 1 and 2, which had a field for each of these. */
    private static final List<Kpi> FIXED_FORMAT_USERS = List.of(Kpi.ACTIVE_USERS, Kpi.BUYERS);

    private static final List<Kpi> FIXED_FORMAT_SUMS =
            List.of(Kpi.VIEWS, Kpi.ADD_TO_CARTS, Kpi.ORDERS, Kpi.ITEMS_SOLD, Kpi.REVENUE);

    private static final Kpi.Amount[] AMOUNTS =
            Kpi.measured().stream().map(Kpi::amount).toArray(Kpi.Amount[]::new);
    private static final Kpi.UserTest[] USER_TESTS =
            Kpi.measured().stream().map(Kpi::userTest).toArray(Kpi.UserTest[]::new);

    /** By slot: the users of a distinct-users KPI; null for a sum. */
    private final RoaringBitmap[] users = new RoaringBitmap[AMOUNTS.length];

    /** By slot: the total of a sum; zero for users. */
    private final long[] sums = new long[AMOUNTS.length];

    /** How many contributions went in: grows with every late update, so it versions the row. */
    public long contributions;

    public KpiAccumulator() {
        for (int slot = 0; slot < users.length; slot++) {
            if (USER_TESTS[slot] != null) {
                users[slot] = new RoaringBitmap();
            }
        }
    }

    /**
     * Adds what one event brings to this breakdown, from the user with dense index {@code user}.
     */
    public void add(int user, Kpi.Contribution contribution) {
        for (int slot = 0; slot < sums.length; slot++) {
            if (AMOUNTS[slot] != null) {
                sums[slot] += AMOUNTS[slot].of(contribution);
            } else if (USER_TESTS[slot].counts(contribution)) {
                users[slot].add(user);
            }
        }
        contributions++;
    }

    public void merge(KpiAccumulator other) {
        for (int slot = 0; slot < sums.length; slot++) {
            if (users[slot] != null) {
                users[slot].or(other.users[slot]);
            } else {
                sums[slot] += other.sums[slot];
            }
        }
        contributions += other.contributions;
    }

    /** The users of a distinct-users KPI. */
    public RoaringBitmap users(Kpi kpi) {
        return users[kpi.slot()];
    }

    /** The total of a measured KPI: a sum, or the number of distinct users. */
    public long total(Kpi kpi) {
        int slot = kpi.slot();
        return users[slot] != null ? users[slot].getLongCardinality() : sums[slot];
    }

    /** Sets the measured KPIs of {@code row} to these totals. */
    public void totalsInto(KpiRow row) {
        for (Kpi kpi : Kpi.measured()) {
            row.set(kpi, total(kpi));
        }
        row.version = contributions;
    }

    @Override
    public void write(DataOutputView out) throws IOException {
        out.writeInt(FORMAT_MARK << 16 | FORMAT_VERSION);
        out.writeInt(sums.length);
        for (int slot = 0; slot < sums.length; slot++) {
            if (users[slot] != null) {
                out.writeByte(USERS);
                users[slot].runOptimize();
                users[slot].serialize(out);
            } else {
                out.writeByte(SUM);
                out.writeLong(sums[slot]);
            }
        }
        out.writeLong(contributions);
    }

    @Override
    public void read(DataInputView in) throws IOException {
        int head = in.readInt();
        if (head >>> 16 != FORMAT_MARK) {
            readFixedFormat(firstFormat(head, in));
            return;
        }
        int version = head & 0xFFFF;
        if (version == 2) {
            readFixedFormat(in);
            return;
        }
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "KPI window state of format "
                            + version
                            + " is newer than this release reads ("
                            + FORMAT_VERSION
                            + "): restore it with the release that wrote it, or a later one");
        }
        clear();
        int slots = in.readInt();
        if (slots > sums.length) {
            throw new IOException(
                    "KPI window state with "
                            + slots
                            + " KPIs, more than this release knows ("
                            + sums.length
                            + "): restore it with the release that wrote it, or a later one");
        }
        for (int slot = 0; slot < slots; slot++) {
            byte tag = in.readByte();
            if (tag != (users[slot] != null ? USERS : SUM)) {
                throw new IOException(
                        "KPI window state holds "
                                + (tag == USERS ? "users" : "a sum")
                                + " where this release keeps "
                                + Kpi.measured().get(slot).column()
                                + ": KPIs were reordered in Kpi, which only ever adds at the end");
            }
            if (tag == USERS) {
                users[slot].deserialize(in);
            } else {
                sums[slot] = in.readLong();
            }
        }
        contributions = in.readLong();
    }

    private void clear() {
        for (int slot = 0; slot < sums.length; slot++) {
            if (users[slot] != null) {
                users[slot].clear();
            }
            sums[slot] = 0;
        }
    }

    /** Formats 1 and 2: two bitmaps, then five sums and the contributions. */
    private void readFixedFormat(DataInput in) throws IOException {
        clear();
        for (Kpi kpi : FIXED_FORMAT_USERS) {
            users[kpi.slot()].deserialize(in);
        }
        for (Kpi kpi : FIXED_FORMAT_SUMS) {
            sums[kpi.slot()] = in.readLong();
        }
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
