package com.shoppulse.ingest;

import static com.shoppulse.ingest.TestEvents.at;
import static com.shoppulse.ingest.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import com.shoppulse.events.EventType;
import com.shoppulse.events.RejectReason;
import com.shoppulse.events.ShopEvent;
import com.shoppulse.harness.OperatorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeduplicateTest {
    private static final long RETENTION = Duration.ofHours(2).toMillis();

    private static final int MAX_PARALLELISM = 128;
    private static int eventIds;
    private static long checkpoints;

    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            harness() throws Exception {
        return harness(1, 0);
    }

    /** A harness on RocksDB, the shipped backend, or on the heap; not opened yet. */
    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            harness(boolean rocksDb) throws Exception {
        return on(harness(), rocksDb);
    }

    /** The same, its operator's metrics kept by {@code metrics}. */
    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            harness(boolean rocksDb, OperatorMetrics metrics) throws Exception {
        return on(
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new Deduplicate(RETENTION),
                        CheckedEvent::userId,
                        Types.STRING,
                        metrics.environment()),
                rocksDb);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent> on(
            KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent> harness,
            boolean rocksDb) {
        if (rocksDb) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        return harness;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            harness(int parallelism, int subtask) throws Exception {
        return harness(RETENTION, parallelism, subtask);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            harness(long retention, int parallelism, int subtask) throws Exception {
        return harness(new Deduplicate(retention), parallelism, subtask);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            harness(
                    OneInputStreamOperator<CheckedEvent, CountedEvent> operator,
                    int parallelism,
                    int subtask)
                    throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                operator,
                CheckedEvent::userId,
                Types.STRING,
                MAX_PARALLELISM,
                parallelism,
                subtask);
    }

    /**
     * Has the opened {@code before} count e1 of u1 at {@code t}, snapshots and closes it; the
     * operator restored from that snapshot, opened.
     */
    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            restoredAfterE1OfU1(
                    KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
                            before,
                    long t)
                    throws Exception {
        before.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);
        OperatorSubtaskState snapshot = before.snapshot(1, t);
        before.close();
        var after = harness();
        after.initializeState(snapshot);
        after.open();
        return after;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            opened() throws Exception {
        var harness = harness();
        harness.open();
        return harness;
    }

    @Test
    void passesTheFirstCopyOnly() throws Exception {
        var harness = opened();
        ShopEvent first = view("e1", "u1", at("2026-11-23T10:00:00Z"));

        harness.processElement(CheckedEvent.onTime(first), first.eventTimeMillis);
        harness.processElement(
                CheckedEvent.onTime(view("e1", "u1", first.eventTimeMillis)),
                first.eventTimeMillis);
        harness.processElement(
                CheckedEvent.onTime(view("e2", "u1", first.eventTimeMillis)),
                first.eventTimeMillis);

        assertThat(harness.extractOutputValues())
                .extracting(c -> c.event.eventId)
                .containsExactly("e1", "e2");
    }

    @Test
    void anOrderResentWithANewEventIdIsOneOrder() throws Exception {
        var harness = opened();
        long t = at("2026-11-23T10:00:00Z");

        harness.processElement(CheckedEvent.onTime(order("e1", "o1", t)), t);
        harness.processElement(CheckedEvent.onTime(order("e9", "o1", t + 1000)), t + 1000);

        assertThat(harness.extractOutputValues())
                .extracting(c -> c.event.eventId)
                .containsExactly("e1");
    }

    /** A harness that has counted two views of user u1, e1 at {@code t} and e2 90 min later. */
    private static KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>
            twoViewsOfU1(long t) throws Exception {
        var harness = opened();
        harness.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);
        harness.processElement(CheckedEvent.onTime(view("e2", "u1", t + 90 * 60_000)), t);
        return harness;
    }

    @Test
    void forgetsAUserWithinAnHourOfTheRetentionOfTheirLastEvent() throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        var harness = twoViewsOfU1(t);
        int index = harness.extractOutputValues().get(0).userIndex;

        harness.processWatermark(t + RETENTION + 30 * 60_000);
        harness.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);
        assertThat(harness.extractOutputValues()).as("e1 forgotten, e2 not").hasSize(3);
        harness.processElement(CheckedEvent.onTime(view("e2", "u1", t)), t);
        assertThat(harness.extractOutputValues()).hasSize(3);

        harness.processWatermark(t + 90 * 60_000 + RETENTION + 60 * 60_000);
        writeBack(harness);
        assertThat(harness.numKeyedStateEntries()).isZero();
        harness.processElement(CheckedEvent.onTime(view("e3", "u1", t)), t);
        assertThat(harness.extractOutputValues().get(3).userIndex)
                .as("u1's index, released when u1 was forgotten, is the first handed out again")
                .isEqualTo(index);
    }

    /**
     * A shop's users come and go: here ten new ones each time the last ten are forgotten, twenty
     * times over. The indexes stay as many as the users remembered at once. On RocksDB, the shipped
     * backend, the clean-ups that carry the indexes are timers in RocksDB too.
     */
    @ParameterizedTest(name = "RocksDB: {0}")
    @ValueSource(booleans = {false, true})
    void theIndexesOfForgottenUsersAreHandedOutAgain(boolean rocksDb) throws Exception {
        try (OperatorMetrics metrics = new OperatorMetrics(MAX_PARALLELISM);
                var harness = harness(rocksDb, metrics)) {
            harness.open();
            long t = at("2026-11-23T10:00:00Z");
            Set<Integer> handedOut = new HashSet<>();
            for (int round = 0; round < 20; round++) {
                List<String> users = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    users.add("r" + round + "-u" + i);
                }
                Map<String, Integer> indexes = feedAt(harness, users, t);
                assertThat(indexes).hasSize(10);
                handedOut.addAll(indexes.values());
                t += RETENTION + 2 * 60 * 60_000;
                harness.processWatermark(t - 1);
            }

            assertThat(handedOut).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(metrics.count("usersForgotten")).isEqualTo(200);
            assertThat(metrics.count("userIndexesReused")).isEqualTo(190);
        }
    }

    /**
     * A job restored from a checkpoint of a release that drew a new index for every user, close to
     * the last one an int holds, goes on with the indexes of the users it forgets: before, its
     * second new user had made it fail, and fail again at every restart.
     */
    @Test
    void aJobNearTheLastIndexGoesOnWithTheIndexesOfUsersItForgot() throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        long forgetAt = at("2026-11-23T12:00:00.001Z");
        var before =
                harness(
                        new KeyedProcessOperator<>(
                                new AsAFunction(7, forgetAt, Integer.MAX_VALUE - 1)),
                        1,
                        0);
        before.open();
        var after = restoredAfterE1OfU1(before, t);
        after.processWatermark(forgetAt);
        assertThat(ledgerOf(after, "u1")).as("u1 forgotten").isNull();

        long later = forgetAt + 60_000;
        for (String user : List.of("u2", "u3")) {
            after.processElement(CheckedEvent.onTime(view("e-" + user, user, later)), later);
        }
        after.processWatermark(later + RETENTION + 60 * 60_000 + 1_000);
        for (String user : List.of("u5", "u6")) {
            after.processElement(CheckedEvent.onTime(view("e-" + user, user, later)), later);
        }

        assertThat(after.extractOutputValues())
                .extracting(c -> c.event.userId + "@" + c.userIndex)
                .containsExactly(
                        "u2@7",
                        "u3@" + (Integer.MAX_VALUE - 1),
                        "u5@7",
                        "u6@" + (Integer.MAX_VALUE - 1));
    }

    /**
     * A user whose keys all fit in the ledger has one clean-up timer, at the hour after their
     * newest key expires (two milliseconds past it), moved on as newer events come; it forgets the
     * user whole.
     */
    @Test
    void aUserWithAFewKeysHasOneTimerAtTheHourAfterTheNewestExpires() throws Exception {
        var harness = opened();
        long t = at("2026-11-23T10:00:00Z");
        harness.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);
        assertThat(ledgerOf(harness, "u1").cleanupAt).isEqualTo(at("2026-11-23T12:00:00.002Z"));

        harness.processElement(CheckedEvent.onTime(view("e2", "u1", t + 90 * 60_000)), t);
        harness.processElement(CheckedEvent.onTime(view("e3", "u1", t + 15 * 60_000)), t);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(ledgerOf(harness, "u1").cleanupAt).isEqualTo(at("2026-11-23T14:00:00.002Z"));

        harness.processWatermark(at("2026-11-23T14:00:00Z"));
        assertThat(ledgerOf(harness, "u1").counted.size()).isEqualTo(3);
        harness.processWatermark(at("2026-11-23T14:00:00.002Z"));
        assertThat(ledgerOf(harness, "u1")).isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /**
     * The clean-ups of users whose keys expire in the same hour spread over the next hour, each on
     * the second of its user's index, instead of holding up one watermark with all of them.
     */
    @Test
    void theCleanUpsOfAnHoursUsersSpreadOverTheNextHour() throws Exception {
        var harness = opened();
        long t = at("2026-11-23T10:00:00Z");
        for (int user = 0; user < 3_600; user++) {
            harness.processElement(CheckedEvent.onTime(view("e" + user, "user" + user, t)), t);
        }

        harness.processWatermark(at("2026-11-23T12:00:00Z"));
        assertThat(harness.numEventTimeTimers()).as("no user forgotten early").isEqualTo(3_600);
        harness.processWatermark(at("2026-11-23T12:00:00.002Z"));
        assertThat(harness.numEventTimeTimers()).as("index 0 at 12:00").isEqualTo(3_599);
        harness.processWatermark(at("2026-11-23T12:30:00.002Z"));
        assertThat(harness.numEventTimeTimers()).as("up to index 1800 by 12:30").isEqualTo(1_799);
        harness.processWatermark(at("2026-11-23T12:59:59.002Z"));
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.processElement(CheckedEvent.onTime(view("e3599", "user3599", t)), t);
        assertThat(harness.extractOutputValues()).as("forgotten, so counted again").hasSize(3_601);
    }

    /**
     * Checkpoints of earlier versions hold clean-up timers on the hour, set for the oldest key:
     * such a timer reads the ledger and forgets only what has expired.
     */
    @Test
    void aCleanUpTimerOnTheHourForgetsOnlyExpiredKeys() throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        var harness = twoViewsOfU1(t);
        long earlierVersionsCleanup = at("2026-11-23T12:00:00Z");
        setCleanup(harness, "u1", earlierVersionsCleanup);

        harness.processWatermark(earlierVersionsCleanup);
        UserLedger ledger = ledgerOf(harness, "u1");
        assertThat(ledger.counted.size()).as("e1 gone, e2 kept").isEqualTo(1);
        assertThat(ledger.cleanupAt).isEqualTo(at("2026-11-23T14:00:00.002Z"));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processElement(CheckedEvent.onTime(view("e2", "u1", t)), t);
        assertThat(harness.extractOutputValues()).hasSize(2);

        harness.processWatermark(at("2026-11-23T14:00:00.002Z"));
        assertThat(ledgerOf(harness, "u1")).isNull();
    }

    /** Puts the user's clean-up timer at {@code at}, as an earlier version would have. */
    private static void setCleanup(
            KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent> harness,
            String user,
            long at)
            throws Exception {
        var operator = (Deduplicate) harness.getOperator();
        var timers =
                operator.getInternalTimerService(
                        "user-timers", VoidNamespaceSerializer.INSTANCE, operator);
        UserLedger ledger = ledgerOf(harness, user);
        operator.getInternalTimerService("user-forgets", IntSerializer.INSTANCE, null)
                .deleteEventTimeTimer(ledger.index, ledger.cleanupAt);
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
        ledger.cleanupAt = at;
        ledgerState(harness).update(ledger);
    }

    @Test
    void aUserKeepsOneIndexAndUsersNeverShareOne() throws Exception {
        var harness = opened();

        Map<String, Integer> indexes = feed(harness, List.of("ann", "bob", "ann", "cat", "bob"));

        assertThat(indexes).containsOnlyKeys("ann", "bob", "cat");
        assertThat(indexes.values()).doesNotHaveDuplicates();
    }

    @Test
    void indexesStayUniqueAfterScalingFromTwoSubtasksToOne() throws Exception {
        var first = harness(2, 0);
        var second = harness(2, 1);
        first.open();
        second.open();
        Map<String, Integer> before = new HashMap<>();
        for (String user : List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8")) {
            int subtask =
                    KeyGroupRangeAssignment.assignKeyToParallelOperator(user, MAX_PARALLELISM, 2);
            before.putAll(feed(subtask == 0 ? first : second, List.of(user)));
        }
        assertThat(before.values()).doesNotHaveDuplicates();
        OperatorSubtaskState merged =
                AbstractStreamOperatorTestHarness.repackageState(
                        first.snapshot(1, 0), second.snapshot(1, 0));

        var rescaled = harness(1, 0);
        rescaled.initializeState(
                AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        merged, MAX_PARALLELISM, 2, 1, 0));
        rescaled.open();
        Map<String, Integer> after = feed(rescaled, List.of("u1", "u5", "newcomer", "another"));

        assertThat(after.get("u1")).isEqualTo(before.get("u1"));
        assertThat(after.get("u5")).isEqualTo(before.get("u5"));
        assertThat(before.values()).doesNotContain(after.get("newcomer"), after.get("another"));
        assertThat(after.get("newcomer")).isNotEqualTo(after.get("another"));
    }

    /**
     * Released indexes are split among the subtasks on a restore, each going to one only, and
     * merged again when they scale in: no two users remembered at once ever share an index.
     */
    @Test
    void releasedIndexesGoToOneSubtaskEachAcrossRescales() throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        long forgotten = t + RETENTION + 60 * 60_000 + 1_000;
        var single = opened();
        feedAt(single, List.of("a", "b", "c", "d", "e", "f"), t);
        Map<String, Integer> stay = feedAt(single, List.of("g", "h"), forgotten);
        single.processWatermark(forgotten);
        OperatorSubtaskState onOne = single.snapshot(1, forgotten);

        List<KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent>> two =
                new ArrayList<>();
        Map<String, Integer> scaledOut = new HashMap<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            var harness = harness(2, subtask);
            harness.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(
                            onOne, MAX_PARALLELISM, 1, 2, subtask));
            harness.open();
            scaledOut.putAll(feedAt(harness, usersOf(subtask, 2, "out", 6), forgotten));
            two.add(harness);
        }
        assertThat(scaledOut.values())
                .as("the six released indexes are handed out again, none twice")
                .containsAll(List.of(0, 1, 2, 3, 4, 5))
                .doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(stay.values());

        long later = forgotten + RETENTION + 60 * 60_000 + 1_000;
        List<OperatorSubtaskState> onTwo = new ArrayList<>();
        for (var harness : two) {
            harness.processWatermark(later);
            onTwo.add(harness.snapshot(2, later));
        }
        var scaledIn = harness(1, 0);
        scaledIn.initializeState(
                AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        AbstractStreamOperatorTestHarness.repackageState(
                                onTwo.toArray(OperatorSubtaskState[]::new)),
                        MAX_PARALLELISM,
                        2,
                        1,
                        0));
        scaledIn.open();
        Set<Integer> released = new HashSet<>(stay.values());
        released.addAll(scaledOut.values());
        Map<String, Integer> back = feedAt(scaledIn, usersOf(0, 1, "in", released.size()), later);

        assertThat(back.values())
                .as("the indexes released by both subtasks, handed out again before any new one")
                .containsExactlyInAnyOrderElementsOf(released);
    }

    /** {@code n} users whose key the subtask {@code subtask} of {@code parallelism} holds. */
    private static List<String> usersOf(int subtask, int parallelism, String prefix, int n) {
        List<String> users = new ArrayList<>();
        for (int i = 0; users.size() < n; i++) {
            String user = prefix + i;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            user, MAX_PARALLELISM, parallelism)
                    == subtask) {
                users.add(user);
            }
        }
        return users;
    }

    /** One view at {@code time} per entry of {@code users}; the index each user got. */
    private static Map<String, Integer> feedAt(
            KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent> harness,
            List<String> users,
            long time)
            throws Exception {
        harness.getOutput().clear();
        for (String user : users) {
            harness.processElement(CheckedEvent.onTime(view("e" + (++eventIds), user, time)), time);
        }
        Map<String, Integer> indexes = new HashMap<>();
        for (CountedEvent out : harness.extractOutputValues()) {
            Integer previous = indexes.put(out.event.userId, out.userIndex);
            assertThat(previous == null || previous == out.userIndex).isTrue();
        }
        return indexes;
    }

    /** One view per entry of {@code users}, each a new event; the index each user got. */
    private static Map<String, Integer> feed(
            KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent> harness,
            List<String> users)
            throws Exception {
        return feedAt(harness, users, 0);
    }

    @Test
    void remembersAcrossARestoreFromASnapshot() throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        var after = restoredAfterE1OfU1(opened(), t);
        after.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);

        assertThat(after.extractOutputValues()).isEmpty();
    }

    /**
     * Past {@link Deduplicate#INLINE_KEYS} keys, a user's ledger moves them all to the map, where
     * each keeps its meaning: an id kept as a UUID's bits, an id kept as text, an order's id.
     */
    @ParameterizedTest(name = "RocksDB: {0}")
    @ValueSource(booleans = {false, true})
    void aUserPastTheLedgersKeysHasThemAllInTheMapAndEveryCopyIsFound(boolean rocksDb)
            throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        var harness = harness(rocksDb);
        harness.open();
        List<ShopEvent> copies = new ArrayList<>();
        for (int i = 0; i < Deduplicate.INLINE_KEYS; i++) {
            String id =
                    i % 2 == 0 ? new UUID(0x9e3779b97f4a7c15L * (i + 1), i).toString() : "x" + i;
            boolean order = i % 4 >= 2;
            harness.processElement(
                    CheckedEvent.onTime(order ? order("e" + i, id, t + i) : view(id, "u1", t + i)),
                    t);
            copies.add(order ? order("resent" + i, id, t + 1_000 + i) : view(id, "u1", t + i));
        }
        assertThat(ledgerOf(harness, "u1").counted.size()).isEqualTo(Deduplicate.INLINE_KEYS);

        harness.processElement(CheckedEvent.onTime(view("one more", "u1", t + 500)), t);
        UserLedger ledger = ledgerOf(harness, "u1");
        assertThat(ledger.counted.size()).isZero();
        assertThat(ledger.moreKeys).isEqualTo(Deduplicate.INLINE_KEYS + 1);
        for (ShopEvent copy : copies) {
            harness.processElement(CheckedEvent.onTime(copy), t);
        }
        assertThat(harness.extractOutputValues())
                .as("every copy a duplicate")
                .hasSize(Deduplicate.INLINE_KEYS + 1);
    }

    /**
     * A ledger that an earlier version wrote holds its first keys beside those in the map; the
     * user's next new key moves them to the map, and no key is lost on the way.
     */
    @Test
    void aLedgerWithKeysBesideTheMapMovesThemThereWithTheNextKey() throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        var harness = opened();
        harness.getOperator().getKeyedStateBackend().setCurrentKey("u1");
        UserLedger earlier = new UserLedger(7);
        DedupKeys.Key key = new DedupKeys.Key();
        for (int i = 0; i < Deduplicate.INLINE_KEYS; i++) {
            earlier.counted.add(key.of(false, "in" + i), t);
        }
        earlier.moreKeys = 2;
        ledgerState(harness).update(earlier);
        MapStateDescriptor<String, Long> map =
                new MapStateDescriptor<>("more-dedup-keys", Types.STRING, Types.LONG);
        var more =
                harness.getOperator()
                        .getKeyedStateBackend()
                        .getPartitionedState(
                                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, map);
        more.put(ShopEvent.EVENT_KEY_PREFIX + "apart0", t);
        more.put(ShopEvent.EVENT_KEY_PREFIX + "apart1", t);

        harness.processElement(CheckedEvent.onTime(view("new", "u1", t)), t);
        UserLedger ledger = ledgerOf(harness, "u1");
        assertThat(ledger.counted.size()).isZero();
        assertThat(ledger.moreKeys).isEqualTo(Deduplicate.INLINE_KEYS + 3);
        for (int i = 0; i < Deduplicate.INLINE_KEYS; i++) {
            harness.processElement(CheckedEvent.onTime(view("in" + i, "u1", t)), t);
        }
        harness.processElement(CheckedEvent.onTime(view("apart1", "u1", t)), t);
        assertThat(harness.extractOutputValues())
                .extracting(c -> c.event.eventId + "@" + c.userIndex)
                .containsExactly("new@7");
    }

    /**
     * A crawler's thousand events, two hours of them: its ledger, read and written per event, keeps
     * none of its keys, the map state all of them, and through a snapshot and clean-ups no key is
     * lost before its time or kept after it. On both state backends: on RocksDB, the shipped one, a
     * ledger holding every key had been copied whole per event.
     */
    @ParameterizedTest(name = "RocksDB: {0}")
    @ValueSource(booleans = {false, true})
    void aUserWithThousandsOfEventsKeepsThemInTheMapAndForgetsNothingEarly(boolean rocksDb)
            throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        var before = harness(rocksDb);
        before.open();
        for (int i = 0; i < 1000; i++) {
            before.processElement(CheckedEvent.onTime(view("c" + i, "crawler", t + i * 7_200L)), t);
        }
        assertThat(before.extractOutputValues()).hasSize(1000);
        int index = before.extractOutputValues().get(0).userIndex;
        OperatorSubtaskState snapshot = before.snapshot(1, t);
        before.close();

        var after = harness(rocksDb);
        after.initializeState(snapshot);
        after.open();
        UserLedger ledger = ledgerOf(after, "crawler");
        assertThat(ledger.counted.size()).isZero();
        assertThat(ledger.moreKeys).isEqualTo(1000);
        for (int i = 999; i >= 0; i--) {
            after.processElement(CheckedEvent.onTime(view("c" + i, "crawler", t + i * 7_200L)), t);
        }
        assertThat(after.extractOutputValues()).as("every copy a duplicate").isEmpty();

        // Clean-ups at 12:00 and 13:00 forget the events up to 11:00, c0 to c500.
        after.processWatermark(t + RETENTION + 3_600_000);
        ledger = ledgerOf(after, "crawler");
        assertThat(ledger.counted.size() + ledger.moreKeys).isEqualTo(499);
        after.processElement(CheckedEvent.onTime(view("c500", "crawler", t)), t);
        after.processElement(CheckedEvent.onTime(view("c501", "crawler", t)), t);
        assertThat(after.extractOutputValues())
                .as("c500 forgotten, c501 not, the user still known")
                .extracting(c -> c.event.eventId + "@" + c.userIndex)
                .containsExactly("c500@" + index);

        after.processWatermark(t + 2 * RETENTION + 3 * 3_600_000);
        assertThat(ledgerOf(after, "crawler")).isNull();
        assertThat(
                        after.getOperator()
                                .getKeyedStateBackend()
                                .getPartitionedState(
                                        VoidNamespace.INSTANCE,
                                        VoidNamespaceSerializer.INSTANCE,
                                        new MapStateDescriptor<>(
                                                "more-dedup-keys", Types.STRING, Types.LONG))
                                .isEmpty())
                .isTrue();
        if (!rocksDb) {
            assertThat(after.numKeyedStateEntries()).isZero();
        }
    }

    /**
     * The map of a user's keys is read whole at each clean-up, so it is scanned a quarter of the
     * retention apart at most, not every hour; no key goes before its time.
     */
    @Test
    void aUsersMapOfKeysIsScannedAQuarterOfTheRetentionApart() throws Exception {
        long retention = Duration.ofHours(8).toMillis();
        var harness = harness(retention, 1, 0);
        harness.open();
        long t = at("2026-11-23T10:00:00Z");
        for (int i = 0; i < 1000; i++) {
            harness.processElement(
                    CheckedEvent.onTime(view("c" + i, "crawler", t + i * 7_200L)), t);
        }

        harness.processWatermark(t + retention);
        UserLedger ledger = ledgerOf(harness, "crawler");
        assertThat(ledger.counted.size() + ledger.moreKeys).as("c0 gone at 18:00").isEqualTo(999);
        harness.processWatermark(t + retention + 3_600_000);
        ledger = ledgerOf(harness, "crawler");
        assertThat(ledger.counted.size() + ledger.moreKeys)
                .as("no scan at 19:00, two hours after the last")
                .isEqualTo(999);
        harness.processElement(CheckedEvent.onTime(view("c999", "crawler", t)), t);
        assertThat(harness.extractOutputValues()).hasSize(1000);

        harness.processWatermark(t + retention + 2 * 3_600_000);
        assertThat(ledgerOf(harness, "crawler")).as("all gone at 20:00").isNull();
    }

    /** The user's ledger as the next checkpoint will hold it. */
    private static UserLedger ledgerOf(
            KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent> harness,
            String user)
            throws Exception {
        writeBack(harness);
        harness.getOperator().getKeyedStateBackend().setCurrentKey(user);
        return ledgerState(harness).value();
    }

    /** Has the operator write the ledgers it holds on the heap to the keyed state. */
    private static void writeBack(
            KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent> harness)
            throws Exception {
        harness.snapshot(++checkpoints, 0);
    }

    /** The ledger state of the harness's current key. */
    private static ValueState<UserLedger> ledgerState(
            KeyedOneInputStreamOperatorTestHarness<String, CheckedEvent, CountedEvent> harness)
            throws Exception {
        return harness.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>("user-ledger", UserLedger.class));
    }

    /**
     * Ledgers stay on the heap until there are more than the operator may hold, or a checkpoint is
     * taken; every copy is found either way.
     */
    @Test
    void ledgersGoToTheKeyedStateWhenTooManyOrAtACheckpoint() throws Exception {
        var harness = harness(new Deduplicate(RETENTION, 2), 1, 0);
        harness.open();
        long t = at("2026-11-23T10:00:00Z");
        harness.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);
        harness.processElement(CheckedEvent.onTime(view("e2", "u2", t)), t);
        assertThat(harness.numKeyedStateEntries()).as("two on the heap").isZero();

        harness.processElement(CheckedEvent.onTime(view("e3", "u3", t)), t);
        assertThat(harness.numKeyedStateEntries()).as("three written back").isEqualTo(3);

        harness.processElement(CheckedEvent.onTime(view("e4", "u1", t)), t);
        assertThat(ledgerOf(harness, "u1").counted.size())
                .as("u1's second key, written back at a checkpoint")
                .isEqualTo(2);
        for (String copy : List.of("e1:u1", "e2:u2", "e3:u3", "e4:u1")) {
            String[] idAndUser = copy.split(":");
            harness.processElement(CheckedEvent.onTime(view(idAndUser[0], idAndUser[1], t)), t);
        }
        assertThat(harness.extractOutputValues())
                .extracting(c -> c.event.eventId)
                .containsExactly("e1", "e2", "e3", "e4");
    }

    /**
     * Checkpoints taken while de-duplication was a {@code KeyedProcessFunction} restore here: the
     * state has the same names, the timers' included. {@link AsAFunction} keeps its state as that
     * function did.
     */
    @Test
    void restoresACheckpointOfTheFunctionItWas() throws Exception {
        long t = at("2026-11-23T10:00:00Z");
        long forgetAt = at("2026-11-23T12:00:00.001Z");
        var before = harness(new KeyedProcessOperator<>(new AsAFunction(7, forgetAt, 9)), 1, 0);
        before.open();
        var after = restoredAfterE1OfU1(before, t);
        after.processElement(CheckedEvent.onTime(view("e1", "u1", t)), t);
        after.processElement(CheckedEvent.onTime(view("e2", "u1", t)), t);
        after.processElement(CheckedEvent.onTime(view("e3", "u2", t)), t);
        assertThat(after.extractOutputValues())
                .extracting(c -> c.event.eventId + "@" + c.userIndex)
                .containsExactly("e2@7", "e3@9");

        after.processWatermark(forgetAt);
        assertThat(ledgerOf(after, "u1"))
                .as("e2 moved the timer on, to u1's second of the hour, its index's")
                .isNotNull();
        after.processWatermark(at("2026-11-23T12:00:07.002Z"));
        assertThat(ledgerOf(after, "u1")).as("forgotten by the moved timer").isNull();
    }

    /** Writes a user's ledger, clean-up timer and the next index as the function did. */
    private static final class AsAFunction
            extends KeyedProcessFunction<String, CheckedEvent, CountedEvent>
            implements CheckpointedFunction {
        private final int index;
        private final long cleanupAt;
        private final int nextIndex;
        private transient ListState<Integer> next;

        AsAFunction(int index, long cleanupAt, int nextIndex) {
            this.index = index;
            this.cleanupAt = cleanupAt;
            this.nextIndex = nextIndex;
        }

        @Override
        public void processElement(CheckedEvent checked, Context ctx, Collector<CountedEvent> out)
                throws Exception {
            UserLedger ledger = new UserLedger(index);
            ledger.counted.add(
                    new DedupKeys.Key().of(checked.event), checked.event.eventTimeMillis);
            ledger.cleanupAt = cleanupAt;
            getRuntimeContext()
                    .getState(new ValueStateDescriptor<>("user-ledger", UserLedger.class))
                    .update(ledger);
            ctx.timerService().registerEventTimeTimer(cleanupAt);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            next =
                    context.getOperatorStateStore()
                            .getUnionListState(
                                    new ListStateDescriptor<>("next-user-index", Integer.class));
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            next.update(List.of(nextIndex));
        }
    }

    @Test
    void aLateCopyOfACountedEventIsADuplicateAndALateNewEventADeadLetter() throws Exception {
        try (OperatorMetrics metrics = new OperatorMetrics(MAX_PARALLELISM);
                var harness = harness(false, metrics)) {
            harness.open();
            long t = at("2026-11-23T10:00:00Z");
            ShopEvent counted = view("e1", "u1", t);
            harness.processElement(CheckedEvent.onTime(counted), t);

            harness.processElement(CheckedEvent.late(view("e1", "u1", t), letter("e1")), t);
            harness.processElement(CheckedEvent.late(view("e2", "u1", t), letter("e2")), t);
            harness.processElement(CheckedEvent.onTime(view("e2", "u1", t)), t);

            assertThat(harness.extractOutputValues())
                    .extracting(c -> c.event.eventId)
                    .containsExactly("e1", "e2");
            assertThat(harness.getSideOutput(RejectInvalid.REJECTED))
                    .extracting(r -> r.getValue().payload)
                    .containsExactly("e2");
            assertThat(metrics.count("eventsDuplicate")).isEqualTo(1);
            assertThat(metrics.count("eventsLate")).isEqualTo(1);
        }
    }

    private static DeadLetter letter(String payload) {
        return DeadLetter.of(
                TestEvents.raw(payload, "t", 0, 1, 0),
                RejectReason.LATE,
                "late",
                0,
                DeadLetter.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    private static ShopEvent order(String eventId, String orderId, long time) {
        ShopEvent e = view(eventId, "u1", time);
        e.type = EventType.ORDER;
        e.orderId = orderId;
        return e;
    }
}
