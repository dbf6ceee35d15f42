package com.shoppulse.ingest;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * One user's counted dedup keys ({@link ShopEvent#dedupKey()}), each with its event's time.
 *
 * <p>An id that is a UUID in canonical lower-case form, as producers usually send, is kept as its
 * 128 bits: a third of the memory and snapshot bytes of the text, and no string to build and hash
 * per event (both had been a tenth of the job's CPU). Any other id is kept as text, compared in
 * full, so that two ids are one key exactly when their texts are equal.
 *
 * <p>A user has a handful of keys, found by a scan; from {@link #INDEXED_FROM} keys on, a hash
 * table finds them, so that a producer that sends endless events under one user id costs linear
 * time.
 */
final class DedupKeys {
    static final int INDEXED_FROM = 16;

    private static final byte EVENT = 0;
    private static final byte ORDER = 1;
    private static final byte TEXT = 2;

    private byte[] kinds = new byte[4];
    private long[] highs = new long[4];
    private long[] lows = new long[4];
    private String[] texts = new String[4];
    private long[] times = new long[4];
    private int size;

    /** Slot of each key plus one, by hash with linear probing; null below {@link #INDEXED_FROM}. */
    private int[] table;

    /**
     * A key to look up or add, filled in place so that the per-event path allocates nothing. Its
     * kind says event or order, and whether the id is held as bits or as text.
     */
    static final class Key {
        byte kind;
        long high;
        long low;
        String text;

        Key of(ShopEvent event) {
            boolean order = event.type == EventType.ORDER;
            return of(order, order ? event.orderId : event.eventId);
        }

        Key of(boolean order, String id) {
            byte base = order ? ORDER : EVENT;
            if (parseUuid(id)) {
                kind = base;
                text = null;
            } else {
                kind = (byte) (TEXT | base);
                high = 0;
                low = id.hashCode();
                text = id;
            }
            return this;
        }

        private boolean parseUuid(String id) {
            if (id.length() != 36) {
                return false;
            }
            long h = 0;
            long l = 0;
            int digits = 0;
            for (int i = 0; i < 36; i++) {
                char c = id.charAt(i);
                if (i == 8 || i == 13 || i == 18 || i == 23) {
                    if (c != '-') {
                        return false;
                    }
                    continue;
                }
                int v;
                if (c >= '0' && c <= '9') {
                    v = c - '0';
                } else if (c >= 'a' && c <= 'f') {
                    v = c - 'a' + 10;
                } else {
                    return false;
                }
                if (digits++ < 16) {
                    h = h << 4 | v;
                } else {
                    l = l << 4 | v;
                }
            }
            high = h;
            low = l;
            return true;
        }

        int hash() {
            long x = high * 0x9E3779B97F4A7C15L ^ low ^ kind;
            x *= 0xBF58476D1CE4E5B9L;
            return (int) (x ^ x >>> 31);
        }
    }

    int size() {
        return size;
    }

    boolean contains(Key key) {
        return find(key) >= 0;
    }

    /** Adds {@code key} (not yet contained) with its event time. */
    void add(Key key, long time) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            highs = Arrays.copyOf(highs, capacity);
            lows = Arrays.copyOf(lows, capacity);
            texts = Arrays.copyOf(texts, capacity);
            times = Arrays.copyOf(times, capacity);
        }
        kinds[size] = key.kind;
        highs[size] = key.high;
        lows[size] = key.low;
        texts[size] = key.text;
        times[size] = time;
        size++;
        if (table != null && size * 2 <= table.length) {
            insert(size - 1, key.hash());
        } else {
            reindex();
        }
    }

    /** Forgets the keys of events at or before {@code time}; returns the oldest time left. */
    long removeUpTo(long time) {
        int kept = 0;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            if (times[i] > time) {
                kinds[kept] = kinds[i];
                highs[kept] = highs[i];
                lows[kept] = lows[i];
                texts[kept] = texts[i];
                times[kept] = times[i];
                oldest = Math.min(oldest, times[i]);
                kept++;
            }
        }
        Arrays.fill(texts, kept, size, null);
        if (kept != size) {
            size = kept;
            reindex();
        }
        return oldest;
    }

    void write(DataOutputView out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeByte(kinds[i]);
            if ((kinds[i] & TEXT) == 0) {
                out.writeLong(highs[i]);
                out.writeLong(lows[i]);
            } else {
                out.writeUTF(texts[i]);
            }
            out.writeLong(times[i]);
        }
    }

    void read(DataInputView in) throws IOException {
        clear();
        Key key = new Key();
        for (int n = in.readInt(); n > 0; n--) {
            key.kind = in.readByte();
            if ((key.kind & TEXT) == 0) {
                key.high = in.readLong();
                key.low = in.readLong();
                key.text = null;
            } else {
                key.text = in.readUTF();
                key.high = 0;
                key.low = key.text.hashCode();
            }
            add(key, in.readLong());
        }
    }

    void clear() {
        Arrays.fill(texts, 0, size, null);
        size = 0;
        table = null;
    }

    private int find(Key key) {
        if (table == null) {
            for (int i = 0; i < size; i++) {
                if (matches(i, key)) {
                    return i;
                }
            }
            return -1;
        }
        int mask = table.length - 1;
        for (int at = key.hash() & mask; table[at] != 0; at = (at + 1) & mask) {
            if (matches(table[at] - 1, key)) {
                return table[at] - 1;
            }
        }
        return -1;
    }

    private boolean matches(int slot, Key key) {
        return lows[slot] == key.low
                && highs[slot] == key.high
                && kinds[slot] == key.kind
                && (key.text == null || key.text.equals(texts[slot]));
    }

    private void reindex() {
        if (size < INDEXED_FROM) {
            table = null;
            return;
        }
        table = new int[Integer.highestOneBit(size * 4 - 1)];
        Key key = new Key();
        for (int i = 0; i < size; i++) {
            key.kind = kinds[i];
            key.high = highs[i];
            key.low = lows[i];
            insert(i, key.hash());
        }
    }

    private void insert(int slot, int hash) {
        int mask = table.length - 1;
        int at = hash & mask;
        while (table[at] != 0) {
            at = (at + 1) & mask;
        }
        table[at] = slot + 1;
    }
}
