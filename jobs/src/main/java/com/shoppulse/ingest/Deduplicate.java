package com.shoppulse.ingest;

import com.shoppulse.events.ShopEvent;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.roaringbitmap.RoaringBitmap;

/**
 * Passes the first on-time copy of each event, with its user's dense index; keyed by user id.
 * Copies of a counted event (same {@link ShopEvent#dedupKey()} from the same user) are counted in
 * {@code eventsDuplicate}; late events that are no copy go to {@link RejectInvalid#REJECTED} as
 * dead letters and are counted in {@code eventsLate}.
 *
 * <p>Copies first: a producer that re-sends after a restart (at least once) re-sends events the
 * windows have already closed over; they are duplicates, not news that came too late.
 *
 * <p>Keyed by user, not by dedup key, so that one shuffle and one state lookup per event serve both
 * jobs: de-duplication, and the index that lets windows count distinct users exactly in compressed
 * bitmaps. An order's copies come from the user who placed it, so nothing is lost by scoping dedup
 * keys to their user.
 *
 * <p>A user's keys live in their {@link UserLedger}, read and written whole, while they are {@link
 * #INLINE_KEYS} at most: one state access for the handful of keys most users have. With one more,
 * all of the user's keys go to a map state of their own, one entry per key, and stay there. On
 * RocksDB, the shipped backend, a ledger grown with a user who sends thousands of events a day (a
 * crawler, a load test under a few user ids) would be copied in full at every write, and its cost
 * grow with its size. A ledger that kept its first keys beside the map would carry them through
 * every read and write-back, some 400 bytes per user and checkpoint instead of 30: under {@code
 * ./bench/run.sh alert-latency}'s load of 100,000 such users, the job wrote 2.5 times as much to
 * disk and its de-duplication thread took about a third more CPU.
 *
 * <p>A dedup key is remembered until the watermark passes its event time plus {@code
 * retentionMillis}: the largest window plus the allowed lateness, after which any copy would be
 * dropped as late anyway. A user with nothing left to remember is forgotten, index included: every
 * window that counted them has closed, so a new index later cannot split one window's count.
 *
 * <p>Clean-up costs no state read for most users, whose keys all fit in the ledger: their one timer
 * stands within the hour after their newest key expires, moved on as newer keys come, and forgets
 * the user whole, since by then every key of theirs has expired; the timer carries the user's index
 * (as its namespace, in a timer service of its own) to hand it back. Expired keys of a user who
 * keeps coming back go as the user's next event reads the ledger anyway. Only a user with keys in
 * the map has timers that read the ledger and scan the map: within the hour after their oldest key
 * expires, then {@link #MAP_SCANS_PER_RETENTION} times per retention at most. On RocksDB such a
 * read is of a key not touched for a day, rarely cached: reading every user's ledger at their
 * clean-up had cost as much CPU as reading it for each of their events.
 *
 * <p>Each user's clean-ups fall on a second of the hour of their own (their index's), so that a
 * timer moves at most once an hour and the clean-ups of an hour's users spread over the next hour.
 * On the hour, all at once, they held up one watermark, and every window closing behind it: {@code
 * ./bench/run.sh cleanup} forgot its 100,000 users in one step of 376-407 ms; spread, the worst
 * step takes 8-45 ms, for about half as much work again in all (a few µs a user).
 *
 * <p>Ledgers read or written since the last checkpoint stay on the heap, up to {@code
 * maxCachedLedgers} of them, and go back to the keyed state at the next checkpoint, in its
 * synchronous part, or when there are more. A user's events come in sessions, so most events find
 * their ledger there: on RocksDB a read and a write of the ledger per event had been a tenth of the
 * job's CPU in a profile of {@code ./bench/run.sh backlog}. Nothing is lost in a crash: a restore
 * goes back to the checkpoint and the input with it.
 *
 * <p>An operator rather than a {@code KeyedProcessFunction} only so that it can write the ledgers
 * back, under each user's key, when a checkpoint is taken. Its state, timers included, keeps the
 * names the function had, so that checkpoints of either restore into the other.
 *
 * <p>Indexes are unique across subtasks without coordination: subtask {@code i} of {@code p} hands
 * out {@code base + i, base + i + p, ...}. Each subtask checkpoints its next free index as union
 * state, so after a restore, at any parallelism, every subtask starts above the highest index ever
 * handed out.
 *
 * <p>A forgotten user's index is handed out again, before any new one, by the subtask that forgot
 * them. Indexes are ints: a job that only ever drew new ones would run out after some two billion
 * users (a shop's users who come back after more than the retention draw one each time; ids made up
 * per event, at 20,000 events/s, in 30 hours) and then fail at every restart. Reused, the indexes
 * in use stay as many as the users remembered at once, and the windows' bitmaps stay dense. The
 * released indexes are checkpointed as a bitmap, split among the subtasks on a restore, so that
 * each goes to one of them only.
 */
public final class Deduplicate extends AbstractStreamOperator<CountedEvent>
        implements OneInputStreamOperator<CheckedEvent, CountedEvent>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    private static final long SECOND_MILLIS = 1_000;
    private static final int SECONDS_PER_HOUR = 3_600;
    private static final long HOUR_MILLIS = SECONDS_PER_HOUR * SECOND_MILLIS;
    static final int INLINE_KEYS = 16;

    /**
     * The millisecond of a forget-all clean-up's second; a scan's is 0. Releases before indexes
     * were handed out again forgot at {@link #FORGET_ALL_WITHOUT_INDEX}, in {@link #timers}.
     */
    private static final long FORGET_ALL = 2;

    private static final long FORGET_ALL_WITHOUT_INDEX = 1;

    /**
     * How many ledgers a subtask keeps on the heap between checkpoints: some 400 bytes each, so 8
     * MB, and enough for the sessions of a backlog read at 20,000 events/s.
     */
    private static final int MAX_CACHED_LEDGERS = 20_000;

    /**
     * How often, per retention, a user's map of keys is scanned at most. Each scan reads every key
     * in it, so hourly scans would read each key of a user who never stops some 25 times; a quarter
     * of the retention apart, about five, at the price of keeping keys up to that much longer.
     */
    static final int MAP_SCANS_PER_RETENTION = 4;

    private final long retentionMillis;
    private final int maxCachedLedgers;
    private transient ValueState<UserLedger> ledgers;
    private transient Map<String, UserLedger> cached;
    private transient MapState<String, Long> moreKeys;
    private transient InternalTimerService<VoidNamespace> timers;

    /** Forget-all clean-ups by the index of the user they forget. */
    private transient InternalTimerService<Integer> forgets;

    private transient ListState<Integer> nextIndexState;
    private transient int nextIndex;
    private transient int stride;

    /** Indexes of users forgotten here, to hand out again. */
    private transient RoaringBitmap released;

    private transient ListState<byte[]> releasedState;
    private transient Counter duplicates;
    private transient Counter late;
    private transient Counter usersForgotten;
    private transient Counter indexesReused;
    private transient DedupKeys.Key probe;

    public Deduplicate(long retentionMillis) {
        this(retentionMillis, MAX_CACHED_LEDGERS);
    }

    Deduplicate(long retentionMillis, int maxCachedLedgers) {
        this.retentionMillis = retentionMillis;
        this.maxCachedLedgers = maxCachedLedgers;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        nextIndexState =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("next-user-index", Integer.class));
        int base = 0;
        for (Integer restored : nextIndexState.get()) {
            base = Math.max(base, restored);
        }
        stride = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        nextIndex = base + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        releasedState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "released-user-indexes",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        released = new RoaringBitmap();
        for (byte[] restored : releasedState.get()) {
            released.or(readBitmap(restored));
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        ledgers =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("user-ledger", UserLedger.class));
        moreKeys =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "more-dedup-keys", Types.STRING, Types.LONG));
        cached = new HashMap<>();
        timers = getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this);
        forgets = getInternalTimerService("user-forgets", IntSerializer.INSTANCE, new Forget());
        duplicates = getMetricGroup().counter("eventsDuplicate");
        late = getMetricGroup().counter("eventsLate");
        usersForgotten = getMetricGroup().counter("usersForgotten");
        indexesReused = getMetricGroup().counter("userIndexesReused");
        probe = new DedupKeys.Key();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        writeBack();
        super.snapshotState(context);
        nextIndexState.update(Collections.singletonList(nextIndex));
        releasedState.update(Collections.singletonList(writeBitmap(released)));
    }

    @Override
    public void processElement(StreamRecord<CheckedEvent> record) throws Exception {
        CheckedEvent checked = record.getValue();
        ShopEvent event = checked.event;
        DedupKeys.Key key = probe.of(event);
        UserLedger ledger = ledger();
        long oldest = Long.MAX_VALUE;
        if (ledger != null) {
            oldest = ledger.counted.removeUpTo(expiredAt(timers.currentWatermark()));
            if (ledger.counted.contains(key)
                    || ledger.moreKeys > 0 && moreKeys.contains(event.dedupKey())) {
                duplicates.inc();
                return;
            }
        }
        if (checked.isLate()) {
            late.inc();
            output.collect(RejectInvalid.REJECTED, record.replace(checked.late));
            return;
        }
        if (ledger == null) {
            ledger = new UserLedger(newIndex());
            cached.put(currentUser(), ledger);
        }
        if (ledger.moreKeys == 0 && ledger.counted.size() < INLINE_KEYS) {
            ledger.counted.add(key, event.eventTimeMillis);
        } else {
            if (ledger.counted.size() > 0) {
                moveKeysToMap(ledger);
            }
            moreKeys.put(event.dedupKey(), event.eventTimeMillis);
            ledger.moreKeys++;
        }
        if (ledger.moreKeys == 0) {
            moveCleanup(ledger, forgetAllAt(ledger));
        } else if (ledger.cleanupAt == UserLedger.NO_CLEANUP || forgetsAll(ledger.cleanupAt)) {
            moveCleanup(ledger, scanAt(ledger, Math.min(oldest, event.eventTimeMillis)));
        }
        output.collect(record.replace(new CountedEvent(event, ledger.index)));
        if (cached.size() > maxCachedLedgers) {
            writeBack();
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long timestamp = timer.getTimestamp();
        UserLedger ledger = ledger();
        if (forgetsAll(timestamp)) {
            // Set by a release that kept forget-all clean-ups here, without the index.
            if (ledger != null) {
                forget(ledger.index);
            }
            return;
        }
        if (ledger == null || ledger.cleanupAt != timestamp) {
            return;
        }
        ledger.cleanupAt = UserLedger.NO_CLEANUP;
        long expired = expiredAt(timestamp);
        long oldest = ledger.counted.removeUpTo(expired);
        if (ledger.moreKeys > 0) {
            ledger.moreKeys = 0;
            for (Iterator<Long> times = moreKeys.values().iterator(); times.hasNext(); ) {
                long time = times.next();
                if (time <= expired) {
                    times.remove();
                } else {
                    oldest = Math.min(oldest, time);
                    ledger.moreKeys++;
                }
            }
            if (ledger.moreKeys == 0) {
                // The heap backend keeps an emptied map as an entry of its own.
                moreKeys.clear();
            }
        }
        if (ledger.counted.size() == 0 && ledger.moreKeys == 0) {
            forget(ledger.index);
            return;
        }
        long due =
                ledger.moreKeys > 0
                        ? scanAt(
                                ledger,
                                Math.max(
                                        oldest,
                                        expired + retentionMillis / MAP_SCANS_PER_RETENTION))
                        : forgetAllAt(ledger);
        moveCleanup(ledger, due);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

    private String currentUser() {
        return (String) getCurrentKey();
    }

    /** The current user's ledger, from the heap if read or written since the last write-back. */
    private UserLedger ledger() throws Exception {
        String user = currentUser();
        UserLedger ledger = cached.get(user);
        if (ledger == null) {
            ledger = ledgers.value();
            if (ledger != null) {
                cached.put(user, ledger);
            }
        }
        return ledger;
    }

    /** Moves the keys in the user's ledger to the map, so that the ledger holds none. */
    private void moveKeysToMap(UserLedger ledger) throws Exception {
        Map<String, Long> keys = new HashMap<>();
        ledger.counted.copyTo(keys);
        moreKeys.putAll(keys);
        ledger.moreKeys += keys.size();
        ledger.counted.clear();
    }

    /** A released index if there is one, else the next that this subtask has never handed out. */
    private int newIndex() {
        if (!released.isEmpty()) {
            int index = released.first();
            released.remove(index);
            indexesReused.inc();
            return index;
        }
        int index = nextIndex;
        nextIndex = Math.addExact(nextIndex, stride);
        return index;
    }

    /** Forgets the current user, whose index is {@code index}. */
    private void forget(int index) {
        released.add(index);
        usersForgotten.inc();
        cached.remove(currentUser());
        ledgers.clear();
    }

    /** Fires the forget-all clean-ups, which carry the index: forgetting reads no state. */
    private final class Forget implements Triggerable<String, Integer> {
        @Override
        public void onEventTime(InternalTimer<String, Integer> timer) {
            forget(timer.getNamespace());
        }

        @Override
        public void onProcessingTime(InternalTimer<String, Integer> timer) {}
    }

    private static byte[] writeBitmap(RoaringBitmap bitmap) throws IOException {
        bitmap.runOptimize();
        DataOutputSerializer out = new DataOutputSerializer(bitmap.serializedSizeInBytes());
        bitmap.serialize(out);
        return out.getCopyOfBuffer();
    }

    private static RoaringBitmap readBitmap(byte[] bytes) throws IOException {
        RoaringBitmap bitmap = new RoaringBitmap();
        bitmap.deserialize(new DataInputDeserializer(bytes));
        return bitmap;
    }

    /** Writes every ledger on the heap to the keyed state, each under its user's key. */
    private void writeBack() throws Exception {
        Object current = getCurrentKey();
        for (Map.Entry<String, UserLedger> entry : cached.entrySet()) {
            setCurrentKey(entry.getKey());
            ledgers.update(entry.getValue());
        }
        cached.clear();
        if (current != null) {
            setCurrentKey(current);
        }
    }

    /** Keys of events at or before the returned time have expired at {@code watermark}. */
    private long expiredAt(long watermark) {
        return watermark < Long.MIN_VALUE + retentionMillis
                ? Long.MIN_VALUE
                : watermark - retentionMillis;
    }

    /**
     * When to read the user's ledger and scan their map: the first time after a key of {@code
     * eventTime} expires that is the user's second of the hour.
     */
    private long scanAt(UserLedger ledger, long eventTime) {
        long second = Math.floorMod(ledger.index, SECONDS_PER_HOUR) * SECOND_MILLIS;
        long expires = eventTime + retentionMillis - second;
        return Math.floorDiv(expires + HOUR_MILLIS - 1, HOUR_MILLIS) * HOUR_MILLIS + second;
    }

    /**
     * When to forget a user whose keys are all in the ledger: {@link #FORGET_ALL} milliseconds past
     * the time a scan for the newest would be, which tells this timer from a scan's.
     */
    private long forgetAllAt(UserLedger ledger) {
        return scanAt(ledger, ledger.counted.newest()) + FORGET_ALL;
    }

    /**
     * Whether a clean-up at {@code cleanupAt} forgets the user whole, with a timer in {@link
     * #forgets} or, set by an earlier release, in {@link #timers}.
     */
    private static boolean forgetsAll(long cleanupAt) {
        long millis = Math.floorMod(cleanupAt, SECOND_MILLIS);
        return millis == FORGET_ALL || millis == FORGET_ALL_WITHOUT_INDEX;
    }

    /** Replaces the user's clean-up timer, if it is another, with one at {@code due}. */
    private void moveCleanup(UserLedger ledger, long due) {
        if (ledger.cleanupAt == due) {
            return;
        }
        if (ledger.cleanupAt != UserLedger.NO_CLEANUP) {
            if (carriesIndex(ledger.cleanupAt)) {
                forgets.deleteEventTimeTimer(ledger.index, ledger.cleanupAt);
            } else {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, ledger.cleanupAt);
            }
        }
        ledger.cleanupAt = due;
        if (carriesIndex(due)) {
            forgets.registerEventTimeTimer(ledger.index, due);
        } else {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, due);
        }
    }

    private static boolean carriesIndex(long cleanupAt) {
        return Math.floorMod(cleanupAt, SECOND_MILLIS) == FORGET_ALL;
    }
}
