package com.shoppulse.ingest;

import com.shoppulse.events.EventType;
import com.shoppulse.events.ShopEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
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
 * <p>It holds a handful of keys ({@link Deduplicate} keeps more apart), found by a scan.
 */
final class DedupKeys {
    private static final byte EVENT = 0;
    private static final byte ORDER = 1;
    private static final byte TEXT = 2;

    private byte[] kinds = new byte[4];
    private long[] highs = new long[4];
    private long[] lows = new long[4];
    private String[] texts = new String[4];
    private long[] times = new long[4];
    private int size;

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
    }

    int size() {
        return size;
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
        size = kept;
        return oldest;
    }

    /** The time of the newest key; {@link Long#MIN_VALUE} if there is none. */
    long newest() {
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            newest = Math.max(newest, times[i]);
        }
        return newest;
    }

    /** Puts each key into {@code keys} as its {@link ShopEvent#dedupKey()}, with its time. */
    void copyTo(Map<String, Long> keys) {
        for (int i = 0; i < size; i++) {
            String id = (kinds[i] & TEXT) != 0 ? texts[i] : new UUID(highs[i], lows[i]).toString();
            keys.put(ShopEvent.dedupKey((kinds[i] & ORDER) != 0, id), times[i]);
        }
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
    }

    boolean contains(Key key) {
        for (int i = 0; i < size; i++) {
            if (matches(i, key)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(int slot, Key key) {
        return lows[slot] == key.low
                && highs[slot] == key.high
                && kinds[slot] == key.kind
                && (key.text == null || key.text.equals(texts[slot]));
    }
}
