package com.shoppulse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shoppulse.events.EventType;
import java.io.IOException;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.ValueTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class KpiAccumulatorTest {
    @Test
    void countsDistinctUsersAndBuyersExactly() {
        KpiAccumulator acc = new KpiAccumulator();
        for (int user = 0; user < 100_000; user++) {
            add(acc, user % 40_000, user % 1000 == 0 ? 1 : 0);
        }

        assertThat(acc.users.getLongCardinality()).isEqualTo(40_000);
        assertThat(acc.buyers.getLongCardinality()).isEqualTo(40);
        assertThat(acc.views).isEqualTo(100_000 - 100);
        assertThat(acc.orders).isEqualTo(100);
        assertThat(acc.contributions).isEqualTo(100_000);
    }

    @Test
    void mergeIsAUnionOfUsers() {
        KpiAccumulator a = new KpiAccumulator();
        add(a, 1, 0);
        add(a, 2, 1);
        KpiAccumulator b = new KpiAccumulator();
        add(b, 2, 0);
        add(b, 3, 1);

        a.merge(b);

        assertThat(a.users.getLongCardinality()).isEqualTo(3);
        assertThat(a.buyers.getLongCardinality()).isEqualTo(2);
        assertThat(a.contributions).isEqualTo(4);
    }

    @Test
    void flinkSerializesItAsAValueAndItRoundTrips() throws Exception {
        TypeInformation<KpiAccumulator> type = TypeInformation.of(KpiAccumulator.class);
        assertThat(type).isInstanceOf(ValueTypeInfo.class);
        TypeSerializer<KpiAccumulator> serializer =
                type.createSerializer(new ExecutionConfig().getSerializerConfig());
        KpiAccumulator acc = new KpiAccumulator();
        for (int user = 0; user < 1_000_000; user += 3) {
            add(acc, user, user % 999 == 0 ? 1 : 0);
        }

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(acc, out);
        KpiAccumulator copy =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy.users).isEqualTo(acc.users);
        assertThat(copy.buyers).isEqualTo(acc.buyers);
        assertThat(copy.revenueMinor).isEqualTo(acc.revenueMinor);
        assertThat(copy.contributions).isEqualTo(acc.contributions);
        // 333,334 users in about 130 KB: well under a byte per user for dense indexes.
        assertThat(out.length()).isLessThan(333_334);
    }

    /** A view of {@code user}, or an order of one item for 19.99 when {@code orders} is 1. */
    private static void add(KpiAccumulator acc, int user, int orders) {
        if (orders > 0) {
            acc.add(user, EventType.ORDER, 1, 1999);
        } else {
            acc.add(user, EventType.VIEW, 0, 0);
        }
    }

    @Test
    void stateRoundTripsWithItsFormatVersion() throws Exception {
        KpiAccumulator written = sample();
        DataOutputSerializer out = new DataOutputSerializer(64);
        written.write(out);

        KpiAccumulator read = new KpiAccumulator();
        read.read(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(out.getCopyOfBuffer()[0]).isEqualTo((byte) 'S');
        assertSameTotals(read, written);
    }

    @Test
    void readsStateOfTheFirstFormatWithoutAHeader() throws Exception {
        KpiAccumulator written = sample();
        // Format 1, as releases before the header wrote it.
        DataOutputSerializer out = new DataOutputSerializer(64);
        written.users.serialize(out);
        written.buyers.serialize(out);
        for (long field :
                new long[] {
                    written.views,
                    written.addToCarts,
                    written.orders,
                    written.itemsSold,
                    written.revenueMinor,
                    written.contributions
                }) {
            out.writeLong(field);
        }

        KpiAccumulator read = new KpiAccumulator();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        read.read(in);

        assertSameTotals(read, written);
        assertThat(in.available()).isZero();
    }

    @Test
    void refusesStateOfANewerFormatSayingWhatToDo() {
        DataOutputSerializer out = new DataOutputSerializer(8);
        assertThatThrownBy(
                        () -> {
                            out.writeInt(0x5350_0000 | (KpiAccumulator.FORMAT_VERSION + 1));
                            new KpiAccumulator()
                                    .read(new DataInputDeserializer(out.getCopyOfBuffer()));
                        })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is newer than this release reads");
    }

    private static KpiAccumulator sample() {
        KpiAccumulator a = new KpiAccumulator();
        for (int user = 0; user < 5_000; user += 3) {
            a.add(user, EventType.VIEW, 0, 0);
        }
        a.add(70_000, EventType.ORDER, 3, 123_45);
        a.add(7, EventType.ADD_TO_CART, 0, 0);
        return a;
    }

    private static void assertSameTotals(KpiAccumulator read, KpiAccumulator written) {
        assertThat(read.users).isEqualTo(written.users);
        assertThat(read.buyers).isEqualTo(written.buyers);
        assertThat(read)
                .usingRecursiveComparison()
                .ignoringFields("users", "buyers")
                .isEqualTo(written);
    }
}
