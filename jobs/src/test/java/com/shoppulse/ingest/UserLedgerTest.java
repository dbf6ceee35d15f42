package com.shoppulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link UserLedger} and its {@link DedupKeys}, against a map of the keys' texts as the model. */
class UserLedgerTest {

    /** A random id: mostly canonical UUIDs, some in upper case, some free text, some colliding. */
    private static String id(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return UUID.randomUUID().toString().toUpperCase();
            case 1:
                return "o-" + random.nextInt(50);
            case 2:
                // "Aa" and "BB" have the same String.hashCode, the text keys' fingerprint.
                return random.nextBoolean() ? "Aa" : "BB";
            default:
                return new UUID(random.nextLong(), random.nextLong()).toString();
        }
    }

    @Test
    void agreesWithTheKeysTextsThroughAddsCleanUpsAndSnapshots() throws IOException {
        Random random = new Random(7);
        for (int user = 0; user < 300; user++) {
            Map<String, Long> model = new HashMap<>();
            UserLedger ledger = new UserLedger(user);
            DedupKeys.Key key = new DedupKeys.Key();
            // Up to 200 keys, more than Deduplicate keeps in one, which this class does not limit.
            int steps = random.nextInt(user % 3 == 0 ? 400 : 40);
            Map<String, Long> sent = new HashMap<>();
            for (int step = 0; step < steps; step++) {
                boolean order = random.nextBoolean();
                String id =
                        !sent.isEmpty() && random.nextInt(4) == 0
                                ? sent.keySet().iterator().next()
                                : id(random);
                String text = (order ? "order:" : "event:") + id;
                // Out of order, as events come from a producer's retries.
                long time = step * 1000L - random.nextInt(30_000);
                key.of(order, id);
                assertThat(ledger.counted.contains(key)).isEqualTo(model.containsKey(text));
                if (!model.containsKey(text)) {
                    ledger.counted.add(key, time);
                    model.put(text, time);
                    sent.put(id, time);
                }
                if (random.nextInt(50) == 0) {
                    long upTo = time - random.nextInt(20_000);
                    model.values().removeIf(t -> t <= upTo);
                    long oldest = ledger.counted.removeUpTo(upTo);
                    assertThat(oldest)
                            .isEqualTo(
                                    model.values().stream()
                                            .min(Long::compare)
                                            .orElse(Long.MAX_VALUE));
                }
                if (random.nextInt(100) == 0) {
                    ledger = roundTrip(ledger);
                }
                assertThat(ledger.counted.size()).isEqualTo(model.size());
                assertThat(ledger.counted.newest())
                        .isEqualTo(
                                model.values().stream().max(Long::compare).orElse(Long.MIN_VALUE));
            }
            UserLedger restored = roundTrip(ledger);
            for (String text : model.keySet()) {
                boolean order = text.startsWith("order:");
                assertThat(restored.counted.contains(key.of(order, text.substring(6)))).isTrue();
            }
            assertThat(restored.counted.size()).isEqualTo(model.size());
            assertThat(restored.index).isEqualTo(user);
        }
    }

    @Test
    void readsTheFirstFormatWhichKeptEachKeyAsText() throws IOException {
        String uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(42);
        out.writeLong(7_200_000L);
        out.writeInt(2);
        out.writeUTF("event:" + uuid);
        out.writeLong(1_000L);
        out.writeUTF("order:o-1");
        out.writeLong(2_000L);

        UserLedger ledger = new UserLedger();
        ledger.read(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(ledger.index).isEqualTo(42);
        assertThat(ledger.cleanupAt).isEqualTo(7_200_000L);
        DedupKeys.Key key = new DedupKeys.Key();
        assertThat(ledger.counted.contains(key.of(false, uuid))).isTrue();
        assertThat(ledger.counted.contains(key.of(true, uuid))).isFalse();
        assertThat(ledger.counted.contains(key.of(true, "o-1"))).isTrue();
        assertThat(ledger.counted.removeUpTo(1_500L)).isEqualTo(2_000L);
    }

    @Test
    void keepsTheCountOfKeysKeptApartAndReadsTheSecondFormatAsHavingNone() throws IOException {
        DedupKeys.Key key = new DedupKeys.Key().of(false, "e-1");
        UserLedger ledger = new UserLedger(3);
        ledger.cleanupAt = 7_200_000L;
        ledger.counted.add(key, 1_000L);
        ledger.moreKeys = 1234;
        assertThat(roundTrip(ledger).moreKeys).isEqualTo(1234);

        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(UserLedger.FORMAT_2);
        out.writeInt(3);
        out.writeLong(7_200_000L);
        ledger.counted.write(out);
        UserLedger second = new UserLedger();
        second.read(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(second.index).isEqualTo(3);
        assertThat(second.cleanupAt).isEqualTo(7_200_000L);
        assertThat(second.counted.contains(key)).isTrue();
        assertThat(second.moreKeys).isZero();
    }

    @Test
    void refusesAFormatFromANewerVersion() {
        DataOutputSerializer out = new DataOutputSerializer(8);
        assertThatThrownBy(
                        () -> {
                            out.writeInt(UserLedger.FORMAT_3 + 1);
                            new UserLedger().read(new DataInputDeserializer(out.getCopyOfBuffer()));
                        })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("restore with a newer build");
    }

    private static UserLedger roundTrip(UserLedger ledger) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ledger.write(out);
        UserLedger copy = new UserLedger();
        copy.read(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(copy.cleanupAt).isEqualTo(ledger.cleanupAt);
        assertThat(copy.moreKeys).isEqualTo(ledger.moreKeys);
        return copy;
    }
}
